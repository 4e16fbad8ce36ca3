import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import type { LoggedEvent } from "../../shared/log/events.ts";
import { MemorySessionLog } from "../../server/store/memory.ts";
import type { SessionLog } from "../../server/store/SessionLog.ts";
import { SqliteSessionLog } from "../../server/store/sqlite.ts";
import { openDatabase } from "../../server/store/database.ts";
import { type Pool, SCHEMA_VERSION, openPostgres } from "../../server/store/postgres/database.ts";
import { PostgresSessionLog } from "../../server/store/postgres/sessionLog.ts";
import { usePostgres } from "../support/postgres.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-log-"));
const postgres = usePostgres();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const event = (type: "entered" | "left", participant: string, space = "s1"): LoggedEvent => ({
  v: 1,
  at: Date.now(),
  space,
  type,
  participant,
  zone: "talk",
});

/** Each store, fresh (its own file or database), flushing only when told to within a test. */
const STORES: Array<[string, () => Promise<SessionLog>]> = [
  ["memory", async () => new MemorySessionLog()],
  ["sqlite", async () => new SqliteSessionLog(openDatabase(path.join(dir, `${Math.random().toString(36).slice(2)}.sqlite`)), 10_000)],
  [
    "postgres",
    async () => new PostgresSessionLog(await postgres.fresh(), { flushMs: 10_000 }),
  ],
];

/** One contract, every implementation: callers never need to know which store they have. */
describe.each(STORES)("SessionLog (%s)", (_name, make) => {
  it("should keep events of a space in the order they were appended", async () => {
    const log = await make();
    log.append(event("entered", "p1"));
    log.append(event("entered", "p2", "other"));
    log.append(event("left", "p1"));
    expect((await log.events("s1")).map((e) => `${e.type}:${"participant" in e ? e.participant : ""}`)).toEqual(["entered:p1", "left:p1"]);
    expect(await log.events("other")).toHaveLength(1);
    await log.close();
  });

  it("should read events of some types from many spaces at once, in the order logged, and nothing else", async () => {
    const log = await make();
    log.append(event("entered", "p1", "a"));
    log.append(event("entered", "p2", "b"));
    log.append(event("left", "p1", "a"));
    log.append(event("entered", "p3", "c"));
    log.append({ v: 1, at: Date.now(), space: "a", type: "position", participant: "p1", x: 1, z: 2 });
    log.append(event("left", "p2", "b"));
    const read = async (spaces: string[], types: Array<LoggedEvent["type"]>) => (await log.eventsOf(spaces, types)).map((e) => `${e.space}:${e.type}:${"participant" in e ? e.participant : ""}`);
    expect(await read(["a", "b"], ["entered", "left"])).toEqual(["a:entered:p1", "b:entered:p2", "a:left:p1", "b:left:p2"]);
    expect(await read(["a", "b", "c"], ["entered"])).toEqual(["a:entered:p1", "b:entered:p2", "c:entered:p3"]);
    expect(await read(["a"], ["position"])).toEqual(["a:position:p1"]);
    expect(await read([], ["entered"])).toEqual([]);
    expect(await read(["a"], [])).toEqual([]);
    expect(await read(["nowhere"], ["entered"])).toEqual([]);
    await log.close();
  });

  it("should refuse an invalid event instead of storing it", async () => {
    const log = await make();
    expect(() => log.append({ ...event("entered", "p1"), zone: "roof" } as unknown as LoggedEvent)).toThrow();
    expect(await log.events("s1")).toEqual([]);
    await log.close();
  });

  it("should refuse appends after close", async () => {
    const log = await make();
    await log.close();
    expect(() => log.append(event("entered", "p1"))).toThrow(/closed/);
  });
});

describe("SqliteSessionLog", () => {
  it("should write buffered events to the file on flush, readable by another connection", async () => {
    const file = path.join(dir, "durable.sqlite");
    const log = new SqliteSessionLog(openDatabase(file), 10_000);
    log.append(event("entered", "p1"));
    log.append(event("left", "p1"));
    const reader = new Database(file, { readonly: true });
    const count = () => (reader.prepare("SELECT COUNT(*) AS n FROM events").get() as { n: number }).n;
    expect(count()).toBe(0); // still buffered
    await log.flush();
    expect(count()).toBe(2);
    expect(reader.pragma("journal_mode", { simple: true })).toBe("wal");
    reader.close();
    await log.close();
  });

  it("should flush by itself within the flush interval", async () => {
    const file = path.join(dir, "timed.sqlite");
    const log = new SqliteSessionLog(openDatabase(file), 20);
    log.append(event("entered", "p1"));
    const reader = new Database(file, { readonly: true });
    const count = () => (reader.prepare("SELECT COUNT(*) AS n FROM events").get() as { n: number }).n;
    const started = Date.now();
    while (count() === 0 && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 10));
    expect(count()).toBe(1);
    reader.close();
    await log.close();
  });
});

describe("PostgresSessionLog", () => {
  const open = async () => {
    const pool = await postgres.fresh();
    return { pool, log: new PostgresSessionLog(pool, { flushMs: 10_000 }) };
  };
  const count = async (pool: Pool) => (await pool.query<{ n: number }>("SELECT COUNT(*) AS n FROM events")).rows[0]?.n;

  it("should write buffered events on flush, for every process's connection to read, Japanese text intact", async () => {
    const { pool, log } = await open();
    log.append(event("entered", "p1"));
    log.append({ v: 1, at: Date.now(), space: "s1", type: "chat_sent", participant: "p1", channel: "space", zone: "talk", chars: 9, text: "きょうは「はれ」\\😊" });
    expect(await count(pool)).toBe(0); // still buffered
    await log.flush();
    expect(await count(pool)).toBe(2);
    const other = await openPostgres(pool.options.connectionString as string);
    const reader = new PostgresSessionLog(other);
    expect((await reader.events("s1")).map((e) => ("text" in e ? e.text : e.type))).toEqual(["entered", "きょうは「はれ」\\😊"]);
    await reader.close();
    await log.close();
    await other.end();
  });

  it("should keep a batch the database refused, in order, and write it with the next flush", async () => {
    const { pool, log } = await open();
    log.append(event("entered", "p1"));
    await pool.query("ALTER TABLE events RENAME TO events_away"); // the database will not take it
    await expect(log.flush()).rejects.toThrow(/events/);
    log.append(event("left", "p1"));
    await pool.query("ALTER TABLE events_away RENAME TO events");
    await log.flush();
    expect((await log.events("s1")).map((e) => e.type)).toEqual(["entered", "left"]);
    await log.close();
  });

  it("should migrate a database once, however many processes open it together", async () => {
    const url = await postgres.database();
    const opened = await Promise.all([openPostgres(url), openPostgres(url), openPostgres(url)]);
    const { rows } = await (opened[0] as Pool).query<{ version: number }>("SELECT version FROM schema_version");
    expect(rows).toEqual([{ version: SCHEMA_VERSION }]);
    await Promise.all(opened.map((p) => p.end()));
  });
});

describe.each(STORES)("SessionLog.closeInterrupted (%s)", (_name, make) => {
  it("should close spaces left open as interrupted, at their last event, and leave closed ones alone", async () => {
    const log = await make();
    log.append({ v: 1, at: 1000, space: "crashed", type: "space_opened" });
    log.append({ v: 1, at: 2000, space: "crashed", type: "entered", participant: "p", zone: "talk" });
    log.append({ v: 1, at: 1000, space: "tidy", type: "space_opened" });
    log.append({ v: 1, at: 3000, space: "tidy", type: "space_closed", reason: "closed" });
    expect(await log.closeInterrupted()).toBe(1);
    expect((await log.events("crashed")).at(-1)).toMatchObject({ type: "space_closed", reason: "interrupted", at: 2000 });
    expect(await log.events("tidy")).toHaveLength(2);
    expect(await log.closeInterrupted()).toBe(0);
    await log.close();
  });
});

describe.each(STORES)("SessionLog sessions and purge (%s)", (_name, make) => {
  const registration = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

  it("should list an organisation's sessions in a period, with how they ended", async () => {
    const log = await make();
    log.append({ v: 1, at: 1000, space: "a", type: "space_opened", org: "o1", registration: registration(1) });
    log.append({ v: 1, at: 5000, space: "a", type: "space_closed", reason: "closed" });
    log.append({ v: 1, at: 2000, space: "b", type: "space_opened", org: "o2", registration: registration(2) });
    log.append({ v: 1, at: 9000, space: "c", type: "space_opened", org: "o1", registration: registration(3) });
    expect((await log.sessions("o1", 0, 10_000)).map((s) => [s.registration, s.closedAt, s.interrupted])).toEqual([
      [registration(1), 5000, false],
      [registration(3), null, false],
    ]);
    expect((await log.sessions("o1", 0, 5000)).map((s) => s.space)).toEqual(["a"]);
    await log.close();
  });

  it("should find one session by its registration, and only within its own organisation", async () => {
    const log = await make();
    log.append({ v: 1, at: 1000, space: "a", type: "space_opened", org: "o1", registration: registration(1) });
    log.append({ v: 1, at: 5000, space: "a", type: "space_closed", reason: "interrupted" });
    log.append({ v: 1, at: 2000, space: "b", type: "space_opened", org: "o2", registration: registration(2) });
    expect(await log.session("o1", registration(1))).toEqual({ space: "a", registration: registration(1), org: "o1", openedAt: 1000, closedAt: 5000, interrupted: true });
    expect(await log.session("o2", registration(1))).toBeNull();
    expect(await log.session("o1", registration(2))).toBeNull();
    expect(await log.session("o1", registration(9))).toBeNull();
    await log.close();
  });

  it("should purge events older than a moment, and keep the rest", async () => {
    const log = await make();
    log.append({ v: 1, at: 1000, space: "old", type: "space_opened", org: "o", registration: registration(4) });
    log.append({ v: 1, at: 9000, space: "new", type: "space_opened", org: "o", registration: registration(5) });
    expect(await log.purgeBefore(5000)).toBe(1);
    expect(await log.events("old")).toEqual([]);
    expect(await log.events("new")).toHaveLength(1);
    await log.close();
  });

  it("should purge one organisation's whole sessions that ended before the moment, and nothing of another's", async () => {
    const log = await make();
    log.append({ v: 1, at: 1000, space: "mine", type: "space_opened", org: "o1", registration: registration(6) });
    log.append({ v: 1, at: 2000, space: "mine", type: "space_closed", reason: "closed" });
    log.append({ v: 1, at: 7000, space: "mine-later", type: "space_opened", org: "o1", registration: registration(7) });
    log.append({ v: 1, at: 1000, space: "theirs", type: "space_opened", org: "o2", registration: registration(8) });
    log.append({ v: 1, at: 2000, space: "theirs", type: "space_closed", reason: "closed" });
    // A session across the moment is kept whole: cut, its later events would belong to no one.
    log.append({ v: 1, at: 3000, space: "across", type: "space_opened", org: "o1", registration: registration(9) });
    log.append({ v: 1, at: 6000, space: "across", type: "space_closed", reason: "closed" });
    expect(await log.purgeBefore(5000, "o1")).toBe(2);
    expect(await log.events("mine")).toEqual([]);
    expect(await log.events("mine-later")).toHaveLength(1);
    expect(await log.events("across")).toHaveLength(2);
    expect(await log.events("theirs")).toHaveLength(2);
    expect(await log.purgeBefore(5000, "nobody")).toBe(0);
    expect(await log.events("theirs")).toHaveLength(2);
    // Once it has all passed, it goes whole.
    expect(await log.purgeBefore(6001, "o1")).toBe(2);
    expect(await log.events("across")).toEqual([]);
    expect((await log.sessions("o1", 0, 10_000)).map((s) => s.space)).toEqual(["mine-later"]);
    await log.close();
  });

  it("should give one account's part of an organisation's log, and erase exactly that", async () => {
    const log = await make();
    log.append({ v: 1, at: 1000, space: "a", type: "space_opened", org: "o1", registration: registration(1) });
    log.append({ v: 1, at: 1100, space: "a", type: "entered", participant: "p1", zone: "talk", account: "child", role: "student" });
    log.append({ v: 1, at: 1200, space: "a", type: "entered", participant: "p2", zone: "talk", account: "other", role: "student" });
    log.append({ v: 1, at: 1300, space: "a", type: "entered", participant: "s1", zone: "talk", account: "staff", role: "staff" });
    log.append({ v: 1, at: 1400, space: "a", type: "chat_sent", participant: "p1", channel: "zone", zone: "talk", chars: 3 });
    log.append({ v: 1, at: 1500, space: "a", type: "staff_action", participant: "s1", action: "greet", target: "p1" });
    log.append({ v: 1, at: 1600, space: "a", type: "help_answered", participant: "s1", kind: "talk", student: "p1", waitedMs: 5 });
    log.append({ v: 1, at: 1700, space: "a", type: "staff_action", participant: "s1", action: "greet", target: "p2" });
    log.append({ v: 1, at: 1800, space: "a", type: "left", participant: "p1", zone: "talk" });
    // The same visit id in another organisation's session is someone else.
    log.append({ v: 1, at: 2000, space: "b", type: "space_opened", org: "o2", registration: registration(2) });
    log.append({ v: 1, at: 2100, space: "b", type: "entered", participant: "p1", zone: "talk", account: "child", role: "student" });
    const theirs = await log.eventsOfAccount("o1", "child");
    expect(theirs.map((e) => [e.type, e.at])).toEqual([
      ["entered", 1100],
      ["chat_sent", 1400],
      ["staff_action", 1500],
      ["help_answered", 1600],
      ["left", 1800],
    ]);
    expect(await log.eventsOfAccount("o1", "nobody")).toEqual([]);
    expect(await log.eraseAccount("o1", "child")).toBe(5);
    expect(await log.eventsOfAccount("o1", "child")).toEqual([]);
    expect((await log.events("a")).map((e) => e.at)).toEqual([1000, 1200, 1300, 1700]);
    expect(await log.events("b")).toHaveLength(2);
    await log.close();
  });
});
