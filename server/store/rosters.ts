import { randomUUID } from "node:crypto";
import type { RosterKind } from "../../shared/domain/roster.ts";
import { accessCodeKey, newAccessCode, normaliseAccessCode } from "../auth/accessCodes.ts";
import type { RosterPlan, RosterSnapshot } from "../roster/plan.ts";
import { DirectoryError, type StaffAccount } from "./directory.ts";
import { type Sql, type SqlValue, creationStamps } from "./sql.ts";

/** What an import made: each new student's first access code (shown once), and the new staff accounts (for their welcome links). */
export interface RosterResult {
  codes: Array<{ studentId: string; nickname: string; code: string }>;
  staff: StaffAccount[];
}

/**
 * The roster side of the directory (issue 18): who of an organisation came from a OneRoster
 * export, by sourcedId, and an import written all at once. Students get access codes as a
 * registration gives them (only an HMAC kept); staff get no password (their welcome link
 * chooses one). No name from the file is written here except the note the plan carries when
 * the admin asked to keep names. Written once over Sql, for SQLite and PostgreSQL alike.
 */
export class Rosters {
  readonly #sql: Sql;
  readonly #secret: Buffer;
  readonly #stamp = creationStamps();

  constructor(sql: Sql, secret: Buffer) {
    this.#sql = sql;
    this.#secret = secret;
  }

  /** What a plan for this organisation must know of the store. */
  async snapshot(orgId: string): Promise<RosterSnapshot> {
    const org = await this.#sql.get<{ roster_org: string | null }>("SELECT roster_org FROM organisations WHERE id = ?", [orgId]);
    const students = await this.#sql.all<{ id: string; roster_id: string; nickname: string; note: string }>("SELECT id, roster_id, nickname, note FROM students WHERE org_id = ? AND roster_id IS NOT NULL", [orgId]);
    const staff = await this.#sql.all<{ id: string; roster_id: string; username: string; display_name: string; role: RosterKind }>(
      "SELECT id, roster_id, username, display_name, role FROM staff WHERE org_id = ? AND roster_id IS NOT NULL",
      [orgId],
    );
    const usernames = await this.#sql.all<{ username: string }>("SELECT lower(username) AS username FROM staff");
    const count = await this.#sql.get<{ n: number }>("SELECT count(*) AS n FROM students WHERE org_id = ?", [orgId]);
    return {
      linkedOrg: org?.roster_org ?? null,
      students: students.map((s) => ({ id: s.id, rosterId: s.roster_id, nickname: s.nickname, note: s.note })),
      staff: staff.map((s) => ({ id: s.id, rosterId: s.roster_id, username: s.username, displayName: s.display_name, role: s.role })),
      usernames: new Set(usernames.map((u) => u.username)),
      studentCount: Number(count?.n ?? 0),
    };
  }

  /**
   * Writes a plan in one transaction: all of it or nothing. A new access code that happens to
   * be another child's (vanishingly rare) is drawn again with the whole import; a user name
   * taken meanwhile by someone else refuses the import (username_taken).
   */
  async apply(orgId: string, rosterOrg: string, plan: Pick<RosterPlan, "add" | "change">): Promise<RosterResult> {
    // After everyone the organisation already has, so lists keep the order people came in even
    // when a registration by hand (the directory's own clock) fell in the same millisecond.
    const latest = await this.#sql.get<{ at: number | null }>(
      "SELECT max(at) AS at FROM (SELECT max(created_at) AS at FROM students WHERE org_id = ? UNION ALL SELECT max(created_at) AS at FROM staff WHERE org_id = ?) AS made",
      [orgId, orgId],
    );
    let last = Number(latest?.at ?? 0);
    const stamp = () => (last = Math.max(this.#stamp(), last + 1));
    for (let attempt = 0; ; attempt++) {
      const result: RosterResult = { codes: [], staff: [] };
      const writes: Array<[string, SqlValue[]]> = [["UPDATE organisations SET roster_org = ? WHERE id = ?", [rosterOrg, orgId]]];
      for (const person of plan.add) {
        const id = randomUUID();
        if (person.kind === "student") {
          const code = newAccessCode();
          const key = accessCodeKey(this.#secret, normaliseAccessCode(code) as string);
          writes.push(["INSERT INTO students (id, org_id, nickname, note, code_hmac, roster_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", [id, orgId, person.shownAs, person.note ?? "", key, person.sourcedId, stamp()]]);
          result.codes.push({ studentId: id, nickname: person.shownAs, code });
        } else {
          const account: StaffAccount = { id, orgId, username: person.username ?? "", displayName: person.shownAs, role: person.kind, federation: false };
          // An empty password_hash: no password exists until the person chooses one with their welcome link.
          writes.push([
            "INSERT INTO staff (id, org_id, username, display_name, role, federation, password_hash, roster_id, created_at) VALUES (?, ?, ?, ?, ?, 0, '', ?, ?)",
            [id, orgId, account.username, account.displayName, account.role, person.sourcedId, stamp()],
          ]);
          result.staff.push(account);
        }
      }
      for (const person of plan.change) {
        if (person.kind === "student") {
          writes.push(["UPDATE students SET nickname = ?, note = COALESCE(?, note) WHERE id = ? AND org_id = ?", [person.shownAs, person.note, person.id ?? "", orgId]]);
        } else {
          writes.push(["UPDATE staff SET role = ?, display_name = ? WHERE id = ? AND org_id = ?", [person.kind, person.shownAs, person.id ?? "", orgId]]);
        }
      }
      try {
        await this.#sql.batch(writes);
        return result;
      } catch (error) {
        if (!this.#sql.isUniqueViolation(error)) throw error;
        if (attempt >= 2) throw new DirectoryError("username_taken");
      }
    }
  }
}
