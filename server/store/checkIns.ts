import { CHECK_IN_ANSWERS, type CheckInAnswer, type CheckInDay, type Face, FACES } from "../../shared/domain/checkIn.ts";
import { dayIn } from "../../shared/domain/days.ts";
import type { Sql } from "./sql.ts";

/** A check-in as kept: whose, which school day, what they answered, when (ms). */
export interface CheckInRow {
  studentId: string;
  orgId: string;
  day: string;
  answer: CheckInAnswer;
  at: number;
}

/** Everything held about one child's check-ins (the rights export): their answers, and whether staff turned it off for them. */
export interface CheckInsAbout {
  checkIns: CheckInRow[];
  offForChild: { updatedBy: string; updatedAt: number } | null;
}

interface Row {
  student_id: string;
  org_id: string;
  day: string;
  answer: string;
  at: number;
}

/**
 * The daily check-in's store (shared/domain/checkIn.ts), for SQLite and PostgreSQL alike: one row
 * per child per school day, written with an upsert so that a double tap or a quick change keeps
 * one row; each organisation's choice to offer it (off until turned on); the children staff
 * turned it off for. "Today" is the day in the organisation's time zone (its timetable's).
 */
export class CheckIns {
  readonly #sql: Sql;
  readonly #timeZoneOf: (orgId: string) => Promise<string>;

  constructor(sql: Sql, timeZoneOf: (orgId: string) => Promise<string>) {
    this.#sql = sql;
    this.#timeZoneOf = timeZoneOf;
  }

  /** The school day it is at `at` for this organisation (YYYY-MM-DD). */
  async today(orgId: string, at: number): Promise<string> {
    return dayIn(await this.#timeZoneOf(orgId), at);
  }

  async enabled(orgId: string): Promise<boolean> {
    const row = await this.#sql.get<{ enabled: number }>("SELECT enabled FROM check_in_orgs WHERE org_id = ?", [orgId]);
    return Number(row?.enabled ?? 0) === 1;
  }

  async setEnabled(orgId: string, enabled: boolean, by: string, at: number): Promise<void> {
    await this.#sql.run(
      "INSERT INTO check_in_orgs (org_id, enabled, updated_by, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (org_id) DO UPDATE SET enabled = excluded.enabled, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
      [orgId, enabled ? 1 : 0, by, at],
    );
  }

  /** The children of an organisation staff turned the check-in off for. */
  async offFor(orgId: string): Promise<Set<string>> {
    return new Set((await this.#sql.all<{ student_id: string }>("SELECT student_id FROM check_in_off WHERE org_id = ?", [orgId])).map((r) => r.student_id));
  }

  /** Off for this child, or (off = false) back to following their organisation. */
  async setOffForChild(orgId: string, studentId: string, off: boolean, by: string, at: number): Promise<void> {
    if (!off) {
      await this.#sql.run("DELETE FROM check_in_off WHERE student_id = ? AND org_id = ?", [studentId, orgId]);
      return;
    }
    await this.#sql.run(
      "INSERT INTO check_in_off (student_id, org_id, updated_by, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (student_id) DO UPDATE SET updated_by = excluded.updated_by, updated_at = excluded.updated_at",
      [studentId, orgId, by, at],
    );
  }

  /** Whether the check-in is offered to this child: their organisation turned it on, and staff did not turn it off for them. */
  async offeredTo(orgId: string, studentId: string): Promise<boolean> {
    if (!(await this.enabled(orgId))) return false;
    return (await this.#sql.get("SELECT 1 AS off FROM check_in_off WHERE student_id = ?", [studentId])) === null;
  }

  /** Today's answer, written over any earlier one of the same day: one row per (child, day) however many arrive. */
  async record(row: CheckInRow): Promise<void> {
    await this.#sql.run(
      "INSERT INTO check_ins (student_id, day, org_id, answer, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (student_id, day) DO UPDATE SET answer = excluded.answer, at = excluded.at",
      [row.studentId, row.day, row.orgId, row.answer, row.at],
    );
  }

  /** One child's answers from `fromDay` on (skips too), oldest first. */
  async of(studentId: string, fromDay: string): Promise<CheckInDay[]> {
    const rows = await this.#sql.all<Row>("SELECT student_id, org_id, day, answer, at FROM check_ins WHERE student_id = ? AND day >= ? ORDER BY day", [studentId, fromDay]);
    return rows.flatMap((r) => known(r)).map((r) => ({ day: r.day, answer: r.answer }));
  }

  /** An organisation's answers from `fromDay` to `toDay` (inclusive), oldest first; `faces` leaves skips out. */
  async ofOrg(orgId: string, fromDay: string, toDay: string, only: "all" | "faces" = "all"): Promise<CheckInRow[]> {
    const rows = await this.#sql.all<Row>("SELECT student_id, org_id, day, answer, at FROM check_ins WHERE org_id = ? AND day >= ? AND day <= ? ORDER BY day, student_id", [orgId, fromDay, toDay]);
    return rows.flatMap((r) => known(r)).filter((r) => only === "all" || r.answer !== "skip");
  }

  /** Everything held about one child: every check-in and the per-child setting (for a guardian's request). */
  async aboutStudent(studentId: string): Promise<CheckInsAbout> {
    const rows = await this.#sql.all<Row>("SELECT student_id, org_id, day, answer, at FROM check_ins WHERE student_id = ? ORDER BY day", [studentId]);
    const off = await this.#sql.get<{ updated_by: string; updated_at: number }>("SELECT updated_by, updated_at FROM check_in_off WHERE student_id = ?", [studentId]);
    return { checkIns: rows.flatMap((r) => known(r)), offForChild: off ? { updatedBy: off.updated_by, updatedAt: Number(off.updated_at) } : null };
  }

  /** Erases everything held about one child's check-ins; resolves with how many rows went. */
  async eraseStudent(studentId: string): Promise<number> {
    const checkIns = await this.#sql.run("DELETE FROM check_ins WHERE student_id = ?", [studentId]);
    const off = await this.#sql.run("DELETE FROM check_in_off WHERE student_id = ?", [studentId]);
    return checkIns + off;
  }

  /** Check-ins of days before `beforeDay`, of an organisation or every one: the retention purge. */
  async purgeBefore(beforeDay: string, orgId?: string): Promise<number> {
    if (orgId === undefined) return this.#sql.run("DELETE FROM check_ins WHERE day < ?", [beforeDay]);
    return this.#sql.run("DELETE FROM check_ins WHERE org_id = ? AND day < ?", [orgId, beforeDay]);
  }
}

/** A row read back, if its answer is one this version knows (a face dropped later is left out, not guessed). */
function known(r: Row): CheckInRow[] {
  const answer = CHECK_IN_ANSWERS.find((a) => a === r.answer);
  return answer ? [{ studentId: r.student_id, orgId: r.org_id, day: r.day, answer, at: Number(r.at) }] : [];
}

export const isFace = (answer: CheckInAnswer): answer is Face => (FACES as readonly string[]).includes(answer);
