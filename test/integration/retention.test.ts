import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { purgeExpired } from "../../server/retention.ts";
import { type Services, createServices } from "../../server/services.ts";

/**
 * The retention limit keeps itself (server/retention.ts): what a child is told on the "what we
 * record" page ("kept N days at most") holds without an admin remembering to purge. A real
 * SQLite file; the services' clock is the test's.
 */
const DAY = 24 * 60 * 60 * 1000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-retention-"));
let services: Services | undefined;
afterAll(async () => {
  await services?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the retention limit", () => {
  it("should delete children's records older than the limit, and keep the rest", async () => {
    let now = Date.UTC(2026, 11, 1);
    services = await createServices({ dbFile: path.join(dir, "hidamari.sqlite"), dataDir: dir, secret: Buffer.alloc(32, 7), research: { retentionDays: 30 }, clock: { now: () => now } });
    const org = await services.directory.createOrganisation("ほくぶ センター");
    const { student } = await services.directory.registerStudent({ orgId: org.id, nickname: "りく" });
    const at = (daysAgo: number) => now - daysAgo * DAY;
    const opened = (space: string, daysAgo: number) => services?.log.append({ v: 1, at: at(daysAgo), space, type: "space_opened", org: org.id, registration: crypto.randomUUID() });
    opened("old", 40);
    opened("recent", 5);
    await services.selfStudy.start("old-desk", org.id, student.id, at(40));
    await services.selfStudy.start("new-desk", org.id, student.id, at(5));
    await services.reports.made("old-report", org.id, student.id, at(40));
    await services.reports.made("new-report", org.id, student.id, at(5));

    expect(await purgeExpired(services)).toEqual({ events: 1, selfStudy: 1, reports: 1, attendanceReports: 0 });
    expect(await services.log.events("old")).toEqual([]);
    expect(await services.log.events("recent")).toHaveLength(1);
    expect((await services.selfStudy.history(student.id)).length).toBe(1);
    expect((await services.reports.of(student.id)).map((r) => r.at)).toEqual([at(5)]);

    // Nothing more to do until time passes; then the rest goes too.
    expect(await purgeExpired(services)).toEqual({ events: 0, selfStudy: 0, reports: 0, attendanceReports: 0 });
    now += 26 * DAY;
    expect(await purgeExpired(services)).toEqual({ events: 1, selfStudy: 1, reports: 1, attendanceReports: 0 });
  });
});
