import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { loadSecret } from "../../server/auth/secret.ts";
import { openDatabase } from "../../server/store/database.ts";
import { sqliteSql } from "../../server/store/sql.ts";
import { Directory } from "../../server/store/directory.ts";
import { AuditLog } from "../../server/store/audit.ts";
import { WelcomeLinks } from "../../server/store/welcomeLinks.ts";

const run = promisify(execFile);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-cli-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** `npm run admin -- …` as a script would run it, against a throwaway data folder. */
async function admin(...args: string[]) {
  return adminWith({ HIDAMARI_PASSWORD: "a long password" }, ...args);
}
async function adminWith(env: Record<string, string>, ...args: string[]) {
  const { HIDAMARI_PASSWORD: _none, ...inherited } = process.env;
  const { stdout } = await run(process.execPath, ["--import", "tsx", "server/cli/admin.ts", ...args], { env: { ...inherited, HIDAMARI_DATA_DIR: dataDir, ...env } });
  return stdout;
}

describe("the admin CLI", () => {
  it("should set up an organisation, staff and a student whose code works, and audit it all", async () => {
    const orgId = /organisation (\S+)/.exec(await admin("create-org", "みどり区 教育支援センター"))?.[1] ?? "";
    expect(orgId).not.toBe("");
    const added = await admin("add-staff", orgId, "sato", "counsellor", "さとう", "先生");
    expect(added).toMatch(/sato \(counsellor\)/);
    const satoId = /staff (\S+)/.exec(added)?.[1] ?? "";
    const registered = await admin("register-student", orgId, "はるか", "staff-only note");
    const code = /access code: (\S+)/.exec(registered)?.[1] ?? "";
    const studentId = /student (\S+)/.exec(registered)?.[1] ?? "";
    expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}$/);

    const db = openDatabase(path.join(dataDir, "hidamari.sqlite"));
    const directory = new Directory(sqliteSql(db), loadSecret(dataDir));
    expect((await directory.studentByCode(code))?.nickname).toBe("はるか");
    expect(await directory.verifyStaff("sato", "a long password")).toMatchObject({ displayName: "さとう 先生" });

    expect(await admin("consent", studentId, "activity")).toContain("consent: activity");
    expect(await directory.consentOf(studentId)).toBe("activity");
    expect(await admin("create-study", orgId, "ふゆの", "研究")).toMatch(/study \S+ {2}ふゆの 研究/);
    expect(await admin("purge")).toMatch(/deleted 0 events older than 365 days/);
    // Only the command line makes a federation admin (never the web), and says so in the list.
    expect(await admin("federation", satoId, "on")).toContain("sato: federation admin on");
    expect(await directory.staff(satoId)).toMatchObject({ federation: true });
    expect(await admin("list")).toMatch(/sato \(counsellor, federation\)/);
    expect(await admin("federation", satoId, "off")).toContain("sato: federation admin off");
    expect(await directory.staff(satoId)).toMatchObject({ federation: false });
    await admin("revoke-code", studentId);
    expect(await directory.studentByCode(code)).toBeNull();
    const actions = (await new AuditLog(sqliteSql(db)).list(orgId)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["create_org", "add_staff", "register_student", "revoke_code", "record_consent", "create_study", "grant_federation", "revoke_federation"]));
    db.close();
  }, 60_000);

  it("should add staff with a welcome link, not a password, unless the operator sets one; and send a new link that replaces the old", async () => {
    const orgId = /organisation (\S+)/.exec(await admin("create-org", "あおば市"))?.[1] ?? "";
    const added = await adminWith({ HIDAMARI_PUBLIC_URL: "https://hidamari.example.jp/" }, "add-staff", orgId, "aoba-admin", "admin", "あおばの", "管理者");
    expect(added).not.toMatch(/password:/);
    const staffId = /staff (\S+)/.exec(added)?.[1] ?? "";
    const first = /https:\/\/hidamari\.example\.jp\/staff\?welcome=([\w-]+)/.exec(added)?.[1] ?? "";
    expect(first).toHaveLength(32);
    expect(added).toMatch(/works once, until \d{4}-\d\d-\d\dT/);

    const db = openDatabase(path.join(dataDir, "hidamari.sqlite"));
    const sql = sqliteSql(db);
    const directory = new Directory(sql, loadSecret(dataDir));
    expect(await directory.hasPassword(staffId)).toBe(false);
    expect(await directory.verifyStaff("aoba-admin", "a long password")).toBeNull();

    const again = await adminWith({}, "welcome-link", staffId);
    const second = /http:\/\/localhost:\d+\/staff\?welcome=([\w-]+)/.exec(again)?.[1] ?? "";
    expect(second).toHaveLength(32);
    const links = new WelcomeLinks(sql);
    await expect(links.open(first)).rejects.toMatchObject({ code: "welcome_replaced" });
    expect(await links.claim(second, "the person's own")).toMatchObject({ staffId, issuedBy: "cli" });
    expect(await directory.verifyStaff("aoba-admin", "the person's own")).toMatchObject({ orgId });
    const actions = (await new AuditLog(sql).list(orgId)).map((e) => [e.action, e.actorId, e.target]);
    expect(actions.slice(0, 3)).toEqual([
      ["issue_welcome_link", "cli", staffId],
      ["issue_welcome_link", "cli", staffId],
      ["add_staff", "cli", staffId],
    ]);
    await expect(adminWith({}, "welcome-link", "nobody")).rejects.toMatchObject({ stderr: expect.stringContaining("no such staff account") });
    db.close();
  }, 60_000);

  it("should explain itself when a command is wrong", async () => {
    await expect(admin("add-staff", "only-one-arg")).rejects.toMatchObject({ stderr: expect.stringContaining("npm run admin -- create-org") });
  }, 30_000);
});
