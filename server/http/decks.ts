import express from "express";
import type { Request } from "express";
import type { z } from "zod";
import { DECK, PAGE_SIZES, type PageSize } from "../../shared/domain/deck.ts";
import { type DeckCreated, DeckPageBody, type DeckList, NewDeckBody, type Ok } from "../../shared/protocol/http.ts";
import { DeckError, type Decks } from "../store/decks.ts";
import { type GuardDeps, body, fail, orgOfRequest, staffDid, staffWith } from "./guard.ts";

export interface DeckDeps extends GuardDeps {
  decks: Decks;
}

/** A page's two images as data URLs, with room for base64 and the words. */
const PAGE_BODY_LIMIT = Math.ceil(((DECK.small.maxBytes + DECK.large.maxBytes) * 4) / 3) + DECK.textMaxChars * 8 + 4096;
const small = express.json({ limit: "16kb" });

/**
 * Decks for the lesson board over HTTP (server/store/decks.ts). Staff who may show decks upload
 * them page by page (the teacher's page turned the PDF or pictures into page images, so the
 * upload shows its progress and a dropped link loses one page, not the deck) and delete them;
 * anyone signed in to the organisation fetches a page's image in the size their screen needs.
 * Another organisation's deck is "not found", whoever asks.
 */
export function deckRoutes(api: express.Router, deps: DeckDeps): void {
  api.get("/staff/decks", async (req, res) => {
    const staff = await staffWith(deps, "showDeck", req, res);
    if (staff) res.json({ decks: await deps.decks.list(staff.orgId) } satisfies z.input<typeof DeckList>);
  });

  api.post("/staff/decks", small, async (req, res) => {
    const staff = await staffWith(deps, "showDeck", req, res);
    if (!staff) return;
    const input = body(NewDeckBody, req, res);
    if (!input) return;
    try {
      const id = await deps.decks.create(staff.orgId, staff.id, input.title, input.pages);
      await staffDid(deps, staff, "add_deck", null, { deck: id, pages: input.pages });
      res.status(201).json({ id } satisfies z.input<typeof DeckCreated>);
    } catch (error) {
      if (error instanceof DeckError) return fail(res, 409, "too_many_decks");
      throw error;
    }
  });

  api.put("/staff/decks/:id/pages/:page", express.json({ limit: PAGE_BODY_LIMIT }), async (req, res) => {
    const staff = await staffWith(deps, "showDeck", req, res);
    if (!staff) return;
    const page = pageOf(req);
    if (page === null) return fail(res, 404, "not_found");
    const input = body(DeckPageBody, req, res);
    if (!input) return;
    try {
      const ready = await deps.decks.putPage(staff.orgId, String(req.params.id), page, input.text, fromDataUrl(input.small), fromDataUrl(input.large));
      if (ready) await staffDid(deps, staff, "deck_ready", null, { deck: String(req.params.id) });
      res.json({ ready });
    } catch (error) {
      if (!(error instanceof DeckError)) throw error;
      if (error.problem === "not_found") return fail(res, 404, "not_found");
      if (error.problem === "image_too_large") return fail(res, 413, "image_too_large");
      return fail(res, 415, "bad_image");
    }
  });

  api.delete("/staff/decks/:id", async (req, res) => {
    const staff = await staffWith(deps, "showDeck", req, res);
    if (!staff) return;
    if (!(await deps.decks.remove(staff.orgId, String(req.params.id)))) return fail(res, 404, "not_found");
    await staffDid(deps, staff, "delete_deck", null, { deck: String(req.params.id) });
    res.json({ ok: true } satisfies z.input<typeof Ok>);
  });

  /** A page's image for anyone signed in to the deck's organisation; `?size=large` for big screens. */
  api.get("/decks/:id/pages/:page", async (req, res) => {
    const orgId = await orgOfRequest(deps, req);
    if (!orgId) return fail(res, 401, "not_signed_in");
    const page = pageOf(req);
    const size: PageSize = PAGE_SIZES.find((s) => s === req.query.size) ?? "small";
    const image = page === null ? null : await deps.decks.image(orgId, String(req.params.id), page, size);
    if (!image) return fail(res, 404, "not_found");
    // A deck's pages never change (a new deck has a new id): the browser may keep them for the lesson.
    res.setHeader("Cache-Control", "private, max-age=86400, immutable");
    res.type(image.type).send(image.bytes);
  });
}

function pageOf(req: Request): number | null {
  const page = Number(req.params.page);
  return Number.isInteger(page) && page >= 1 && page <= DECK.maxPages ? page : null;
}

function fromDataUrl(url: string): Buffer {
  return Buffer.from(url.slice(url.indexOf(",") + 1), "base64");
}
