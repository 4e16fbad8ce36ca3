import type express from "express";
import { LetterBody } from "../../shared/protocol/letters.ts";
import { guardianLetter } from "../letters/guardianLetter.ts";
import type { SchoolSignIn } from "../store/schoolSignIn.ts";
import type { Timetables } from "../store/timetables.ts";
import { type GuardDeps, body, fail, ownStudent, staffDid, staffWith } from "./guard.ts";
import { feedPath } from "./timetable.ts";

export interface LetterDeps extends GuardDeps {
  timetables: Timetables;
  schoolSignIn: SchoolSignIn;
}

/**
 * POST /api/staff/students/:id/letter: the guardians' letter for one child, as a PDF, by staff who
 * register children; audited. A code given must be this child's current one (so a letter never
 * carries a stale or another child's code).
 */
export function letterRoutes(api: express.Router, deps: LetterDeps): void {
  api.post("/staff/students/:id/letter", async (req, res) => {
    const staff = await staffWith(deps, "registerStudent", req, res);
    if (!staff) return;
    const input = body(LetterBody, req, res);
    if (!input) return;
    const student = await ownStudent(deps, req, res, staff.orgId);
    if (!student) return;
    if (input.code !== null && (await deps.directory.studentByCode(input.code))?.id !== student.id) return fail(res, 400, "bad_code");
    const base = `${req.protocol}://${req.get("host") ?? "localhost"}`;
    const [org, kept, provider] = await Promise.all([deps.directory.organisation(staff.orgId), deps.timetables.of(staff.orgId), deps.schoolSignIn.provider(staff.orgId)]);
    const pdf = await guardianLetter({
      lang: input.lang,
      orgName: org?.name ?? "",
      nickname: student.nickname,
      code: input.code,
      url: `${base}/`,
      schoolUrl: provider?.students ? `${base}/?school=${encodeURIComponent(staff.orgId)}` : null,
      feedUrl: `${base}${feedPath(kept.feedKey)}`,
      timetable: kept.timetable,
      contact: input.contact,
    });
    await staffDid(deps, staff, "guardian_letter", student.id, { lang: input.lang, withCode: input.code !== null });
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Content-Disposition", `attachment; filename="hidamari-letter-${input.lang}.pdf"`);
    res.type("application/pdf").send(pdf);
  });
}
