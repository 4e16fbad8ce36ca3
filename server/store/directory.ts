import { randomUUID } from "node:crypto";
import type { StaffRole } from "../../shared/domain/roles.ts";
import type { ConsentLevel } from "../../shared/research/consent.ts";
import { accessCodeKey, newAccessCode, normaliseAccessCode } from "../auth/accessCodes.ts";
import { DUMMY_HASH, hashPassword, verifyPassword } from "../auth/passwords.ts";
import type { Db } from "./database.ts";

export interface Organisation {
  id: string;
  name: string;
}
export interface StaffAccount {
  id: string;
  orgId: string;
  username: string;
  displayName: string;
  role: StaffRole;
}
export interface Student {
  id: string;
  orgId: string;
  nickname: string;
  note: string;
  hasCode: boolean;
  blocked: boolean;
  consent: ConsentLevel;
}

export class DirectoryError extends Error {
  constructor(readonly code: "username_taken" | "no_such_org" | "no_such_student") {
    super(code);
  }
}

/**
 * Organisations, staff accounts and registered students. No real names are needed anywhere: a
 * student is a nickname, an optional staff-only note, and an access code kept only as an HMAC.
 */
export class Directory {
  readonly #db: Db;
  readonly #secret: Buffer;

  constructor(db: Db, secret: Buffer) {
    this.#db = db;
    this.#secret = secret;
  }

  createOrganisation(name: string): Organisation {
    const org = { id: randomUUID(), name };
    this.#db.prepare("INSERT INTO organisations (id, name, created_at) VALUES (?, ?, ?)").run(org.id, org.name, Date.now());
    return org;
  }

  organisation(id: string): Organisation | null {
    return this.#db.prepare<[string], Organisation>("SELECT id, name FROM organisations WHERE id = ?").get(id) ?? null;
  }

  organisations(): Organisation[] {
    return this.#db.prepare<[], Organisation>("SELECT id, name FROM organisations ORDER BY created_at").all();
  }

  async addStaff(input: { orgId: string; username: string; displayName: string; role: StaffRole; password: string }): Promise<StaffAccount> {
    if (!this.organisation(input.orgId)) throw new DirectoryError("no_such_org");
    if (this.#db.prepare("SELECT 1 FROM staff WHERE username = ?").get(input.username)) throw new DirectoryError("username_taken");
    const account: StaffAccount = { id: randomUUID(), orgId: input.orgId, username: input.username, displayName: input.displayName, role: input.role };
    const hash = await hashPassword(input.password);
    this.#db
      .prepare("INSERT INTO staff (id, org_id, username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .run(account.id, account.orgId, account.username, account.displayName, account.role, hash, Date.now());
    return account;
  }

  /** The account if the password matches; the same work is done for unknown names. */
  async verifyStaff(username: string, password: string): Promise<StaffAccount | null> {
    const row = this.#db.prepare<[string], StaffRow & { password_hash: string }>("SELECT * FROM staff WHERE username = ?").get(username);
    const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
    return ok && row ? staffFrom(row) : null;
  }

  staff(id: string): StaffAccount | null {
    const row = this.#db.prepare<[string], StaffRow>("SELECT * FROM staff WHERE id = ?").get(id);
    return row ? staffFrom(row) : null;
  }

  staffOf(orgId: string): StaffAccount[] {
    return this.#db.prepare<[string], StaffRow>("SELECT * FROM staff WHERE org_id = ? ORDER BY created_at").all(orgId).map(staffFrom);
  }

  hasAdmin(): boolean {
    return !!this.#db.prepare("SELECT 1 FROM staff WHERE role = 'admin' LIMIT 1").get();
  }

  /** Registers a student and returns their first access code (shown once, to print). */
  registerStudent(input: { orgId: string; nickname: string; note?: string }): { student: Student; code: string } {
    if (!this.organisation(input.orgId)) throw new DirectoryError("no_such_org");
    const id = randomUUID();
    this.#db.prepare("INSERT INTO students (id, org_id, nickname, note, created_at) VALUES (?, ?, ?, ?, ?)").run(id, input.orgId, input.nickname, input.note ?? "", Date.now());
    const code = this.reissueCode(id);
    return { student: this.student(id) as Student, code };
  }

  /** A new code; the old one stops working at once. */
  reissueCode(studentId: string): string {
    for (;;) {
      const code = newAccessCode();
      const key = accessCodeKey(this.#secret, normaliseAccessCode(code) as string);
      try {
        const result = this.#db.prepare("UPDATE students SET code_hmac = ? WHERE id = ?").run(key, studentId);
        if (result.changes === 0) throw new DirectoryError("no_such_student");
        return code;
      } catch (error) {
        if (error instanceof DirectoryError) throw error;
        // A collision with another student's code (vanishingly rare): draw again.
      }
    }
  }

  revokeCode(studentId: string): void {
    const result = this.#db.prepare("UPDATE students SET code_hmac = NULL WHERE id = ?").run(studentId);
    if (result.changes === 0) throw new DirectoryError("no_such_student");
  }

  setBlocked(studentId: string, blocked: boolean): void {
    const result = this.#db.prepare("UPDATE students SET blocked = ? WHERE id = ?").run(blocked ? 1 : 0, studentId);
    if (result.changes === 0) throw new DirectoryError("no_such_student");
  }

  /** The student a typed code belongs to, or null (wrong, revoked, or malformed). */
  studentByCode(input: string): Student | null {
    const normalised = normaliseAccessCode(input);
    if (!normalised) return null;
    const row = this.#db.prepare<[string], StudentRow>(`${STUDENT_SELECT} WHERE s.code_hmac = ?`).get(accessCodeKey(this.#secret, normalised));
    return row ? studentFrom(row) : null;
  }

  student(id: string): Student | null {
    const row = this.#db.prepare<[string], StudentRow>(`${STUDENT_SELECT} WHERE s.id = ?`).get(id);
    return row ? studentFrom(row) : null;
  }

  studentsOf(orgId: string): Student[] {
    return this.#db.prepare<[string], StudentRow>(`${STUDENT_SELECT} WHERE s.org_id = ? ORDER BY s.created_at`).all(orgId).map(studentFrom);
  }

  /** Records a student's research consent (who recorded it is kept for the audit trail). */
  setConsent(studentId: string, level: ConsentLevel, recordedBy: string): void {
    if (!this.student(studentId)) throw new DirectoryError("no_such_student");
    this.#db
      .prepare("INSERT INTO consent (student_id, level, recorded_by, recorded_at) VALUES (?, ?, ?, ?) ON CONFLICT(student_id) DO UPDATE SET level = excluded.level, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at")
      .run(studentId, level, recordedBy, Date.now());
  }

  consentOf(studentId: string): ConsentLevel {
    return (this.#db.prepare<[string], { level: ConsentLevel }>("SELECT level FROM consent WHERE student_id = ?").get(studentId)?.level ?? "none");
  }

  ngWords(): string[] {
    return this.#db.prepare<[], { word: string }>("SELECT word FROM ng_words ORDER BY word").all().map((r) => r.word);
  }

  setNgWords(lang: "ja" | "en", words: string[]): void {
    this.#db.transaction(() => {
      this.#db.prepare("DELETE FROM ng_words WHERE lang = ?").run(lang);
      const insert = this.#db.prepare("INSERT OR IGNORE INTO ng_words (lang, word) VALUES (?, ?)");
      for (const w of words) insert.run(lang, w);
    })();
  }

  ngWordsByLang(): { ja: string[]; en: string[] } {
    const rows = this.#db.prepare<[], { lang: string; word: string }>("SELECT lang, word FROM ng_words ORDER BY word").all();
    return { ja: rows.filter((r) => r.lang === "ja").map((r) => r.word), en: rows.filter((r) => r.lang === "en").map((r) => r.word) };
  }
}

interface StaffRow {
  id: string;
  org_id: string;
  username: string;
  display_name: string;
  role: StaffRole;
}
interface StudentRow {
  id: string;
  org_id: string;
  nickname: string;
  note: string;
  code_hmac: string | null;
  blocked: number;
  consent: ConsentLevel | null;
}
const STUDENT_SELECT = "SELECT s.*, c.level AS consent FROM students s LEFT JOIN consent c ON c.student_id = s.id";
const staffFrom = (r: StaffRow): StaffAccount => ({ id: r.id, orgId: r.org_id, username: r.username, displayName: r.display_name, role: r.role });
const studentFrom = (r: StudentRow): Student => ({
  id: r.id,
  orgId: r.org_id,
  nickname: r.nickname,
  note: r.note,
  hasCode: r.code_hmac !== null,
  blocked: r.blocked === 1,
  consent: r.consent ?? "none",
});
