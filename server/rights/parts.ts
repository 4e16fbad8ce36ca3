import type { SharedBefore } from "../../shared/protocol/rights.ts";
import type { SessionLog } from "../store/SessionLog.ts";
import type { Exhibits } from "../store/exhibits.ts";
import type { Reports } from "../store/reports.ts";
import type { LrsOutbox } from "../store/lrsOutbox.ts";
import type { Sql, SqlValue } from "../store/sql.ts";

/**
 * One place that holds something about a child: what it holds (for the copy a guardian asks
 * for) and how to forget it (for an erasure). Every store that keeps a child's data has one, and
 * test/integration/rights.test.ts looks through the whole SQLite file after an erasure, so a
 * table added without its part is found.
 */
export interface HeldPart {
  /** Its key in the copy. */
  name: string;
  about(orgId: string, studentId: string): Promise<unknown>;
  /** Forgets it; answers how many records went. */
  erase(orgId: string, studentId: string): Promise<number>;
  /** What of it had already left Hidamari (statements sent to an LRS), listed when erasing. */
  sharedBefore?(orgId: string, studentId: string): Promise<SharedBefore[]>;
}

/** A store that holds something keyed by a child, with its own reads and deletes. */
export function storePart(name: string, store: { aboutStudent(studentId: string): Promise<unknown>; eraseStudent(studentId: string): Promise<number> }): HeldPart {
  return { name, about: (_orgId, studentId) => store.aboutStudent(studentId), erase: (_orgId, studentId) => store.eraseStudent(studentId) };
}

export const reportsPart = (reports: Reports) => storePart("reports", reports);

/**
 * The LRS outbox: what it holds about a child is what it sent and still means to send. An erasure
 * lists what had reached each LRS (sharedBefore, before anything goes), then forgets every row.
 */
export function lrsPart(lrs: LrsOutbox): HeldPart {
  return {
    name: "lrsStatements",
    about: (orgId, studentId) => lrs.sentAbout(orgId, studentId),
    erase: (orgId, studentId) => lrs.forgetPerson(orgId, studentId),
    async sharedBefore(orgId, studentId) {
      const byLrs = new Map<string, { at: number; count: number }>();
      for (const s of await lrs.sentAbout(orgId, studentId)) {
        const seen = byLrs.get(s.url) ?? { at: 0, count: 0 };
        byLrs.set(s.url, { at: Math.max(seen.at, s.sentAt), count: seen.count + 1 });
      }
      return [...byLrs].map(([url, { at, count }]) => ({ kind: "lrs" as const, at, where: url, what: String(count) }));
    },
  };
}

/** A part that is rows of one table, named by the child's id in one column. */
function rows(sql: Sql, name: string, table: string, column: string, select: string, extra = ""): HeldPart {
  const where = `WHERE ${column} = ?${extra}`;
  return {
    name,
    about: (_orgId, studentId) => sql.all(`SELECT ${select} FROM ${table} ${where}`, [studentId]),
    erase: (_orgId, studentId) => sql.run(`DELETE FROM ${table} ${where}`, [studentId]),
  };
}

/**
 * What Hidamari itself holds about a child, in the order it is forgotten: whatever refers to the
 * account before the account (the store's foreign keys), the account last, so an erasure that
 * stops halfway can simply be asked for again.
 */
export function coreParts(services: { sql: Sql; log: SessionLog; exhibits: Exhibits }, more: HeldPart[] = []): HeldPart[] {
  const { sql } = services;
  return [
    {
      // Every event of every visit (chat text only where consent allowed it when said).
      name: "sessionEvents",
      about: (orgId, studentId) => services.log.eventsOfAccount(orgId, studentId),
      erase: (orgId, studentId) => services.log.eraseAccount(orgId, studentId),
    },
    rows(sql, "selfStudy", "self_study", "student_id", "started_at, ended_at, goal_preset, goal_text, did_preset, did_text"),
    {
      // A slot is the staff's offer of their time: it stays, without the child who booked it.
      name: "bookings",
      about: (_orgId, studentId) => sql.all("SELECT kind, starts_at, ends_at, booked_by FROM booking_slots WHERE student_id = ?", [studentId]),
      erase: (_orgId, studentId) => sql.run("UPDATE booking_slots SET student_id = NULL, booked_by = NULL, reminded_at = NULL WHERE student_id = ?", [studentId]),
    },
    {
      // Through the store, so an exhibit wall showing their work in an open space takes it down.
      name: "exhibits",
      about: (_orgId, studentId) => sql.all("SELECT id, title, by_name, image_type, length(image) AS image_bytes, created_at FROM exhibits WHERE student_id = ?", [studentId]),
      async erase(orgId, studentId) {
        const ids = await sql.all<{ id: string }>("SELECT id FROM exhibits WHERE student_id = ?", [studentId]);
        for (const { id } of ids) await services.exhibits.remove(orgId, id);
        return ids.length;
      },
    },
    rows(sql, "schoolAccountEmail", "school_links", "account_id", "email", " AND kind = 'student'"),
    rows(sql, "schoolAccountBinding", "school_bindings", "account_id", "issuer, subject, bound_at", " AND kind = 'student'"),
    rows(sql, "waitingRequests", "help_queue", "account", "item, at"),
    ...more,
    {
      // The current level here; each change, with who recorded it, is the audit's (consentHistory).
      name: "consent",
      about: (_orgId, studentId) => sql.get("SELECT level, recorded_at FROM consent WHERE student_id = ?", [studentId]),
      erase: (_orgId, studentId) => sql.run("DELETE FROM consent WHERE student_id = ?", [studentId]),
    },
    {
      name: "account",
      about: (orgId, studentId) =>
        sql.get(
          "SELECT id, nickname, note, code_hmac IS NOT NULL AS has_code, blocked, plaza_kept_out, roster_id, created_at, first_entered_at FROM students WHERE id = ? AND org_id = ?",
          [studentId, orgId] satisfies SqlValue[],
        ),
      erase: (orgId, studentId) => sql.run("DELETE FROM students WHERE id = ? AND org_id = ?", [studentId, orgId]),
    },
  ];
}
