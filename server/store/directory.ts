import { createHash, randomUUID } from "node:crypto";
import type { StaffRole } from "../../shared/domain/roles.ts";
import type { ConsentLevel } from "../../shared/research/consent.ts";
import { accessCodeKey, newAccessCode, normaliseAccessCode } from "../auth/accessCodes.ts";
import { DUMMY_HASH, hashPassword, verifyPassword } from "../auth/passwords.ts";
import { type Sql, type SqlValue, creationStamps } from "./sql.ts";

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
  /** Also the federation admin (shared/domain/roles.ts). */
  federation: boolean;
}
/** A staff account in its admin's list: `claimed` once the person has a password (chosen through their welcome link). */
export type StaffListing = StaffAccount & { claimed: boolean };
/** An organisation as the federation admin sees it: names and counts, nothing about any child. */
export interface OrganisationSummary {
  id: string;
  name: string;
  createdAt: number;
  staff: number;
  students: number;
  admins: Array<{ id: string; username: string; displayName: string; claimed: boolean; federation: boolean }>;
}
export interface Student {
  id: string;
  orgId: string;
  nickname: string;
  note: string;
  hasCode: boolean;
  blocked: boolean;
  consent: ConsentLevel;
  /** Their own staff keep them out of the shared plaza. */
  keptOutOfPlazas: boolean;
}

export class DirectoryError extends Error {
  constructor(readonly code: "username_taken" | "no_such_org" | "no_such_student") {
    super(code);
  }
}

/**
 * Organisations, staff accounts and registered students. No real names are needed anywhere: a
 * student is a nickname, an optional staff-only note, and an access code kept only as an HMAC.
 * Written once over Sql: the same code runs on SQLite and on PostgreSQL.
 */
export class Directory {
  readonly #sql: Sql;
  readonly #secret: Buffer;
  /** Creation times that never repeat, so lists keep the order things were made in. */
  readonly #stamp = creationStamps();

  constructor(sql: Sql, secret: Buffer) {
    this.#sql = sql;
    this.#secret = secret;
  }

  async createOrganisation(name: string): Promise<Organisation> {
    const org = { id: randomUUID(), name };
    await this.#sql.run("INSERT INTO organisations (id, name, created_at) VALUES (?, ?, ?)", [org.id, org.name, this.#stamp()]);
    return org;
  }

  organisation(id: string): Promise<Organisation | null> {
    return this.#sql.get<Organisation>("SELECT id, name FROM organisations WHERE id = ?", [id]);
  }

  organisations(): Promise<Organisation[]> {
    return this.#sql.all<Organisation>("SELECT id, name FROM organisations ORDER BY created_at, id");
  }

  /**
   * A new organisation and its first admin, both or neither (a taken user name leaves no
   * organisation without an admin behind). The installation's first admin is also its federation admin.
   */
  async createOrganisationWithAdmin(input: { name: string; admin: NewStaff; federation?: boolean }): Promise<{ org: Organisation; admin: StaffAccount }> {
    const org = { id: randomUUID(), name: input.name };
    const admin: StaffAccount = { ...newAccount(org.id, { ...input.admin, role: "admin" }), federation: input.federation === true };
    await this.#unique(async () =>
      this.#sql.batch([["INSERT INTO organisations (id, name, created_at) VALUES (?, ?, ?)", [org.id, org.name, this.#stamp()]], await this.#insertStaff(admin, input.admin.password)]),
    );
    return { org, admin };
  }

  async addStaff(input: NewStaff & { orgId: string; role: StaffRole }): Promise<StaffAccount> {
    if (!(await this.organisation(input.orgId))) throw new DirectoryError("no_such_org");
    const account = newAccount(input.orgId, input);
    const [sql, params] = await this.#insertStaff(account, input.password);
    await this.#unique(() => this.#sql.run(sql, params));
    return account;
  }

  /** Gives or takes the federation admin's duty (only the command line does). */
  async setFederation(staffId: string, federation: boolean): Promise<boolean> {
    return (await this.#sql.run("UPDATE staff SET federation = ? WHERE id = ?", [federation ? 1 : 0, staffId])) === 1;
  }

  /** Every organisation with its admins and how many staff and students it has. */
  async organisationSummaries(): Promise<OrganisationSummary[]> {
    const rows = await this.#sql.all<{ id: string; name: string; created_at: number; staff: number; students: number }>(
      `SELECT o.id, o.name, o.created_at,
              (SELECT count(*) FROM staff s WHERE s.org_id = o.id) AS staff,
              (SELECT count(*) FROM students st WHERE st.org_id = o.id) AS students
         FROM organisations o ORDER BY o.created_at, o.id`,
    );
    const admins = await this.#sql.all<StaffRow & { password_hash: string }>("SELECT * FROM staff WHERE role = 'admin' ORDER BY created_at, id");
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      createdAt: Number(r.created_at),
      staff: Number(r.staff),
      students: Number(r.students),
      admins: admins.filter((a) => a.org_id === r.id).map((a) => ({ id: a.id, username: a.username, displayName: a.display_name, claimed: a.password_hash !== NO_PASSWORD, federation: a.federation === 1 })),
    }));
  }

  /** Without a password the account cannot sign in until its person chooses one (server/store/welcomeLinks.ts). */
  async #insertStaff(account: StaffAccount, password: string | undefined): Promise<[string, SqlValue[]]> {
    return [
      "INSERT INTO staff (id, org_id, username, display_name, role, federation, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      [account.id, account.orgId, account.username, account.displayName, account.role, account.federation ? 1 : 0, password === undefined ? NO_PASSWORD : await hashPassword(password), this.#stamp()],
    ];
  }

  /** User names are unique whatever their case (the database holds that rule, for every process at once). */
  async #unique(write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (this.#sql.isUniqueViolation(error)) throw new DirectoryError("username_taken");
      throw error;
    }
  }

  /** The account if the password matches; the same work is done for unknown names and for accounts with no password yet. */
  async verifyStaff(username: string, password: string): Promise<StaffAccount | null> {
    const row = await this.#sql.get<StaffRow & { password_hash: string }>("SELECT * FROM staff WHERE lower(username) = lower(?)", [username]);
    const claimed = row !== null && row.password_hash !== NO_PASSWORD;
    const ok = await verifyPassword(password, claimed ? row.password_hash : DUMMY_HASH);
    return ok && claimed ? staffFrom(row) : null;
  }

  /** Whether the account's person has chosen a password (an account made with a welcome link has none until then). */
  async hasPassword(staffId: string): Promise<boolean> {
    const row = await this.#sql.get<{ password_hash: string }>("SELECT password_hash FROM staff WHERE id = ?", [staffId]);
    return row !== null && row.password_hash !== NO_PASSWORD;
  }

  async staff(id: string): Promise<StaffAccount | null> {
    const row = await this.#sql.get<StaffRow>("SELECT * FROM staff WHERE id = ?", [id]);
    return row ? staffFrom(row) : null;
  }

  async staffOf(orgId: string): Promise<StaffListing[]> {
    const rows = await this.#sql.all<StaffRow & { password_hash: string }>("SELECT * FROM staff WHERE org_id = ? ORDER BY created_at, id", [orgId]);
    return rows.map((r) => ({ ...staffFrom(r), claimed: r.password_hash !== NO_PASSWORD }));
  }

  async hasAdmin(): Promise<boolean> {
    return (await this.#sql.get("SELECT 1 AS one FROM staff WHERE role = 'admin' LIMIT 1")) !== null;
  }

  /** Registers a student and returns their first access code (shown once, to print). */
  async registerStudent(input: { orgId: string; nickname: string; note?: string }): Promise<{ student: Student; code: string }> {
    if (!(await this.organisation(input.orgId))) throw new DirectoryError("no_such_org");
    const id = randomUUID();
    await this.#sql.run("INSERT INTO students (id, org_id, nickname, note, created_at) VALUES (?, ?, ?, ?, ?)", [id, input.orgId, input.nickname, input.note ?? "", this.#stamp()]);
    const code = await this.reissueCode(id);
    return { student: (await this.student(id)) as Student, code };
  }

  /** A new code; the old one stops working at once. */
  async reissueCode(studentId: string): Promise<string> {
    for (;;) {
      const code = newAccessCode();
      const key = accessCodeKey(this.#secret, normaliseAccessCode(code) as string);
      try {
        const changed = await this.#sql.run("UPDATE students SET code_hmac = ? WHERE id = ?", [key, studentId]);
        if (changed === 0) throw new DirectoryError("no_such_student");
        return code;
      } catch (error) {
        // A collision with another student's code (vanishingly rare): draw again. Anything else is not ours to hide.
        if (!this.#sql.isUniqueViolation(error)) throw error;
      }
    }
  }

  async revokeCode(studentId: string): Promise<void> {
    const changed = await this.#sql.run("UPDATE students SET code_hmac = NULL WHERE id = ?", [studentId]);
    if (changed === 0) throw new DirectoryError("no_such_student");
  }

  async setBlocked(studentId: string, blocked: boolean): Promise<void> {
    const changed = await this.#sql.run("UPDATE students SET blocked = ? WHERE id = ?", [blocked ? 1 : 0, studentId]);
    if (changed === 0) throw new DirectoryError("no_such_student");
  }

  async setKeptOutOfPlazas(studentId: string, keptOut: boolean): Promise<void> {
    if ((await this.#sql.run("UPDATE students SET plaza_kept_out = ? WHERE id = ?", [keptOut ? 1 : 0, studentId])) === 0) throw new DirectoryError("no_such_student");
  }

  /** The student a typed code belongs to, or null (wrong, revoked, or malformed). */
  async studentByCode(input: string): Promise<Student | null> {
    const normalised = normaliseAccessCode(input);
    if (!normalised) return null;
    const row = await this.#sql.get<StudentRow>(`${STUDENT_SELECT} WHERE s.code_hmac = ?`, [accessCodeKey(this.#secret, normalised)]);
    return row ? studentFrom(row) : null;
  }

  /**
   * A mark of the student's code as it is now (null without one): a sign-in made with the code
   * keeps it, and holds only while the mark is the same (server/auth/signedIn.ts). A digest of the
   * code's key, so a sign-in's store holds neither the code nor anything that finds it.
   */
  async codeMark(studentId: string): Promise<string | null> {
    return (await this.studentWithMark(studentId))?.codeMark ?? null;
  }

  /** A student and their code's mark from one read: what every request of a signed-in child asks. */
  async studentWithMark(id: string): Promise<{ student: Student; codeMark: string | null } | null> {
    const row = await this.#sql.get<StudentRow>(`${STUDENT_SELECT} WHERE s.id = ?`, [id]);
    return row ? { student: studentFrom(row), codeMark: row.code_hmac ? createHash("sha256").update(row.code_hmac).digest("base64url") : null } : null;
  }

  async student(id: string): Promise<Student | null> {
    const row = await this.#sql.get<StudentRow>(`${STUDENT_SELECT} WHERE s.id = ?`, [id]);
    return row ? studentFrom(row) : null;
  }

  /** Keeps when a child first came into their space (once; later entries change nothing). */
  async markEntered(studentId: string, at: number): Promise<void> {
    await this.#sql.run("UPDATE students SET first_entered_at = ? WHERE id = ? AND first_entered_at IS NULL", [at, studentId]);
  }

  /** When a child first came in, or null if they never have: a welcome session's newcomers. */
  async firstEnteredAt(studentId: string): Promise<number | null> {
    const row = await this.#sql.get<{ first_entered_at: number | null }>("SELECT first_entered_at FROM students WHERE id = ?", [studentId]);
    return row?.first_entered_at == null ? null : Number(row.first_entered_at);
  }

  async studentsOf(orgId: string): Promise<Student[]> {
    return (await this.#sql.all<StudentRow>(`${STUDENT_SELECT} WHERE s.org_id = ? ORDER BY s.created_at, s.id`, [orgId])).map(studentFrom);
  }

  /** Records a student's research consent (who recorded it is kept for the audit trail). */
  async setConsent(studentId: string, level: ConsentLevel, recordedBy: string): Promise<void> {
    if (!(await this.student(studentId))) throw new DirectoryError("no_such_student");
    await this.#sql.run(
      "INSERT INTO consent (student_id, level, recorded_by, recorded_at) VALUES (?, ?, ?, ?) ON CONFLICT (student_id) DO UPDATE SET level = excluded.level, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
      [studentId, level, recordedBy, Date.now()],
    );
  }

  async consentOf(studentId: string): Promise<ConsentLevel> {
    return (await this.#sql.get<{ level: ConsentLevel }>("SELECT level FROM consent WHERE student_id = ?", [studentId]))?.level ?? "none";
  }

  async ngWords(): Promise<string[]> {
    return (await this.#sql.all<{ word: string }>("SELECT word FROM ng_words")).map((r) => r.word).sort(byCodeUnits);
  }

  async setNgWords(lang: "ja" | "en", words: string[]): Promise<void> {
    await this.#sql.batch([
      ["DELETE FROM ng_words WHERE lang = ?", [lang]],
      ...words.map((w): [string, string[]] => ["INSERT INTO ng_words (lang, word) VALUES (?, ?) ON CONFLICT DO NOTHING", [lang, w]]),
    ]);
  }

  async ngWordsByLang(): Promise<{ ja: string[]; en: string[] }> {
    // Sorted here, not by the database: PostgreSQL's order depends on the cluster's locale.
    const rows = (await this.#sql.all<{ lang: string; word: string }>("SELECT lang, word FROM ng_words")).sort((a, b) => byCodeUnits(a.word, b.word));
    return { ja: rows.filter((r) => r.lang === "ja").map((r) => r.word), en: rows.filter((r) => r.lang === "en").map((r) => r.word) };
  }
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface NewStaff {
  username: string;
  displayName: string;
  /**
   * Only where the person sets their own (the first-start setup) or nobody else will use it (the
   * operator's scripts, the demo, tests). The web's admins never give one: the account gets a
   * welcome link instead.
   */
  password?: string;
}
/** What password_hash holds while an account has no password: nothing verifies against it. */
const NO_PASSWORD = "";
const newAccount = (orgId: string, input: NewStaff & { role: StaffRole }): StaffAccount => ({
  id: randomUUID(),
  orgId,
  username: input.username,
  displayName: input.displayName,
  role: input.role,
  federation: false,
});

interface StaffRow {
  id: string;
  org_id: string;
  username: string;
  display_name: string;
  role: StaffRole;
  federation: number;
}
interface StudentRow {
  id: string;
  org_id: string;
  nickname: string;
  note: string;
  code_hmac: string | null;
  blocked: number;
  plaza_kept_out: number;
  consent: ConsentLevel | null;
}
const STUDENT_SELECT = "SELECT s.*, c.level AS consent FROM students s LEFT JOIN consent c ON c.student_id = s.id";
const staffFrom = (r: StaffRow): StaffAccount => ({ id: r.id, orgId: r.org_id, username: r.username, displayName: r.display_name, role: r.role, federation: r.federation === 1 });
const studentFrom = (r: StudentRow): Student => ({
  id: r.id,
  orgId: r.org_id,
  nickname: r.nickname,
  note: r.note,
  hasCode: r.code_hmac !== null,
  blocked: r.blocked === 1,
  consent: r.consent ?? "none",
  keptOutOfPlazas: r.plaza_kept_out === 1,
});
