import { createHash, randomBytes, randomUUID } from "node:crypto";
import { ATTENDANCE, type SchoolName } from "../../shared/protocol/attendance.ts";
import type { Sql } from "./sql.ts";

const DAY = 24 * 60 * 60 * 1000;

/** What was produced, by whom, for which period: never the report's content. */
export interface ReportMade {
  orgId: string;
  studentId: string;
  madeBy: string;
  from: string;
  to: string;
  lang: "ja" | "en";
  format: "pdf" | "csv" | "link";
}

/** Why a guardian's link gives nothing: never issued (or erased), or used / expired. */
export type LinkProblem = "unknown" | "gone";

/**
 * Attendance reports (出席扱いの報告, issue 19): each one produced (who, when, which child, which
 * period, whether a guardian's link was issued and used), the one-time links themselves, and how
 * the child's school knows them (staff-only). A link's token is kept only as a hash; the PDF it
 * opens is kept only until it is opened or its link expires, then forgotten. Written once over
 * Sql, for SQLite and PostgreSQL alike.
 */
export class AttendanceReports {
  readonly #sql: Sql;
  readonly #clock: { now(): number };

  constructor(sql: Sql, clock: { now(): number } = { now: () => Date.now() }) {
    this.#sql = sql;
    this.#clock = clock;
  }

  /** Keeps that a report was produced; answers its id. */
  async made(report: ReportMade): Promise<string> {
    const id = randomUUID();
    await this.#sql.run(
      "INSERT INTO attendance_reports (id, org_id, student_id, made_by, made_at, period_from, period_to, lang, format) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      [id, report.orgId, report.studentId, report.madeBy, this.#clock.now(), report.from, report.to, report.lang, report.format],
    );
    return id;
  }

  /**
   * A report for the guardian behind a one-time link: the PDF is kept until the link is opened
   * or expires. Answers the token (shown once) and when it expires. Expired links' PDFs are let go here too.
   */
  async issueLink(report: ReportMade, pdf: Buffer): Promise<{ id: string; token: string; expiresAt: number }> {
    const token = randomBytes(24).toString("base64url");
    const now = this.#clock.now();
    const expiresAt = now + ATTENDANCE.linkDays * DAY;
    const id = randomUUID();
    await this.#sql.batch([
      ["UPDATE attendance_reports SET pdf = NULL WHERE pdf IS NOT NULL AND link_expires_at <= ?", [now]],
      [
        "INSERT INTO attendance_reports (id, org_id, student_id, made_by, made_at, period_from, period_to, lang, format, link_hash, link_expires_at, pdf) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'link', ?, ?, ?)",
        [id, report.orgId, report.studentId, report.madeBy, now, report.from, report.to, report.lang, hash(token), expiresAt, pdf],
      ],
    ]);
    return { id, token, expiresAt };
  }

  /**
   * Opens a link once: of two opens at once exactly one gets the PDF (a conditional update marks
   * it used), which is then forgotten. The report's row (who, when, for whom) stays, to audit the use.
   */
  async openLink(token: string): Promise<{ pdf: Buffer; orgId: string; studentId: string; id: string } | { problem: LinkProblem; orgId?: string; studentId?: string }> {
    const now = this.#clock.now();
    const claim = randomUUID();
    await this.#sql.run("UPDATE attendance_reports SET link_used_at = ?, link_claim = ? WHERE link_hash = ? AND link_used_at IS NULL AND link_expires_at > ? AND pdf IS NOT NULL", [
      now,
      claim,
      hash(token),
      now,
    ]);
    const won = await this.#sql.get<{ id: string; org_id: string; student_id: string; pdf: Buffer | Uint8Array }>("SELECT id, org_id, student_id, pdf FROM attendance_reports WHERE link_claim = ?", [claim]);
    if (won) {
      await this.#sql.run("UPDATE attendance_reports SET pdf = NULL WHERE id = ?", [won.id]);
      return { pdf: Buffer.from(won.pdf), orgId: won.org_id, studentId: won.student_id, id: won.id };
    }
    const row = await this.#sql.get<{ org_id: string; student_id: string }>("SELECT org_id, student_id FROM attendance_reports WHERE link_hash = ?", [hash(token)]);
    if (!row) return { problem: "unknown" };
    await this.#sql.run("UPDATE attendance_reports SET pdf = NULL WHERE link_hash = ? AND link_expires_at <= ?", [hash(token), now]);
    return { problem: "gone", orgId: row.org_id, studentId: row.student_id };
  }

  /**
   * The retention limit (server/retention.ts): records of reports made before `before` go, and
   * any expired link's PDF is let go now (it is otherwise let go when a link is next issued or tried).
   * Answers how many records went.
   */
  async purgeBefore(before: number): Promise<number> {
    await this.#sql.run("UPDATE attendance_reports SET pdf = NULL WHERE pdf IS NOT NULL AND link_expires_at <= ?", [this.#clock.now()]);
    return this.#sql.run("DELETE FROM attendance_reports WHERE made_at < ?", [before]);
  }

  /** How the child's school knows them, or empty strings when staff have not entered it. */
  async schoolName(studentId: string): Promise<SchoolName> {
    const row = await this.#sql.get<{ name_at_school: string; school: string; grade: string }>("SELECT name_at_school, school, grade FROM student_school_names WHERE student_id = ?", [studentId]);
    return { nameAtSchool: row?.name_at_school ?? "", school: row?.school ?? "", grade: row?.grade ?? "" };
  }

  async setSchoolName(orgId: string, studentId: string, name: SchoolName, by: string): Promise<void> {
    const now = this.#clock.now();
    await this.#sql.run(
      `INSERT INTO student_school_names (student_id, org_id, name_at_school, school, grade, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (student_id) DO UPDATE SET name_at_school = excluded.name_at_school, school = excluded.school, grade = excluded.grade, changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
      [studentId, orgId, name.nameAtSchool, name.school, name.grade, by, now],
    );
  }

  /** For a guardian's copy (server/rights): the reports made about the child (not their content) and the school name staff entered. */
  async aboutStudent(studentId: string): Promise<unknown> {
    const reports = await this.#sql.all(
      "SELECT made_by, made_at, period_from, period_to, lang, format, link_expires_at, link_used_at FROM attendance_reports WHERE student_id = ? ORDER BY made_at",
      [studentId],
    );
    const name = await this.#sql.get("SELECT name_at_school, school, grade, changed_at FROM student_school_names WHERE student_id = ?", [studentId]);
    return { reports, schoolName: name };
  }

  /** For an erasure: the reports' records, any link still open (and its PDF), and the school name. */
  async eraseStudent(studentId: string): Promise<number> {
    const reports = await this.#sql.run("DELETE FROM attendance_reports WHERE student_id = ?", [studentId]);
    const names = await this.#sql.run("DELETE FROM student_school_names WHERE student_id = ?", [studentId]);
    return reports + names;
  }
}

const hash = (token: string) => createHash("sha256").update(token).digest("base64url");
