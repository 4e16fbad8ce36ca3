import { randomUUID } from "node:crypto";
import { OutboxStatement } from "../../shared/protocol/lrs.ts";
import { type Sql, type SqlValue, creationStamps } from "./sql.ts";

/** An LRS endpoint as an admin set it, with how sending to it goes. */
export interface LrsEndpoint {
  id: string;
  orgId: string;
  studyId: string;
  /** The xAPI endpoint, without a trailing slash: statements go to <url>/statements. */
  url: string;
  key: string;
  secret: string;
  /** What the statements' IRIs are made from (as the research export's: HIDAMARI_PUBLIC_URL, or the admin's address). */
  baseIri: string;
  enabled: boolean;
  /** Statements of sessions open at or after this time are sent (the time it was set up). */
  since: number;
  /** Failures in a row (the backoff's exponent), and when the LRS may be tried again. */
  failures: number;
  retryAt: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
  lastSentAt: number | null;
  /** Statements not sent because the child withdrew consent after they were queued. */
  withheld: number;
}

/** A statement to send: what it is, and (server-side only) whom it is about. */
export interface OutboxEntry {
  statementId: string;
  orgId: string;
  /** The account the statement's pseudonym stands for: never sent, only for erasure and "what was sent about me". */
  personId: string;
  personRole: "student" | "staff";
  /** The session's registration UUID. */
  registration: string;
  statement: Record<string, unknown>;
  /** Whether it carries what the child wrote or answered (sent only while they consent to content). */
  content: boolean;
}

export interface ClaimedRow extends OutboxEntry {
  attempts: number;
}

export type OutboxState = "waiting" | "sent" | "refused";

interface EndpointRow {
  id: string;
  org_id: string;
  study_id: string;
  url: string;
  auth_key: string;
  auth_secret: string;
  base_iri: string;
  enabled: number;
  since: number;
  failures: number;
  retry_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  last_sent_at: number | null;
  withheld: number;
}

interface OutboxRow {
  statement_id: string;
  org_id: string;
  person_id: string;
  person_role: string;
  registration: string;
  body: string;
  content: number;
  attempts: number;
}

/** How long a reason from the LRS is kept: enough to read, never a whole error page. */
const REASON_CHARS = 500;
const short = (text: string) => (text.length > REASON_CHARS ? `${text.slice(0, REASON_CHARS - 1)}…` : text);

/**
 * Records to the school's LRS (issue 19), in the shared store, SQLite or PostgreSQL alike: each
 * endpoint an admin set, and the durable outbox of statements for it. A statement is queued once
 * per endpoint (its id is the key: insert-or-ignore), so producing a session's statements again
 * queues only the new ones; waiting rows survive a restart. Several processes may send from one
 * PostgreSQL: a row is claimed by one conditional update (a lease that runs out if the process
 * dies mid-send, as bookings' reminders are claimed), so each is in flight from one process at a
 * time, and a resend after a lost lease is harmless (the LRS keeps one statement per id).
 * A sent row keeps its id, endpoint, person and time, not its body (the LRS has it).
 */
export class LrsOutbox {
  readonly #sql: Sql;
  readonly #stamp = creationStamps();

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  // ── Endpoints ──────────────────────────────────────────────────────────────

  async addEndpoint(e: { orgId: string; studyId: string; url: string; key: string; secret: string; baseIri: string; enabled: boolean }, by: string, now: number): Promise<LrsEndpoint> {
    const id = randomUUID();
    await this.#sql.run(
      "INSERT INTO lrs_endpoints (id, org_id, study_id, url, auth_key, auth_secret, base_iri, enabled, since, failures, updated_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
      [id, e.orgId, e.studyId, e.url, e.key, e.secret, e.baseIri, e.enabled ? 1 : 0, now, by, this.#stamp()],
    );
    return (await this.endpoint(e.orgId, id)) as LrsEndpoint;
  }

  /**
   * Changes the address, key, secret (kept when not given) or whether it sends; the backoff starts
   * again, so statements held back by a wrong key go at once after the admin fixes it.
   */
  async updateEndpoint(orgId: string, id: string, e: { url: string; key: string; secret?: string | undefined; enabled: boolean }, by: string): Promise<LrsEndpoint | null> {
    const changed = await this.#sql.run(
      "UPDATE lrs_endpoints SET url = ?, auth_key = ?, auth_secret = COALESCE(?, auth_secret), enabled = ?, failures = 0, retry_at = NULL, updated_by = ? WHERE id = ? AND org_id = ? AND removed_at IS NULL",
      [e.url, e.key, e.secret ?? null, e.enabled ? 1 : 0, by, id, orgId],
    );
    return changed === 1 ? this.endpoint(orgId, id) : null;
  }

  /**
   * Removes an endpoint from the page and from sending: what was waiting is dropped (never sent),
   * what was already sent stays listed for the people it was about (sentAbout).
   */
  async removeEndpoint(orgId: string, id: string, now: number): Promise<boolean> {
    const endpoint = await this.endpoint(orgId, id);
    if (!endpoint) return false;
    await this.#sql.batch([
      ["DELETE FROM lrs_outbox WHERE endpoint_id = ? AND state <> 'sent'", [id]],
      ["UPDATE lrs_endpoints SET removed_at = ?, enabled = 0, auth_secret = '' WHERE id = ? AND org_id = ?", [now, id, orgId]],
    ]);
    return true;
  }

  /** One of the organisation's endpoints (not removed), or null. */
  async endpoint(orgId: string, id: string): Promise<LrsEndpoint | null> {
    const row = await this.#sql.get<EndpointRow>("SELECT * FROM lrs_endpoints WHERE id = ? AND org_id = ? AND removed_at IS NULL", [id, orgId]);
    return row ? endpointFrom(row) : null;
  }

  async endpointsOf(orgId: string): Promise<LrsEndpoint[]> {
    return (await this.#sql.all<EndpointRow>("SELECT * FROM lrs_endpoints WHERE org_id = ? AND removed_at IS NULL ORDER BY created_at, id", [orgId])).map(endpointFrom);
  }

  /** Every organisation's endpoints that send: what the producer and the sender go through. */
  async sending(): Promise<LrsEndpoint[]> {
    return (await this.#sql.all<EndpointRow>("SELECT * FROM lrs_endpoints WHERE enabled = 1 AND removed_at IS NULL ORDER BY created_at, id")).map(endpointFrom);
  }

  /** The LRS answered well: the backoff is over. */
  async succeeded(id: string, now: number): Promise<void> {
    await this.#sql.run("UPDATE lrs_endpoints SET failures = 0, retry_at = NULL, last_sent_at = ? WHERE id = ?", [now, id]);
  }

  /** The LRS answered about the statements themselves (it refused one): it is there and takes our key, so the backoff is over too. */
  async answered(id: string): Promise<void> {
    await this.#sql.run("UPDATE lrs_endpoints SET failures = 0, retry_at = NULL WHERE id = ?", [id]);
  }

  /** The LRS could not be reached or would not take anything: held back until `retryAt`, the reason shown to the admin. */
  async failed(id: string, error: string, retryAt: number, now: number): Promise<void> {
    await this.#sql.run("UPDATE lrs_endpoints SET failures = failures + 1, retry_at = ?, last_error = ?, last_error_at = ? WHERE id = ?", [retryAt, short(error), now, id]);
  }

  // ── The outbox ─────────────────────────────────────────────────────────────

  /** Queues statements not queued before for this endpoint (by id): one already there, in any state, stays as it is. */
  async enqueue(endpointId: string, entries: OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.#sql.batch(
      entries.map((e) => [
        "INSERT INTO lrs_outbox (endpoint_id, statement_id, org_id, person_id, person_role, registration, body, content, state, attempts, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'waiting', 0, ?) ON CONFLICT (endpoint_id, statement_id) DO NOTHING",
        [endpointId, e.statementId, e.orgId, e.personId, e.personRole, e.registration, JSON.stringify(e.statement), e.content ? 1 : 0, this.#stamp()],
      ]),
    );
  }

  /**
   * Claims up to `limit` waiting statements of an endpoint, oldest first, for `leaseMs`: each for
   * exactly one caller. The claim's conditions are in the outer WHERE as well as the choice of
   * rows, so on PostgreSQL a row another process claimed meanwhile is rechecked and left to it.
   */
  async claim(endpointId: string, now: number, limit: number, leaseMs: number): Promise<ClaimedRow[]> {
    const token = randomUUID();
    const free = "state = 'waiting' AND (claimed_until IS NULL OR claimed_until <= ?)";
    await this.#sql.run(
      `UPDATE lrs_outbox SET claim = ?, claimed_until = ? WHERE endpoint_id = ? AND ${free}
         AND statement_id IN (SELECT statement_id FROM lrs_outbox WHERE endpoint_id = ? AND ${free} ORDER BY seq LIMIT ?)`,
      [token, now + leaseMs, endpointId, now, endpointId, now, limit],
    );
    const rows = await this.#sql.all<OutboxRow>("SELECT * FROM lrs_outbox WHERE endpoint_id = ? AND claim = ? ORDER BY seq", [endpointId, token]);
    return rows.map((r) => ({
      statementId: r.statement_id,
      orgId: r.org_id,
      personId: r.person_id,
      personRole: r.person_role === "staff" ? "staff" : "student",
      registration: r.registration,
      statement: OutboxStatement.parse(JSON.parse(r.body)),
      content: Number(r.content) === 1,
      attempts: Number(r.attempts),
    }));
  }

  /** The LRS holds them: only the id, person and time are kept. */
  async markSent(endpointId: string, ids: string[], now: number): Promise<void> {
    await this.#sql.batch(ids.map((id) => ["UPDATE lrs_outbox SET state = 'sent', body = '', claim = NULL, claimed_until = NULL, reason = NULL, done_at = ? WHERE endpoint_id = ? AND statement_id = ? AND state = 'waiting'", [now, endpointId, id]]));
  }

  /** The LRS refused it for what it is: kept, with the LRS's reason, and not tried again until an admin asks. */
  async markRefused(endpointId: string, id: string, reason: string, now: number): Promise<void> {
    await this.#sql.run("UPDATE lrs_outbox SET state = 'refused', reason = ?, claim = NULL, claimed_until = NULL, attempts = attempts + 1, done_at = ? WHERE endpoint_id = ? AND statement_id = ? AND state = 'waiting'", [short(reason), now, endpointId, id]);
  }

  /** Not sent this time (the LRS was away): back in line, one attempt more. */
  async release(endpointId: string, ids: string[]): Promise<void> {
    await this.#sql.batch(ids.map((id) => ["UPDATE lrs_outbox SET claim = NULL, claimed_until = NULL, attempts = attempts + 1 WHERE endpoint_id = ? AND statement_id = ? AND state = 'waiting'", [endpointId, id]]));
  }

  /** Dropped before sending: the person withdrew consent since it was queued. Counted, not kept. */
  async withhold(endpointId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#sql.batch([
      ...ids.map((id): [string, SqlValue[]] => ["DELETE FROM lrs_outbox WHERE endpoint_id = ? AND statement_id = ? AND state = 'waiting'", [endpointId, id]]),
      ["UPDATE lrs_endpoints SET withheld = withheld + ? WHERE id = ?", [ids.length, endpointId]],
    ]);
  }

  /** After the admin fixed something: the refused statements of an endpoint wait again; returns how many. */
  async resendRefused(orgId: string, endpointId: string): Promise<number> {
    return this.#sql.run("UPDATE lrs_outbox SET state = 'waiting', reason = NULL, done_at = NULL WHERE endpoint_id = ? AND org_id = ? AND state = 'refused'", [endpointId, orgId]);
  }

  async counts(endpointId: string): Promise<Record<OutboxState, number>> {
    const rows = await this.#sql.all<{ state: OutboxState; n: number }>("SELECT state, COUNT(*) AS n FROM lrs_outbox WHERE endpoint_id = ? GROUP BY state", [endpointId]);
    const out = { waiting: 0, sent: 0, refused: 0 };
    for (const r of rows) out[r.state] = Number(r.n);
    return out;
  }

  /** The refused statements of an endpoint, latest first: which, and why the LRS said no. */
  async refused(endpointId: string, limit: number): Promise<Array<{ statementId: string; verb: string; timestamp: string; reason: string; at: number }>> {
    const rows = await this.#sql.all<{ statement_id: string; body: string; reason: string | null; done_at: number }>(
      "SELECT statement_id, body, reason, done_at FROM lrs_outbox WHERE endpoint_id = ? AND state = 'refused' ORDER BY done_at DESC, seq LIMIT ?",
      [endpointId, limit],
    );
    return rows.map((r) => {
      const s = OutboxStatement.parse(JSON.parse(r.body));
      return { statementId: r.statement_id, verb: s.verb.id, timestamp: s.timestamp, reason: r.reason ?? "", at: Number(r.done_at) };
    });
  }

  // ── One person's rows (a guardian's request) ──────────────────────────────

  /** Every row about a person, sent or not: an erasure, once what was sent has been listed (server/rights/parts.ts). */
  async forgetPerson(orgId: string, personId: string): Promise<number> {
    return this.#sql.run("DELETE FROM lrs_outbox WHERE org_id = ? AND person_id = ?", [orgId, personId]);
  }

  /** What was already sent about a person, to which LRS and when: listed, not forgotten, when they are erased. */
  async sentAbout(orgId: string, personId: string): Promise<Array<{ endpointId: string; url: string; studyId: string; statementId: string; sentAt: number }>> {
    const rows = await this.#sql.all<{ endpoint_id: string; url: string; study_id: string; statement_id: string; done_at: number }>(
      "SELECT o.endpoint_id, e.url, e.study_id, o.statement_id, o.done_at FROM lrs_outbox o JOIN lrs_endpoints e ON e.id = o.endpoint_id WHERE o.org_id = ? AND o.person_id = ? AND o.state = 'sent' ORDER BY o.done_at, o.seq",
      [orgId, personId],
    );
    return rows.map((r) => ({ endpointId: r.endpoint_id, url: r.url, studyId: r.study_id, statementId: r.statement_id, sentAt: Number(r.done_at) }));
  }
}

const endpointFrom = (r: EndpointRow): LrsEndpoint => ({
  id: r.id,
  orgId: r.org_id,
  studyId: r.study_id,
  url: r.url,
  key: r.auth_key,
  secret: r.auth_secret,
  baseIri: r.base_iri,
  enabled: Number(r.enabled) === 1,
  since: Number(r.since),
  failures: Number(r.failures),
  retryAt: r.retry_at === null ? null : Number(r.retry_at),
  lastError: r.last_error,
  lastErrorAt: r.last_error_at === null ? null : Number(r.last_error_at),
  lastSentAt: r.last_sent_at === null ? null : Number(r.last_sent_at),
  withheld: Number(r.withheld),
});
