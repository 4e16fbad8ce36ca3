import { createHash, randomBytes, randomUUID } from "node:crypto";
import { WELCOME_LINK_DAYS } from "../../shared/protocol/http.ts";
import { hashPassword } from "../auth/passwords.ts";
import type { Sql } from "./sql.ts";

/** Why a link does not work: used once already, too old, replaced by a newer one, or never issued. */
export type WelcomeLinkProblem = "welcome_used" | "welcome_expired" | "welcome_replaced" | "welcome_unknown";

export class WelcomeLinkError extends Error {
  constructor(readonly code: WelcomeLinkProblem) {
    super(code);
  }
}

/** A link that still works: whose account, who issued it, until when. */
export interface OpenWelcomeLink {
  staffId: string;
  /** A staff id, or "cli". */
  issuedBy: string;
  expiresAt: number;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * One-time welcome links. Whoever makes a staff account (the federation admin a first admin, an
 * admin their staff, the operator at the command line) never chooses its password: they get a
 * link to pass on, and the person who opens it chooses their own. A link works once, for
 * WELCOME_LINK_DAYS; an account has at most one open link (a new one replaces it); only a hash of
 * its token is kept. Used and replaced links are kept (as hashes) so that a second try is told
 * why, and audited in the account's organisation. Written once over Sql, for SQLite and PostgreSQL alike.
 */
export class WelcomeLinks {
  readonly #sql: Sql;
  readonly #clock: { now(): number };
  readonly #ttlMs: number;

  constructor(sql: Sql, clock: { now(): number } = { now: () => Date.now() }, ttlMs = WELCOME_LINK_DAYS * DAY) {
    this.#sql = sql;
    this.#clock = clock;
    this.#ttlMs = ttlMs;
  }

  /** A new link for an account; any link still open for it stops working. */
  async issue(staffId: string, issuedBy: string): Promise<{ token: string; expiresAt: number }> {
    const token = randomBytes(24).toString("base64url");
    const now = this.#clock.now();
    const expiresAt = now + this.#ttlMs;
    await this.#sql.batch([
      ["UPDATE welcome_links SET replaced_at = ? WHERE staff_id = ? AND used_at IS NULL AND replaced_at IS NULL", [now, staffId]],
      ["INSERT INTO welcome_links (token_hash, staff_id, issued_by, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)", [hash(token), staffId, issuedBy, now, expiresAt]],
    ]);
    return { token, expiresAt };
  }

  /** The link a token opens, if it still works; otherwise why not. Changes nothing. */
  async open(token: string): Promise<OpenWelcomeLink> {
    const row = await this.#row(token);
    if (!row) throw new WelcomeLinkError("welcome_unknown");
    if (row.used_at !== null) throw new WelcomeLinkError("welcome_used");
    if (row.replaced_at !== null) throw new WelcomeLinkError("welcome_replaced");
    if (Number(row.expires_at) <= this.#clock.now()) throw new WelcomeLinkError("welcome_expired");
    return { staffId: row.staff_id, issuedBy: row.issued_by, expiresAt: Number(row.expires_at) };
  }

  /**
   * Uses a link: the account's password becomes `password` and the link is spent, together, in
   * one transaction. Of two uses at once exactly one wins: the link is taken by a conditional
   * update that marks it with this use's own claim id, and the password is written only for the
   * account of the link carrying that id. The loser learns why, as from open().
   */
  async claim(token: string, password: string): Promise<OpenWelcomeLink> {
    const passwordHash = await hashPassword(password);
    const claim = randomUUID();
    const now = this.#clock.now();
    await this.#sql.batch([
      ["UPDATE welcome_links SET used_at = ?, claim_id = ? WHERE token_hash = ? AND used_at IS NULL AND replaced_at IS NULL AND expires_at > ?", [now, claim, hash(token), now]],
      ["UPDATE staff SET password_hash = ? WHERE id = (SELECT staff_id FROM welcome_links WHERE claim_id = ?)", [passwordHash, claim]],
    ]);
    const won = await this.#sql.get<Row>("SELECT * FROM welcome_links WHERE claim_id = ?", [claim]);
    if (won) return { staffId: won.staff_id, issuedBy: won.issued_by, expiresAt: Number(won.expires_at) };
    await this.open(token); // throws the reason
    throw new WelcomeLinkError("welcome_used"); // taken between the two reads
  }

  /** The account the token was issued for, whether or not the link still works (to audit a refused use in its organisation). */
  async staffOf(token: string): Promise<string | null> {
    return (await this.#row(token))?.staff_id ?? null;
  }

  #row(token: string): Promise<Row | null> {
    return this.#sql.get<Row>("SELECT * FROM welcome_links WHERE token_hash = ?", [hash(token)]);
  }
}

interface Row {
  token_hash: string;
  staff_id: string;
  issued_by: string;
  issued_at: number;
  expires_at: number;
  used_at: number | null;
  replaced_at: number | null;
  claim_id: string | null;
}

const hash = (token: string) => createHash("sha256").update(token).digest("base64url");
