import express from "express";
import { BOARD_MAX_BYTES, BoardBody } from "../../shared/protocol/http.ts";
import { BoardError, type Boards } from "../store/boards.ts";
import { type GuardDeps, body, fail, orgOfRequest, staffDid, staffWith } from "./guard.ts";

export interface BoardDeps extends GuardDeps {
  boards: Boards;
}

/**
 * The lesson board's picture: staff who may set it put one up (its own, larger body limit) or
 * take it down, audited; signed-in people of the same organisation see it.
 */
export function boardRoutes(api: express.Router, deps: BoardDeps): void {
  api.put("/staff/board", express.json({ limit: Math.ceil(BOARD_MAX_BYTES * 1.4) }), async (req, res) => {
    const staff = await staffWith(deps, "setBoard", req, res);
    if (!staff) return;
    const input = body(BoardBody, req, res);
    if (!input) return;
    const bytes = Buffer.from(input.image.slice(input.image.indexOf(",") + 1), "base64");
    if (bytes.length > BOARD_MAX_BYTES) return fail(res, 413, "bad_image");
    try {
      const board = await deps.boards.put(staff.orgId, bytes, input.title);
      await staffDid(deps, staff, "set_board", null, { bytes: bytes.length });
      res.json({ file: board.file, title: board.title });
    } catch (error) {
      if (error instanceof BoardError) return fail(res, 415, "bad_image");
      throw error;
    }
  });

  api.delete("/staff/board", async (req, res) => {
    const staff = await staffWith(deps, "setBoard", req, res);
    if (!staff) return;
    await deps.boards.clear(staff.orgId);
    await staffDid(deps, staff, "clear_board", null);
    res.json({ ok: true });
  });

  /** The board's picture, for signed-in people of the same organisation only. */
  api.get("/board/:file", async (req, res) => {
    const orgId = await orgOfRequest(deps, req);
    if (!orgId) return fail(res, 401, "not_signed_in");
    const picture = await deps.boards.picture(orgId, String(req.params.file));
    if (!picture) return fail(res, 404, "not_found");
    res.setHeader("Cache-Control", "private, max-age=3600");
    res.type(picture.type).send(picture.bytes);
  });
}
