import type express from "express";
import type { z } from "zod";
import { AttendanceBody, AttendanceLinkBody, ATTENDANCE, SchoolName } from "../../shared/protocol/attendance.ts";
import { gatherDays } from "../attendance/gather.ts";
import { attendanceCsv } from "../attendance/csv.ts";
import { type ReportInput, attendanceReport } from "../letters/attendanceReport.ts";
import type { AttendanceReports } from "../store/attendanceReports.ts";
import type { SelfStudyStore } from "../store/selfStudy.ts";
import type { SessionLog } from "../store/SessionLog.ts";
import type { StaffAccount, Student } from "../store/directory.ts";
import type { Timetables } from "../store/timetables.ts";
import { wallClock } from "../timetable/plan.ts";
import { type GuardDeps, body, fail, staffDid, staffWith } from "./guard.ts";

export interface AttendanceDeps extends GuardDeps {
  log: SessionLog;
  selfStudy: SelfStudyStore;
  timetables: Timetables;
  attendanceReports: AttendanceReports;
  clock: { now(): number };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Attendance evidence for a child's school (出席扱いの報告, issue 19), by staff who register
 * children (counsellors and admins), for their own organisation's children only:
 * - POST /staff/students/:id/attendance: the report as a PDF or CSV, made now;
 * - POST /staff/students/:id/attendance/link: the same PDF behind a one-time link for the guardian;
 * - GET|PUT /staff/students/:id/school: how the child's school knows them (staff-only);
 * - GET /attendance/:token: the guardian's link, open to whoever holds it, once.
 * Each report made is audited with who, which child and which period, never its content. A
 * child of another organisation is not found (404) and the refusal audited.
 */
export function attendanceRoutes(api: express.Router, deps: AttendanceDeps): void {
  /**
   * The staff member, the body (checked before anything is looked up, as every route here does) and
   * the child, if the child is in their organisation. Another organisation's child is not found
   * (404, as for codes, blocks and consent: whether an id exists elsewhere is not told), and the
   * refusal is audited in the asker's organisation.
   */
  const staffAndChild = async <S extends z.core.$ZodType>(req: express.Request, res: express.Response, action: string, schema: S | null): Promise<{ staff: StaffAccount; student: Student; input: z.output<S> } | null> => {
    const staff = await staffWith(deps, "registerStudent", req, res);
    if (!staff) return null;
    const input = schema ? body(schema, req, res) : ({} as z.output<S>);
    if (input === null) return null;
    const student = await deps.directory.student(String(req.params.id));
    if (student && student.orgId !== staff.orgId) {
      await deps.audit.record({ orgId: staff.orgId, actorId: staff.id, actorRole: staff.role, action, target: student.id, outcome: "denied", detail: { otherOrganisation: true } });
    }
    if (!student || student.orgId !== staff.orgId) {
      fail(res, 404, "not_found");
      return null;
    }
    return { staff, student, input };
  };

  const report = async (staff: StaffAccount, student: Student, input: { from: string; to: string; lang: "ja" | "en"; comment: string }): Promise<ReportInput> => {
    const [org, kept, school] = await Promise.all([deps.directory.organisation(staff.orgId), deps.timetables.of(staff.orgId), deps.attendanceReports.schoolName(student.id)]);
    const timeZone = kept.timetable.timeZone;
    const days = await gatherDays(deps, { orgId: staff.orgId, studentId: student.id, timeZone, from: input.from, to: input.to });
    const made = wallClock(deps.clock.now(), timeZone);
    return { lang: input.lang, orgName: org?.name ?? "", nickname: student.nickname, school, from: input.from, to: input.to, madeAt: `${made.date} ${made.clock}`, madeBy: staff.displayName, days, comment: input.comment };
  };

  /** A period that reads as one: from before to, at most ATTENDANCE.maxDays. */
  const periodOk = (input: { from: string; to: string }, res: express.Response) => {
    const from = Date.parse(`${input.from}T00:00:00Z`);
    const to = Date.parse(`${input.to}T00:00:00Z`);
    if (Number.isNaN(from) || Number.isNaN(to) || to < from || (to - from) / DAY_MS + 1 > ATTENDANCE.maxDays) {
      fail(res, 400, "invalid_request", { issues: [{ path: "to", message: "period" }] });
      return false;
    }
    return true;
  };

  api.post("/staff/students/:id/attendance", async (req, res) => {
    const who = await staffAndChild(req, res, "attendance_report", AttendanceBody);
    if (!who || !periodOk(who.input, res)) return;
    const { staff, student, input } = who;
    const made = await report(staff, student, input);
    await deps.attendanceReports.made({ orgId: staff.orgId, studentId: student.id, madeBy: staff.id, from: input.from, to: input.to, lang: input.lang, format: input.format });
    await staffDid(deps, staff, "attendance_report", student.id, { from: input.from, to: input.to, format: input.format, lang: input.lang });
    res.setHeader("Cache-Control", "no-store");
    const name = `hidamari-attendance-${input.from}_${input.to}`;
    if (input.format === "csv") {
      res.setHeader("Content-Disposition", `attachment; filename="${name}.csv"`);
      res.type("text/csv; charset=utf-8").send(attendanceCsv(made));
    } else {
      res.setHeader("Content-Disposition", `attachment; filename="${name}.pdf"`);
      res.type("application/pdf").send(await attendanceReport(made));
    }
  });

  api.post("/staff/students/:id/attendance/link", async (req, res) => {
    const who = await staffAndChild(req, res, "attendance_link", AttendanceLinkBody);
    if (!who || !periodOk(who.input, res)) return;
    const { staff, student, input } = who;
    const pdf = await attendanceReport(await report(staff, student, input));
    const link = await deps.attendanceReports.issueLink({ orgId: staff.orgId, studentId: student.id, madeBy: staff.id, from: input.from, to: input.to, lang: input.lang, format: "link" }, pdf);
    await staffDid(deps, staff, "attendance_link", student.id, { from: input.from, to: input.to, lang: input.lang, expiresAt: link.expiresAt });
    const base = `${req.protocol}://${req.get("host") ?? "localhost"}`;
    res.setHeader("Cache-Control", "no-store");
    res.status(201).json({ url: `${base}/api/attendance/${link.token}`, expiresAt: link.expiresAt });
  });

  api.get("/staff/students/:id/school", async (req, res) => {
    const who = await staffAndChild(req, res, "see_school_name", null);
    if (!who) return;
    res.setHeader("Cache-Control", "no-store");
    res.json(await deps.attendanceReports.schoolName(who.student.id));
  });

  api.put("/staff/students/:id/school", async (req, res) => {
    const who = await staffAndChild(req, res, "set_school_name", SchoolName);
    if (!who) return;
    const { input } = who;
    await deps.attendanceReports.setSchoolName(who.staff.orgId, who.student.id, input, who.staff.id);
    // That it changed and by whom; never the name itself.
    await deps.audit.record({ orgId: who.staff.orgId, actorId: who.staff.id, actorRole: who.staff.role, action: "set_school_name", target: who.student.id, outcome: "done" });
    res.json(input);
  });

  // The guardian's copy: the link is the key, and it opens once.
  api.get("/attendance/:token", async (req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Referrer-Policy", "no-referrer");
    const opened = await deps.attendanceReports.openLink(String(req.params.token));
    if ("problem" in opened) {
      if (opened.orgId) await deps.audit.record({ orgId: opened.orgId, actorId: null, actorRole: "anonymous", action: "attendance_link_open", target: opened.studentId ?? null, outcome: "denied" });
      const text = opened.problem === "gone" ? GONE : UNKNOWN;
      return res.status(opened.problem === "gone" ? 410 : 404).type("text/plain; charset=utf-8").send(text);
    }
    await deps.audit.record({ orgId: opened.orgId, actorId: null, actorRole: "anonymous", action: "attendance_link_open", target: opened.studentId, outcome: "done", detail: { by: "guardian_link" } });
    // A download rather than inline: the page CSP (object-src none) can keep a browser's PDF viewer from showing it, and a file is what a family prints or keeps.
    res.setHeader("Content-Disposition", `attachment; filename="hidamari-attendance.pdf"`);
    res.type("application/pdf").send(opened.pdf);
  });
}

const GONE = "このリンクは もう使われたか、期限が切れています。ひだまりの 相談員に 新しいリンクを 頼んでください。\nThis link has been used already or has expired. Please ask Hidamari's counsellor for a new one.\n";
const UNKNOWN = "このリンクは ありません。\nThere is no such link.\n";
