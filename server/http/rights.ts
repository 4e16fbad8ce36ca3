import type express from "express";
import type { MyRecords } from "../../shared/protocol/reports.ts";
import { EraseBody, type Erased } from "../../shared/protocol/rights.ts";
import type { Rights } from "../rights/rights.ts";
import type { Reports } from "../store/reports.ts";
import { type GuardDeps, body, fail, ownStudent, staffDid, staffWith, studentWith } from "./guard.ts";

export interface RightsRouteDeps extends GuardDeps {
  rights: Rights;
  reports: Reports;
  research: { retentionDays: number };
}

/**
 * A guardian's rights, carried out by their organisation's admin (issue 19):
 * GET /api/staff/students/:id/held-about, everything held about one child as one JSON file;
 * POST /api/staff/students/:id/erase, the child erased, confirmed by their nickname. Both audited,
 * the erasure with how many records went and what had already left Hidamari (never a name).
 * GET /api/me/records: for a child's "what we record" page, their family's consent, how long
 * records are kept, and their own reports with how far staff have got with each.
 */
export function rightsRoutes(api: express.Router, deps: RightsRouteDeps): void {
  api.get("/me/records", async (req, res) => {
    const student = await studentWith(deps, "report", req, res);
    if (!student) return;
    res.setHeader("Cache-Control", "no-store");
    res.json({ consent: student.consent, retentionDays: deps.research.retentionDays, reports: await deps.reports.of(student.id) } satisfies MyRecords);
  });

  api.get("/staff/students/:id/held-about", async (req, res) => {
    const staff = await staffWith(deps, "exerciseRights", req, res);
    if (!staff) return;
    const student = await ownStudent(deps, req, res, staff.orgId);
    if (!student) return;
    const copy = await deps.rights.heldAbout(staff.orgId, student.id);
    await staffDid(deps, staff, "rights_copy", student.id, { parts: Object.keys(copy.parts).length });
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Content-Disposition", `attachment; filename="hidamari-held-about-${student.id}.json"`);
    res.type("application/json").send(JSON.stringify(copy, null, 2));
  });

  api.post("/staff/students/:id/erase", async (req, res) => {
    const staff = await staffWith(deps, "exerciseRights", req, res);
    if (!staff) return;
    const input = body(EraseBody, req, res);
    if (!input) return;
    const student = await ownStudent(deps, req, res, staff.orgId);
    if (!student) return;
    if (input.confirm !== student.nickname) return fail(res, 400, "not_confirmed");
    const result = await deps.rights.erase(staff.orgId, student.id);
    await staffDid(deps, staff, "erase_student", student.id, { erased: result.erased, alreadyShared: result.alreadyShared });
    res.json(result satisfies Erased);
  });
}
