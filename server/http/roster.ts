import express, { type NextFunction, type Request, type Response } from "express";
import type { z } from "zod";
import { RosterApplyBody, type RosterApplied, RosterBody, type RosterPreview } from "../../shared/protocol/roster.ts";
import { parseRoster } from "../roster/parse.ts";
import { planRoster } from "../roster/plan.ts";
import { DirectoryError, type StaffAccount } from "../store/directory.ts";
import type { Rosters } from "../store/rosters.ts";
import { body, fail, staffWith } from "./guard.ts";
import { type StaffAccountDeps, issueWelcomeLink } from "./staffAccounts.ts";

export interface RosterDeps extends StaffAccountDeps {
  rosters: Rosters;
}

/** Four files of up to a million characters each, at up to three bytes a character in JSON. */
const BODY_LIMIT = "12mb";

/**
 * Rosters (issue 18): an admin previews what importing a OneRoster export would do in their own
 * organisation, then applies it. Apply reads the files again and plans again against the store
 * as it is then: it goes ahead only when that plan has no problem and is the one the admin saw
 * (the preview's digest), and writes it in one transaction. Audited with counts, never names.
 */
export function rosterRoutes(api: express.Router, deps: RosterDeps): void {
  // Who may send a large body is checked before it is read: nobody else's megabytes are parsed.
  const adminFirst = async (req: Request, res: Response, next: NextFunction) => {
    const admin = await staffWith(deps, "manageStaff", req, res);
    if (!admin) return;
    res.locals.admin = admin;
    next();
  };
  const large = express.json({ limit: BODY_LIMIT });

  api.post("/admin/roster/preview", adminFirst, large, async (req, res) => {
    const admin = res.locals.admin as StaffAccount;
    const input = body(RosterBody, req, res);
    if (!input) return;
    res.json((await plan(deps, admin, input)).preview satisfies z.input<typeof RosterPreview>);
  });

  api.post("/admin/roster/apply", adminFirst, large, async (req, res) => {
    const admin = res.locals.admin as StaffAccount;
    const input = body(RosterApplyBody, req, res);
    if (!input) return;
    const planned = await plan(deps, admin, input);
    const { preview } = planned;
    const refuse = (reason: "issues" | "changed") => res.json({ applied: false, reason, preview } satisfies z.input<typeof RosterApplied>);
    if (preview.issues.length > 0 || preview.org === null) return refuse("issues");
    if (preview.digest !== input.digest) return refuse("changed");
    let result;
    try {
      result = await deps.rosters.apply(admin.orgId, preview.org, planned);
    } catch (error) {
      if (error instanceof DirectoryError && error.code === "username_taken") return fail(res, 409, "username_taken");
      throw error;
    }
    const counts = { added: planned.add.length, changed: planned.change.length, same: preview.same.length, leftOut: preview.leftOut.length };
    const students = planned.add.filter((p) => p.kind === "student").length;
    await deps.audit.record({
      orgId: admin.orgId,
      actorId: admin.id,
      actorRole: admin.role,
      action: "import_roster",
      target: null,
      outcome: "done",
      detail: { ...counts, students, staff: planned.add.length - students, keptNames: input.keepNames },
    });
    const links = [];
    for (const staff of result.staff) links.push({ displayName: staff.displayName, username: staff.username, ...(await issueWelcomeLink(deps, req, staff, admin)) });
    res.json({ applied: true, counts, codes: result.codes.map(({ nickname, code }) => ({ nickname, code })), links } satisfies z.input<typeof RosterApplied>);
  });
}

async function plan(deps: RosterDeps, admin: StaffAccount, input: z.output<typeof RosterBody>) {
  return planRoster(parseRoster(input.files), input, await deps.rosters.snapshot(admin.orgId), admin.id);
}
