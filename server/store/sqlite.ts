import { LoggedEvent, type LoggedEventType } from "../../shared/log/events.ts";
import { checkEvent } from "./checkEvent.ts";
import type { Db } from "./database.ts";
import { DEFAULT_FLUSH_MS, type SessionLog, type SessionRecord } from "./SessionLog.ts";
import { sessionsFrom } from "./sessions.ts";

/**
 * The session log in the embedded database. Appends are buffered and written in one transaction
 * per flush interval, so a busy space costs one write per interval rather than one per event,
 * and a crash loses at most one interval. Kept short because a flush is synchronous: with one
 * a second (~1,500 rows at 5,100 students), two capacity runs had patches late by 75 and 221 ms
 * at p99 in their first window at 5,100; at 250 ms, 9 ms (docs/benchmarks.md).
 */
export class SqliteSessionLog implements SessionLog {
  readonly #insert;
  readonly #select;
  readonly #db: Db;
  readonly #timer: NodeJS.Timeout;
  #buffer: LoggedEvent[] = [];
  #closed = false;

  constructor(db: Db, flushMs = DEFAULT_FLUSH_MS) {
    this.#db = db;
    this.#insert = db.prepare("INSERT INTO events (space, at, type, v, body) VALUES (?, ?, ?, ?, ?)");
    this.#select = db.prepare<[string], { body: string }>("SELECT body FROM events WHERE space = ? ORDER BY seq");
    this.#timer = setInterval(() => this.#write(), flushMs);
    this.#timer.unref();
  }

  append(event: LoggedEvent): void {
    if (this.#closed) throw new Error("session log is closed");
    this.#buffer.push(checkEvent(event));
  }

  async flush(): Promise<void> {
    this.#write();
  }

  /** SQLite writes synchronously: the whole buffer in one transaction. */
  #write(): void {
    if (this.#buffer.length === 0 || this.#closed) return;
    const batch = this.#buffer;
    this.#buffer = [];
    this.#db.transaction((rows: LoggedEvent[]) => {
      for (const e of rows) this.#insert.run(e.space, e.at, e.type, e.v, JSON.stringify(e));
    })(batch);
  }

  async events(space: string): Promise<LoggedEvent[]> {
    this.#write();
    return this.#select.all(space).map((row) => LoggedEvent.parse(JSON.parse(row.body)));
  }

  async eventsOf(spaces: readonly string[], types: readonly LoggedEventType[]): Promise<LoggedEvent[]> {
    this.#write();
    if (spaces.length === 0 || types.length === 0) return [];
    const marks = (n: number) => Array.from({ length: n }, () => "?").join(",");
    return this.#db
      .prepare<string[], { body: string }>(`SELECT body FROM events WHERE space IN (${marks(spaces.length)}) AND type IN (${marks(types.length)}) ORDER BY seq`)
      .all(...spaces, ...types)
      .map((row) => LoggedEvent.parse(JSON.parse(row.body)));
  }

  async sessions(org: string, from: number, to: number): Promise<SessionRecord[]> {
    this.#write();
    const spaces = this.#db
      .prepare<[number, number, string], { space: string }>(
        "SELECT space FROM events WHERE type = 'space_opened' AND at >= ? AND at < ? AND json_extract(body, '$.org') = ? ORDER BY at",
      )
      .all(from, to, org)
      .map((r) => r.space);
    if (spaces.length === 0) return [];
    const marks = spaces.map(() => "?").join(",");
    const rows = this.#db
      .prepare<string[], { body: string }>(`SELECT body FROM events WHERE space IN (${marks}) AND type IN ('space_opened', 'space_closed') ORDER BY seq`)
      .all(...spaces);
    return sessionsFrom(rows.map((r) => LoggedEvent.parse(JSON.parse(r.body))), org, from, to);
  }

  async session(org: string, registration: string): Promise<SessionRecord | null> {
    this.#write();
    const opened = this.#db
      .prepare<[string, string], { space: string }>(
        "SELECT space FROM events WHERE type = 'space_opened' AND json_extract(body, '$.registration') = ? AND json_extract(body, '$.org') = ?",
      )
      .get(registration, org);
    if (!opened) return null;
    const rows = this.#db
      .prepare<[string], { body: string }>("SELECT body FROM events WHERE space = ? AND type IN ('space_opened', 'space_closed') ORDER BY seq")
      .all(opened.space);
    return sessionsFrom(rows.map((r) => LoggedEvent.parse(JSON.parse(r.body))), org, 0, Number.MAX_SAFE_INTEGER)[0] ?? null;
  }

  async purgeBefore(before: number, org?: string): Promise<number> {
    this.#write();
    if (org === undefined) return this.#db.prepare("DELETE FROM events WHERE at < ?").run(before).changes;
    return this.#db.transaction(() => {
      const spaces = this.#db
        .prepare<[string, number], { space: string }>(
          `SELECT space FROM events GROUP BY space
           HAVING SUM(type = 'space_opened' AND json_extract(body, '$.org') = ?) > 0 AND MAX(at) < ?`,
        )
        .all(org, before)
        .map((r) => r.space);
      const remove = this.#db.prepare<[string]>("DELETE FROM events WHERE space = ?");
      return spaces.reduce((n, space) => n + remove.run(space).changes, 0);
    })();
  }

  async eventsOfAccount(org: string, account: string): Promise<LoggedEvent[]> {
    this.#write();
    return this.#ofAccount(org, account).map((row) => LoggedEvent.parse(JSON.parse(row.body)));
  }

  async eraseAccount(org: string, account: string): Promise<number> {
    this.#write();
    return this.#db.transaction(() => {
      const remove = this.#db.prepare<[number]>("DELETE FROM events WHERE seq = ?");
      return this.#ofAccount(org, account).reduce((n, row) => n + remove.run(row.seq).changes, 0);
    })();
  }

  /** The account's visits in the organisation's sessions, then every event of or naming one of them. */
  #ofAccount(org: string, account: string): Array<{ seq: number; body: string }> {
    const visits = this.#db
      .prepare<[string, string], { space: string; participant: string }>(
        `SELECT e.space AS space, json_extract(e.body, '$.participant') AS participant FROM events e
         WHERE e.type = 'entered' AND json_extract(e.body, '$.account') = ?
           AND EXISTS (SELECT 1 FROM events o WHERE o.space = e.space AND o.type = 'space_opened' AND json_extract(o.body, '$.org') = ?)`,
      )
      .all(account, org);
    const select = this.#db.prepare<[string, string, string, string], { seq: number; body: string }>(
      `SELECT seq, body FROM events WHERE space = ? AND (json_extract(body, '$.participant') = ? OR json_extract(body, '$.target') = ? OR json_extract(body, '$.student') = ?)`,
    );
    return visits.flatMap((v) => select.all(v.space, v.participant, v.participant, v.participant)).sort((a, b) => a.seq - b.seq);
  }

  async closeInterrupted(): Promise<number> {
    this.#write();
    const open = this.#db
      .prepare<[], { space: string; last: number }>(
        `SELECT space, MAX(at) AS last FROM events GROUP BY space
         HAVING SUM(type = 'space_opened') > 0 AND SUM(type = 'space_closed') = 0`,
      )
      .all();
    for (const { space, last } of open) this.append({ v: 1, at: last, space, type: "space_closed", reason: "interrupted" });
    this.#write();
    return open.length;
  }

  /** Flushes and stops; the database itself is closed by whoever opened it. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#write();
    clearInterval(this.#timer);
    this.#closed = true;
  }
}
