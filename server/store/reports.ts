import type { ReportStatus } from "../../shared/protocol/reports.ts";
import type { Sql } from "./sql.ts";

/** How many of their reports a child sees. */
const SHOWN = 20;

/**
 * Reports children made, and how far staff have got with each (shared/protocol/reports.ts), so
 * the child can see theirs. A report only moves forward: looked at after received, closed last;
 * a late "looked at" never reopens a closed one.
 */
export class Reports {
  constructor(private readonly sql: Sql) {}

  async made(id: string, orgId: string, studentId: string, at: number): Promise<void> {
    await this.sql.run("INSERT INTO reports (id, org_id, student_id, made_at, status, changed_at) VALUES (?, ?, ?, ?, 'received', ?) ON CONFLICT (id) DO NOTHING", [id, orgId, studentId, at, at]);
  }

  /** Moves a report on (the space's queue decides who may); answers whether it moved. */
  async mark(id: string, status: Exclude<ReportStatus, "received">, at: number): Promise<boolean> {
    const from = status === "looked_at" ? "status = 'received'" : "status <> 'closed'";
    return (await this.sql.run(`UPDATE reports SET status = ?, changed_at = ? WHERE id = ? AND ${from}`, [status, at, id])) > 0;
  }

  /** A child's own reports, newest first. */
  async of(studentId: string): Promise<Array<{ at: number; status: ReportStatus; changedAt: number }>> {
    const rows = await this.sql.all<{ made_at: number; status: ReportStatus; changed_at: number }>(
      "SELECT made_at, status, changed_at FROM reports WHERE student_id = ? ORDER BY made_at DESC LIMIT ?",
      [studentId, SHOWN],
    );
    return rows.map((r) => ({ at: r.made_at, status: r.status, changedAt: r.changed_at }));
  }

  /** Reports made before `before` (ms): the retention limit (server/retention.ts). */
  async purgeBefore(before: number): Promise<number> {
    return this.sql.run("DELETE FROM reports WHERE made_at < ?", [before]);
  }

  async aboutStudent(studentId: string): Promise<unknown[]> {
    return this.sql.all("SELECT made_at, status, changed_at FROM reports WHERE student_id = ?", [studentId]);
  }

  async eraseStudent(studentId: string): Promise<number> {
    return this.sql.run("DELETE FROM reports WHERE student_id = ?", [studentId]);
  }
}
