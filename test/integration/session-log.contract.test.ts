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

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-log-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const event = (type: "entered" | "left", participant: string, space = "s1"): LoggedEvent => ({
  v: 1,
  at: Date.now(),
  space,
  type,
  participant,
  zone: "talk",
});

/** One contract, every implementation: callers never need to know which store they have. */
describe.each([
  ["memory", () => new MemorySessionLog()],
  ["sqlite", () => new SqliteSessionLog(openDatabase(path.join(dir, `${Math.random().toString(36).slice(2)}.sqlite`)), 10_000)],
] as Array<[string, () => SessionLog]>)("SessionLog (%s)", (_name, make) => {
  it("should keep events of a space in the order they were appended", () => {
    const log = make();
    log.append(event("entered", "p1"));
    log.append(event("entered", "p2", "other"));
    log.append(event("left", "p1"));
    expect(log.events("s1").map((e) => `${e.type}:${"participant" in e ? e.participant : ""}`)).toEqual(["entered:p1", "left:p1"]);
    expect(log.events("other")).toHaveLength(1);
    log.close();
  });

  it("should refuse an invalid event instead of storing it", () => {
    const log = make();
    expect(() => log.append({ ...event("entered", "p1"), zone: "roof" } as unknown as LoggedEvent)).toThrow();
    expect(log.events("s1")).toEqual([]);
    log.close();
  });

  it("should refuse appends after close", () => {
    const log = make();
    log.close();
    expect(() => log.append(event("entered", "p1"))).toThrow(/closed/);
  });
});

describe("SqliteSessionLog", () => {
  it("should write buffered events to the file on flush, readable by another connection", () => {
    const file = path.join(dir, "durable.sqlite");
    const log = new SqliteSessionLog(openDatabase(file), 10_000);
    log.append(event("entered", "p1"));
    log.append(event("left", "p1"));
    const reader = new Database(file, { readonly: true });
    const count = () => (reader.prepare("SELECT COUNT(*) AS n FROM events").get() as { n: number }).n;
    expect(count()).toBe(0); // still buffered
    log.flush();
    expect(count()).toBe(2);
    expect(reader.pragma("journal_mode", { simple: true })).toBe("wal");
    reader.close();
    log.close();
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
    log.close();
  });
});

describe.each([
  ["memory", () => new MemorySessionLog()],
  ["sqlite", () => new SqliteSessionLog(openDatabase(path.join(dir, `${Math.random().toString(36).slice(2)}.sqlite`)), 10_000)],
] as Array<[string, () => SessionLog]>)("SessionLog.closeInterrupted (%s)", (_name, make) => {
  it("should close spaces left open as interrupted, at their last event, and leave closed ones alone", () => {
    const log = make();
    log.append({ v: 1, at: 1000, space: "crashed", type: "space_opened" });
    log.append({ v: 1, at: 2000, space: "crashed", type: "entered", participant: "p", zone: "talk" });
    log.append({ v: 1, at: 1000, space: "tidy", type: "space_opened" });
    log.append({ v: 1, at: 3000, space: "tidy", type: "space_closed", reason: "closed" });
    expect(log.closeInterrupted()).toBe(1);
    expect(log.events("crashed").at(-1)).toMatchObject({ type: "space_closed", reason: "interrupted", at: 2000 });
    expect(log.events("tidy")).toHaveLength(2);
    expect(log.closeInterrupted()).toBe(0);
    log.close();
  });
});

describe.each([
  ["memory", () => new MemorySessionLog()],
  ["sqlite", () => new SqliteSessionLog(openDatabase(path.join(dir, `${Math.random().toString(36).slice(2)}.sqlite`)), 10_000)],
] as Array<[string, () => SessionLog]>)("SessionLog sessions and purge (%s)", (_name, make) => {
  const registration = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

  it("should list an organisation's sessions in a period, with how they ended", () => {
    const log = make();
    log.append({ v: 1, at: 1000, space: "a", type: "space_opened", org: "o1", registration: registration(1) });
    log.append({ v: 1, at: 5000, space: "a", type: "space_closed", reason: "closed" });
    log.append({ v: 1, at: 2000, space: "b", type: "space_opened", org: "o2", registration: registration(2) });
    log.append({ v: 1, at: 9000, space: "c", type: "space_opened", org: "o1", registration: registration(3) });
    expect(log.sessions("o1", 0, 10_000).map((s) => [s.registration, s.closedAt, s.interrupted])).toEqual([
      [registration(1), 5000, false],
      [registration(3), null, false],
    ]);
    expect(log.sessions("o1", 0, 5000).map((s) => s.space)).toEqual(["a"]);
    log.close();
  });

  it("should purge events older than a moment, and keep the rest", () => {
    const log = make();
    log.append({ v: 1, at: 1000, space: "old", type: "space_opened", org: "o", registration: registration(4) });
    log.append({ v: 1, at: 9000, space: "new", type: "space_opened", org: "o", registration: registration(5) });
    expect(log.purgeBefore(5000)).toBe(1);
    expect(log.events("old")).toEqual([]);
    expect(log.events("new")).toHaveLength(1);
    log.close();
  });

  it("should purge one organisation's whole sessions that ended before the moment, and nothing of another's", () => {
    const log = make();
    log.append({ v: 1, at: 1000, space: "mine", type: "space_opened", org: "o1", registration: registration(6) });
    log.append({ v: 1, at: 2000, space: "mine", type: "space_closed", reason: "closed" });
    log.append({ v: 1, at: 7000, space: "mine-later", type: "space_opened", org: "o1", registration: registration(7) });
    log.append({ v: 1, at: 1000, space: "theirs", type: "space_opened", org: "o2", registration: registration(8) });
    log.append({ v: 1, at: 2000, space: "theirs", type: "space_closed", reason: "closed" });
    // A session across the moment is kept whole: cut, its later events would belong to no one.
    log.append({ v: 1, at: 3000, space: "across", type: "space_opened", org: "o1", registration: registration(9) });
    log.append({ v: 1, at: 6000, space: "across", type: "space_closed", reason: "closed" });
    expect(log.purgeBefore(5000, "o1")).toBe(2);
    expect(log.events("mine")).toEqual([]);
    expect(log.events("mine-later")).toHaveLength(1);
    expect(log.events("across")).toHaveLength(2);
    expect(log.events("theirs")).toHaveLength(2);
    expect(log.purgeBefore(5000, "nobody")).toBe(0);
    expect(log.events("theirs")).toHaveLength(2);
    // Once it has all passed, it goes whole.
    expect(log.purgeBefore(6001, "o1")).toBe(2);
    expect(log.events("across")).toEqual([]);
    expect(log.sessions("o1", 0, 10_000).map((s) => s.space)).toEqual(["mine-later"]);
    log.close();
  });
});
