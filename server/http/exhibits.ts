import express from "express";
import type { z } from "zod";
import { EXHIBITS } from "../../shared/domain/exhibits.ts";
import { type ExhibitCreated, ExhibitBody, type Ok } from "../../shared/protocol/http.ts";
import { ExhibitError, type Exhibits } from "../store/exhibits.ts";
import { type GuardDeps, body, fail, orgOfRequest, staffDid, staffWith, studentWith } from "./guard.ts";

export interface ExhibitDeps extends GuardDeps {
  exhibits: Exhibits;
}

/**
 * The exhibit wall over HTTP (server/store/exhibits.ts): staff send the picture of a work the
 * child agreed to show (the grant from the space says who and how), anyone signed in to the
 * organisation sees it, staff take any down and a child their own.
 */
export function exhibitRoutes(api: express.Router, deps: ExhibitDeps): void {
  api.post("/staff/exhibits", express.json({ limit: Math.ceil(EXHIBITS.maxBytes * 1.4) }), async (req, res) => {
    const staff = await staffWith(deps, "exhibitWork", req, res);
    if (!staff) return;
    const input = body(ExhibitBody, req, res);
    if (!input) return;
    try {
      const id = await deps.exhibits.add(staff.orgId, staff.id, input.grant, Buffer.from(input.image.slice(input.image.indexOf(",") + 1), "base64"));
      await staffDid(deps, staff, "add_exhibit", null, { exhibit: id });
      res.status(201).json({ id } satisfies z.input<typeof ExhibitCreated>);
    } catch (error) {
      if (!(error instanceof ExhibitError)) throw error;
      // Used, expired, or given to someone else: there is no such grant for this person.
      if (error.problem === "bad_grant") return fail(res, 404, "not_found");
      if (error.problem === "image_too_large") return fail(res, 413, "image_too_large");
      if (error.problem === "wall_full") return fail(res, 409, "wall_full");
      return fail(res, 415, "bad_image");
    }
  });

  api.delete("/staff/exhibits/:id", async (req, res) => {
    const staff = await staffWith(deps, "exhibitWork", req, res);
    if (!staff) return;
    if (!(await deps.exhibits.remove(staff.orgId, String(req.params.id)))) return fail(res, 404, "not_found");
    await staffDid(deps, staff, "remove_exhibit", null, { exhibit: String(req.params.id) });
    res.json({ ok: true } satisfies z.input<typeof Ok>);
  });

  /** A child takes their own work down, whenever they like. */
  api.delete("/me/exhibits/:id", async (req, res) => {
    const child = await studentWith(deps, "answerConsent", req, res); // a child, who chose to show it
    if (!child) return;
    if (!(await deps.exhibits.remove(child.orgId, String(req.params.id), child.id))) return fail(res, 404, "not_found");
    res.json({ ok: true } satisfies z.input<typeof Ok>);
  });

  /** A work's picture, for signed-in people of its organisation only. */
  api.get("/exhibits/:id", async (req, res) => {
    const orgId = await orgOfRequest(deps, req);
    if (!orgId) return fail(res, 401, "not_signed_in");
    const image = await deps.exhibits.image(orgId, String(req.params.id));
    if (!image) return fail(res, 404, "not_found");
    res.setHeader("Cache-Control", "private, max-age=3600");
    res.type(image.type).send(image.bytes);
  });
}
