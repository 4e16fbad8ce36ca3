import type express from "express";
import type { z } from "zod";
import { CHECK_IN, dayBefore, quietFlag } from "../../shared/domain/checkIn.ts";
import { type CheckInMine, CheckInSettingsBody, CheckInStudentBody, type CheckInTrend } from "../../shared/protocol/checkIn.ts";
import type { Ok } from "../../shared/protocol/http.ts";
import type { CheckIns } from "../store/checkIns.ts";
import { type GuardDeps, body, ownStudent, staffDid, staffWith, studentWith } from "./guard.ts";

export interface CheckInDeps extends GuardDeps {
  checkIns: CheckIns;
  /** The same clock the space writes check-ins by (a test, or the demo, may move it). */
  clock: { now(): number };
}

/**
 * The daily check-in over HTTP (issue 19; the answer itself goes through the space:
 * server/rooms/handlers/checkIn.ts). A child reads whether it is offered to them and their own
 * last four weeks: there is no id in the address to change. Their organisation's counsellors and
 * admins read each child's trend and quiet flag (the staff page shows it as it opens: a read, like
 * the registry's, not audited), offer the check-in or not, and turn it off for one child; every
 * change audited.
 */
export function checkInRoutes(api: express.Router, deps: CheckInDeps): void {
  api.get("/check-in/mine", async (req, res) => {
    const student = await studentWith(deps, "checkIn", req, res);
    if (!student) return;
    const today = await deps.checkIns.today(student.orgId, deps.clock.now());
    const [offered, days] = await Promise.all([deps.checkIns.offeredTo(student.orgId, student.id), deps.checkIns.of(student.id, dayBefore(today, CHECK_IN.historyDays - 1))]);
    res.setHeader("Cache-Control", "no-store");
    res.json({ offered, today, days } satisfies z.input<typeof CheckInMine>);
  });

  api.get("/staff/check-ins", async (req, res) => {
    const staff = await staffWith(deps, "readCheckIns", req, res);
    if (!staff) return;
    const today = await deps.checkIns.today(staff.orgId, deps.clock.now());
    const from = dayBefore(today, CHECK_IN.trendDays - 1);
    const [enabled, off, rows, students] = await Promise.all([
      deps.checkIns.enabled(staff.orgId),
      deps.checkIns.offFor(staff.orgId),
      deps.checkIns.ofOrg(staff.orgId, from, today, "faces"),
      deps.directory.studentsOf(staff.orgId),
    ]);
    const byChild = new Map<string, Array<{ day: string; answer: (typeof rows)[number]["answer"] }>>();
    for (const r of rows) byChild.set(r.studentId, [...(byChild.get(r.studentId) ?? []), { day: r.day, answer: r.answer }]);
    res.setHeader("Cache-Control", "no-store");
    res.json({
      enabled,
      today,
      from,
      students: students.map((s) => {
        const days = byChild.get(s.id) ?? [];
        return { id: s.id, nickname: s.nickname, off: off.has(s.id), days, flagged: quietFlag(days, today) };
      }),
    } satisfies z.input<typeof CheckInTrend>);
  });

  api.put("/staff/check-ins/settings", async (req, res) => {
    const staff = await staffWith(deps, "manageCheckIns", req, res);
    if (!staff) return;
    const input = body(CheckInSettingsBody, req, res);
    if (!input) return;
    await deps.checkIns.setEnabled(staff.orgId, input.enabled, staff.id, deps.clock.now());
    await staffDid(deps, staff, "set_check_in", null, { enabled: input.enabled });
    res.json({ ok: true } satisfies z.input<typeof Ok>);
  });

  api.put("/staff/check-ins/students/:id", async (req, res) => {
    const staff = await staffWith(deps, "manageCheckIns", req, res);
    if (!staff) return;
    const input = body(CheckInStudentBody, req, res);
    if (!input) return;
    const student = await ownStudent(deps, req, res, staff.orgId);
    if (!student) return;
    await deps.checkIns.setOffForChild(staff.orgId, student.id, input.off, staff.id, deps.clock.now());
    await staffDid(deps, staff, "set_check_in_for_child", student.id, { off: input.off });
    res.json({ ok: true } satisfies z.input<typeof Ok>);
  });
}
