import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../server/store/database.ts";
import { CheckIns } from "../../server/store/checkIns.ts";
import { Directory } from "../../server/store/directory.ts";
import { type Sql, postgresSql, sqliteSql } from "../../server/store/sql.ts";
import { usePostgres } from "../support/postgres.ts";

/**
 * The daily check-in's store contract (server/store/checkIns.ts), on the embedded SQLite file and
 * a real PostgreSQL, as store.contract.test.ts runs the others: one row per child and day however
 * many writes arrive at once, the organisation's and the child's settings, each child's and each
 * organisation's reads, and what a guardian's request reads and erases.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-check-in-store-"));
const postgres = usePostgres();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ENGINES: Array<[string, () => Promise<Sql>]> = [
  ["sqlite", async () => sqliteSql(openDatabase(path.join(dir, `${randomBytes(6).toString("hex")}.sqlite`)))],
  ["postgres", async () => postgresSql(await postgres.fresh())],
];

describe.each(ENGINES)("CheckIns (%s)", (_engine, open) => {
  async function setUp() {
    const sql = await open();
    const directory = new Directory(sql, randomBytes(32));
    const org = await directory.createOrganisation("ひだまり区");
    const other = await directory.createOrganisation("こもれび市");
    const a = (await directory.registerStudent({ orgId: org.id, nickname: "はるか" })).student;
    const b = (await directory.registerStudent({ orgId: org.id, nickname: "そら" })).student;
    const c = (await directory.registerStudent({ orgId: other.id, nickname: "よその子" })).student;
    const zones: Record<string, string> = { [org.id]: "Asia/Tokyo", [other.id]: "Europe/London" };
    return { store: new CheckIns(sql, async (id) => zones[id] ?? "Asia/Tokyo"), org, other, a, b, c };
  }

  it("should keep one row per child and day however many writes arrive at once, the last one winning", async () => {
    const { store, org, a } = await setUp();
    await Promise.all(["good", "good", "low", "good"].map((answer, i) => store.record({ studentId: a.id, orgId: org.id, day: "2026-12-01", answer: answer as "good", at: 1000 + i })));
    const [row, ...more] = (await store.aboutStudent(a.id)).checkIns;
    expect(more).toEqual([]);
    expect(row?.day).toBe("2026-12-01");
    await store.record({ studentId: a.id, orgId: org.id, day: "2026-12-01", answer: "hard", at: 2000 });
    await store.record({ studentId: a.id, orgId: org.id, day: "2026-12-02", answer: "skip", at: 3000 });
    expect(await store.of(a.id, "2026-11-01")).toEqual([
      { day: "2026-12-01", answer: "hard" },
      { day: "2026-12-02", answer: "skip" },
    ]);
    expect(await store.of(a.id, "2026-12-02")).toEqual([{ day: "2026-12-02", answer: "skip" }]);
  });

  it("should read the day in each organisation's time zone", async () => {
    const { store, org, other } = await setUp();
    const at = Date.parse("2026-12-01T20:00:00Z"); // 05:00 on the 2nd in Tokyo, 20:00 on the 1st in London
    expect(await store.today(org.id, at)).toBe("2026-12-02");
    expect(await store.today(other.id, at)).toBe("2026-12-01");
  });

  it("should offer it only where the organisation turned it on, and not to a child staff turned it off for", async () => {
    const { store, org, other, a, b, c } = await setUp();
    expect(await store.enabled(org.id)).toBe(false);
    expect(await store.offeredTo(org.id, a.id)).toBe(false);
    await store.setEnabled(org.id, true, "staff-1", 1);
    await store.setEnabled(org.id, true, "staff-1", 2);
    expect(await store.offeredTo(org.id, a.id)).toBe(true);
    expect(await store.offeredTo(other.id, c.id)).toBe(false);
    await store.setOffForChild(org.id, a.id, true, "staff-1", 3);
    await store.setOffForChild(org.id, a.id, true, "staff-2", 4);
    expect(await store.offeredTo(org.id, a.id)).toBe(false);
    expect(await store.offeredTo(org.id, b.id)).toBe(true);
    expect([...(await store.offFor(org.id))]).toEqual([a.id]);
    expect([...(await store.offFor(other.id))]).toEqual([]);
    await store.setOffForChild(org.id, a.id, false, "staff-1", 5);
    expect(await store.offeredTo(org.id, a.id)).toBe(true);
    await store.setEnabled(org.id, false, "staff-1", 6);
    expect(await store.offeredTo(org.id, b.id)).toBe(false);
  });

  it("should read an organisation's days only, in order, with or without skips", async () => {
    const { store, org, other, a, b, c } = await setUp();
    await store.record({ studentId: b.id, orgId: org.id, day: "2026-12-02", answer: "okay", at: 1 });
    await store.record({ studentId: a.id, orgId: org.id, day: "2026-12-02", answer: "skip", at: 2 });
    await store.record({ studentId: a.id, orgId: org.id, day: "2026-12-01", answer: "great", at: 3 });
    await store.record({ studentId: a.id, orgId: org.id, day: "2026-11-01", answer: "great", at: 4 });
    await store.record({ studentId: c.id, orgId: other.id, day: "2026-12-02", answer: "hard", at: 5 });
    const days = (rows: Array<{ studentId: string; day: string; answer: string }>) => rows.map((r) => [r.studentId, r.day, r.answer]);
    expect(days(await store.ofOrg(org.id, "2026-12-01", "2026-12-31"))).toEqual([
      [a.id, "2026-12-01", "great"],
      ...[[a.id, "2026-12-02", "skip"], [b.id, "2026-12-02", "okay"]].sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : 1)),
    ]);
    expect(days(await store.ofOrg(org.id, "2026-12-01", "2026-12-31", "faces"))).toEqual([
      [a.id, "2026-12-01", "great"],
      [b.id, "2026-12-02", "okay"],
    ]);
  });

  it("should give everything held about one child, erase it all, and purge by day", async () => {
    const { store, org, a, b } = await setUp();
    await store.record({ studentId: a.id, orgId: org.id, day: "2026-12-01", answer: "good", at: 10 });
    await store.record({ studentId: a.id, orgId: org.id, day: "2026-12-02", answer: "skip", at: 20 });
    await store.record({ studentId: b.id, orgId: org.id, day: "2026-12-01", answer: "low", at: 30 });
    await store.setOffForChild(org.id, a.id, true, "staff-1", 40);
    expect(await store.aboutStudent(a.id)).toEqual({
      checkIns: [
        { studentId: a.id, orgId: org.id, day: "2026-12-01", answer: "good", at: 10 },
        { studentId: a.id, orgId: org.id, day: "2026-12-02", answer: "skip", at: 20 },
      ],
      offForChild: { updatedBy: "staff-1", updatedAt: 40 },
    });
    expect(await store.eraseStudent(a.id)).toBe(3);
    expect(await store.aboutStudent(a.id)).toEqual({ checkIns: [], offForChild: null });
    expect((await store.aboutStudent(b.id)).checkIns).toHaveLength(1);
    expect(await store.purgeBefore("2026-12-02", org.id)).toBe(1);
    expect((await store.aboutStudent(b.id)).checkIns).toEqual([]);
  });
});
