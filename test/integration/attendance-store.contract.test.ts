import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AttendanceReports } from "../../server/store/attendanceReports.ts";
import { openDatabase } from "../../server/store/database.ts";
import { Directory } from "../../server/store/directory.ts";
import { type Sql, postgresSql, sqliteSql } from "../../server/store/sql.ts";
import { usePostgres } from "../support/postgres.ts";

/**
 * The attendance reports' store on both engines (the embedded SQLite file and a real PostgreSQL):
 * a guardian's link opens once, for fourteen days, one of two opens at once wins; only a hash of
 * its token is kept and its PDF is let go once opened; the staff-only school name; and what a
 * guardian's copy and an erasure of one child find (server/rights).
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-attendance-store-"));
const postgres = usePostgres();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ENGINES: Array<[string, () => Promise<Sql>]> = [
  ["sqlite", async () => sqliteSql(openDatabase(path.join(dir, `${randomBytes(6).toString("hex")}.sqlite`)))],
  ["postgres", async () => postgresSql(await postgres.fresh())],
];
const DAY = 24 * 60 * 60 * 1000;
const PDF = Buffer.from("%PDF-1.3 a report\n");

describe.each(ENGINES)("AttendanceReports (%s)", (_engine, open) => {
  async function world() {
    const sql = await open();
    const directory = new Directory(sql, randomBytes(32));
    const org = await directory.createOrganisation("ほうこく");
    const { student } = await directory.registerStudent({ orgId: org.id, nickname: "いろは" });
    const { student: other } = await directory.registerStudent({ orgId: org.id, nickname: "ほかのこ" });
    const clock = { at: Date.now(), now: () => clock.at };
    const made = (studentId: string) => ({ orgId: org.id, studentId, madeBy: "staff-1", from: "2026-11-01", to: "2026-11-30", lang: "ja" as const, format: "link" as const });
    return { sql, org, student, other, clock, made, reports: new AttendanceReports(sql, clock) };
  }

  it("should open a guardian's link once, keep only its token's hash, and let the PDF go once opened", async () => {
    const { sql, student, reports, made } = await world();
    const { token } = await reports.issueLink(made(student.id), PDF);
    expect(JSON.stringify(await sql.all("SELECT link_hash FROM attendance_reports"))).not.toContain(token);
    const first = await reports.openLink(token);
    expect("pdf" in first && first.pdf.equals(PDF)).toBe(true);
    expect(await reports.openLink(token)).toEqual({ problem: "gone", orgId: student.orgId, studentId: student.id });
    expect(await sql.all("SELECT id FROM attendance_reports WHERE pdf IS NOT NULL")).toEqual([]);
    expect(await reports.openLink("never-issued")).toEqual({ problem: "unknown" });
  });

  it("should stop a link at the end of its fourteenth day and let its PDF go", async () => {
    const { sql, student, reports, made, clock } = await world();
    const { token, expiresAt } = await reports.issueLink(made(student.id), PDF);
    expect(expiresAt).toBe(clock.at + 14 * DAY);
    clock.at += 14 * DAY;
    expect(await reports.openLink(token)).toMatchObject({ problem: "gone" });
    expect(await sql.all("SELECT id FROM attendance_reports WHERE pdf IS NOT NULL")).toEqual([]);
  });

  it("should let exactly one of two opens at once have the PDF", async () => {
    const { student, reports, made } = await world();
    for (let round = 0; round < 5; round++) {
      const { token } = await reports.issueLink(made(student.id), PDF);
      const outcomes = await Promise.all([reports.openLink(token), reports.openLink(token)]);
      expect(outcomes.filter((o) => "pdf" in o)).toHaveLength(1);
    }
  });

  it("should keep the school name staff entered, replace it, and give and erase one child's records only", async () => {
    const { student, other, reports, made } = await world();
    expect(await reports.schoolName(student.id)).toEqual({ nameAtSchool: "", school: "", grade: "" });
    await reports.setSchoolName(student.orgId, student.id, { nameAtSchool: "山田 いろは", school: "みなみ小", grade: "4年" }, "staff-1");
    await reports.setSchoolName(student.orgId, student.id, { nameAtSchool: "山田 いろは", school: "みなみ小", grade: "5年" }, "staff-2");
    expect(await reports.schoolName(student.id)).toEqual({ nameAtSchool: "山田 いろは", school: "みなみ小", grade: "5年" });
    await reports.made({ ...made(student.id), format: "pdf" });
    await reports.issueLink(made(student.id), PDF);
    await reports.made({ ...made(other.id), format: "csv" });
    const held = (await reports.aboutStudent(student.id)) as { reports: Array<{ format: string }>; schoolName: { name_at_school: string } };
    expect(held.reports.map((r) => r.format)).toEqual(["pdf", "link"]);
    expect(held.schoolName.name_at_school).toBe("山田 いろは");
    expect(JSON.stringify(held)).not.toContain("%PDF");
    expect(await reports.eraseStudent(student.id)).toBe(3);
    expect(await reports.aboutStudent(student.id)).toEqual({ reports: [], schoolName: null });
    expect(((await reports.aboutStudent(other.id)) as { reports: unknown[] }).reports).toHaveLength(1);
  });
});
