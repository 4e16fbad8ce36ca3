import { LoggedEvent, type LoggedEventType } from "../../../shared/log/events.ts";
import { checkEvent } from "../checkEvent.ts";
import { DEFAULT_FLUSH_MS, type SessionLog, type SessionRecord } from "../SessionLog.ts";
import { sessionsFrom } from "../sessions.ts";
import type { Pool } from "./database.ts";

/**
 * The session log in PostgreSQL, shared by every process of an installation. Appends are buffered
 * and written in one INSERT per flush interval, as in SQLite. Writes are asynchronous here, so
 * flushes queue behind one another (events keep their order), and a flush the database refuses
 * puts its batch back in front of the buffer for the next one: a database that is down for a
 * while loses nothing the process still holds.
 */
export class PostgresSessionLog implements SessionLog {
  readonly #pool: Pool;
  readonly #timer: NodeJS.Timeout;
  readonly #onError: (error: unknown) => void;
  #buffer: LoggedEvent[] = [];
  #writing: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(pool: Pool, options: { flushMs?: number; onError?: (error: unknown) => void } = {}) {
    this.#pool = pool;
    this.#onError = options.onError ?? (() => {});
    this.#timer = setInterval(() => this.flush().catch(this.#onError), options.flushMs ?? DEFAULT_FLUSH_MS);
    this.#timer.unref();
  }

  append(event: LoggedEvent): void {
    if (this.#closed) throw new Error("session log is closed");
    this.#buffer.push(checkEvent(event));
  }

  flush(): Promise<void> {
    const next = this.#writing.then(() => this.#write());
    // The queue goes on after a failure; the failure is this flush's caller's to see.
    this.#writing = next.catch(() => {});
    return next;
  }

  async #write(): Promise<void> {
    if (this.#buffer.length === 0) return;
    const batch = this.#buffer;
    this.#buffer = [];
    try {
      await this.#pool.query(
        `INSERT INTO events (space, at, type, v, body)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::int[], $5::jsonb[])`,
        [batch.map((e) => e.space), batch.map((e) => e.at), batch.map((e) => e.type), batch.map((e) => e.v), batch.map((e) => JSON.stringify(e))],
      );
    } catch (error) {
      this.#buffer = [...batch, ...this.#buffer];
      throw error;
    }
  }

  async events(space: string): Promise<LoggedEvent[]> {
    await this.flush();
    const { rows } = await this.#pool.query<{ body: unknown }>("SELECT body FROM events WHERE space = $1 ORDER BY seq", [space]);
    return rows.map((row) => LoggedEvent.parse(row.body));
  }

  async eventsOf(spaces: readonly string[], types: readonly LoggedEventType[]): Promise<LoggedEvent[]> {
    await this.flush();
    if (spaces.length === 0 || types.length === 0) return [];
    const { rows } = await this.#pool.query<{ body: unknown }>("SELECT body FROM events WHERE space = ANY($1::text[]) AND type = ANY($2::text[]) ORDER BY seq", [spaces, types]);
    return rows.map((row) => LoggedEvent.parse(row.body));
  }

  async sessions(org: string, from: number, to: number): Promise<SessionRecord[]> {
    await this.flush();
    const { rows } = await this.#pool.query<{ body: unknown }>(
      `SELECT body FROM events
       WHERE type IN ('space_opened', 'space_closed') AND space IN (
         SELECT space FROM events WHERE type = 'space_opened' AND body->>'org' = $1 AND at >= $2 AND at < $3)
       ORDER BY seq`,
      [org, from, to],
    );
    return sessionsFrom(rows.map((row) => LoggedEvent.parse(row.body)), org, from, to);
  }

  async session(org: string, registration: string): Promise<SessionRecord | null> {
    await this.flush();
    const { rows } = await this.#pool.query<{ body: unknown }>(
      `SELECT body FROM events
       WHERE type IN ('space_opened', 'space_closed') AND space IN (
         SELECT space FROM events WHERE type = 'space_opened' AND body->>'registration' = $1 AND body->>'org' = $2)
       ORDER BY seq`,
      [registration, org],
    );
    return sessionsFrom(rows.map((row) => LoggedEvent.parse(row.body)), org, 0, Number.MAX_SAFE_INTEGER)[0] ?? null;
  }

  async purgeBefore(before: number, org?: string): Promise<number> {
    await this.flush();
    if (org === undefined) return (await this.#pool.query("DELETE FROM events WHERE at < $1", [before])).rowCount ?? 0;
    const { rowCount } = await this.#pool.query(
      `DELETE FROM events WHERE space IN (
         SELECT space FROM events GROUP BY space
         HAVING bool_or(type = 'space_opened' AND body->>'org' = $1) AND MAX(at) < $2)`,
      [org, before],
    );
    return rowCount ?? 0;
  }

  async eventsOfAccount(org: string, account: string): Promise<LoggedEvent[]> {
    await this.flush();
    const { rows } = await this.#pool.query<{ body: unknown }>(`SELECT body FROM events e WHERE ${OF_ACCOUNT} ORDER BY seq`, [org, account]);
    return rows.map((row) => LoggedEvent.parse(row.body));
  }

  async eraseAccount(org: string, account: string): Promise<number> {
    await this.flush();
    return (await this.#pool.query(`DELETE FROM events e WHERE ${OF_ACCOUNT}`, [org, account])).rowCount ?? 0;
  }

  async closeInterrupted(): Promise<number> {
    await this.flush();
    const { rows } = await this.#pool.query<{ space: string; last: number }>(
      `SELECT space, MAX(at) AS last FROM events GROUP BY space
       HAVING bool_or(type = 'space_opened') AND NOT bool_or(type = 'space_closed')`,
    );
    for (const { space, last } of rows) this.append({ v: 1, at: last, space, type: "space_closed", reason: "interrupted" });
    await this.flush();
    return rows.length;
  }

  /** Flushes and stops; the pool itself is closed by whoever opened it. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    await this.flush();
  }
}

/**
 * Events (as `e`) of one account's visits in an organisation's sessions ($1: org, $2: account):
 * each of the visits it entered, and every event of the same space that is, or names, one of them.
 */
const OF_ACCOUNT = `EXISTS (
  SELECT 1 FROM events v
  WHERE v.type = 'entered' AND v.body->>'account' = $2 AND v.space = e.space
    AND EXISTS (SELECT 1 FROM events o WHERE o.space = v.space AND o.type = 'space_opened' AND o.body->>'org' = $1)
    AND v.body->>'participant' IN (e.body->>'participant', e.body->>'target', e.body->>'student'))`;
