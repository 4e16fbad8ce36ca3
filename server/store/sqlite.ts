import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { LoggedEvent } from "../../shared/log/events.ts";
import type { SessionLog } from "./SessionLog.ts";

/**
 * The embedded store: one SQLite file in WAL mode. Appends are buffered and written in one
 * transaction per flush interval, so a busy space costs one fsync-ish write per interval rather
 * than one per event, and a crash loses at most one interval.
 */
export class SqliteSessionLog implements SessionLog {
  readonly #db: Database.Database;
  readonly #insert: Database.Statement;
  readonly #select: Database.Statement;
  readonly #timer: NodeJS.Timeout;
  #buffer: LoggedEvent[] = [];
  #closed = false;

  constructor(file: string, flushMs = 250) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.#db = new Database(file);
    this.#db.pragma("journal_mode = WAL");
    this.#db.pragma("synchronous = NORMAL");
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS events (
        seq   INTEGER PRIMARY KEY AUTOINCREMENT,
        space TEXT    NOT NULL,
        at    INTEGER NOT NULL,
        type  TEXT    NOT NULL,
        v     INTEGER NOT NULL,
        body  TEXT    NOT NULL
      );
      CREATE INDEX IF NOT EXISTS events_space ON events (space, seq);
    `);
    this.#insert = this.#db.prepare("INSERT INTO events (space, at, type, v, body) VALUES (?, ?, ?, ?, ?)");
    this.#select = this.#db.prepare("SELECT body FROM events WHERE space = ? ORDER BY seq");
    this.#timer = setInterval(() => this.flush(), flushMs);
    this.#timer.unref();
  }

  append(event: LoggedEvent): void {
    if (this.#closed) throw new Error("session log is closed");
    this.#buffer.push(LoggedEvent.parse(event));
  }

  flush(): void {
    if (this.#buffer.length === 0 || this.#closed) return;
    const batch = this.#buffer;
    this.#buffer = [];
    this.#db.transaction((rows: LoggedEvent[]) => {
      for (const e of rows) this.#insert.run(e.space, e.at, e.type, e.v, JSON.stringify(e));
    })(batch);
  }

  events(space: string): LoggedEvent[] {
    this.flush();
    return (this.#select.all(space) as Array<{ body: string }>).map((row) => LoggedEvent.parse(JSON.parse(row.body)));
  }

  close(): void {
    if (this.#closed) return;
    this.flush();
    clearInterval(this.#timer);
    this.#closed = true;
    this.#db.close();
  }
}
