import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod/mini";
import { RosterApplied, RosterPreview } from "../../shared/protocol/roster.ts";
import { anonymous, organisation, request, staffMember, student } from "../support/people.ts";
import { PEOPLE, SCHOOL, rosterFiles } from "../support/roster.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * Importing a OneRoster export over HTTP (issue 18), on a real server with a real SQLite file:
 * only an admin may, a preview changes nothing, apply re-reads the files and does what the
 * preview said or nothing, imported children enter with their codes and staff with their links,
 * a second import updates, and no name from the file is stored unless kept as a note.
 */
let server: TestServer;
let dbDir: string;
let dbFile: string;
beforeAll(async () => {
  dbDir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-roster-"));
  dbFile = path.join(dbDir, "hidamari.sqlite");
  server = await startTestServer({ dbFile });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dbDir, { recursive: true, force: true });
});

/** The fixture's files with its staff user names made this test's own (user names are unique across the installation). */
let n = 0;
function files(folder = "valid") {
  const tag = `${++n}${Date.now().toString(36)}`;
  const all = rosterFiles(folder);
  return { ...all, "users.csv": all["users.csv"]?.replace(/(tanaka\.yoko|ito\.makoto)@/g, `$1${tag}@`) };
}
const preview = async (admin: { http: (m: string, p: string, b?: unknown) => Promise<{ status: number; json: unknown }> }, body: Record<string, unknown>) => {
  const res = await admin.http("POST", "/admin/roster/preview", { keepNames: false, shownAs: {}, ...body });
  expect(res.status).toBe(200);
  return z.parse(RosterPreview, res.json);
};
const apply = async (admin: { http: (m: string, p: string, b?: unknown) => Promise<{ status: number; json: unknown }> }, body: Record<string, unknown>) => {
  const res = await admin.http("POST", "/admin/roster/apply", { keepNames: false, shownAs: {}, ...body });
  expect(res.status).toBe(200);
  return z.parse(RosterApplied, res.json);
};
/** Every byte the store has on disk (the file and its write-ahead log). */
const onDisk = () => Buffer.concat([dbFile, `${dbFile}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f))).toString("utf8");

describe("importing a roster", () => {
  it("should be for admins only: others are refused and the refusal audited, before their body is read", async () => {
    const org = await organisation(server);
    const body = { files: files(), keepNames: false, shownAs: {} };
    for (const who of [await staffMember(server, org.id, "counsellor"), await staffMember(server, org.id, "researcher"), await student(server, org.id, "はるか")]) {
      expect((await who.http("POST", "/admin/roster/preview", body)).status).toBe(403);
      expect((await who.http("POST", "/admin/roster/apply", { ...body, digest: "x" })).status).toBe(403);
    }
    expect((await anonymous(server, org.id).http("POST", "/admin/roster/preview", body)).status).toBe(401);
    // Nobody signed in cannot make the server read megabytes.
    const big = await request(server, "POST", "/admin/roster/preview", { files: { "users.csv": "x".repeat(5_000_000) }, keepNames: false, shownAs: {} });
    expect(big.status).toBe(401);
    const denied = (await server.services.audit.list(org.id)).filter((e) => e.outcome === "denied");
    expect(denied.map((e) => e.action)).toContain("POST /admin/roster/preview");
    expect(denied).toHaveLength(6);
  });

  it("should preview without writing, apply exactly that, let the children in with their codes and staff with their links, and store no name", async () => {
    const org = await organisation(server, "みなみ区立ひだまり小学校");
    const admin = await staffMember(server, org.id, "admin", "かんり");
    const sent = files();
    const seen = await preview(admin, { files: sent });
    expect(seen.issues).toEqual([{ file: "orgs.csv", line: null, problem: "choose_org" }]);
    const chosen = await preview(admin, { files: sent, org: SCHOOL, shownAs: { [PEOPLE.haruka]: "ひまわり" } });
    expect(chosen.issues).toEqual([]);
    expect(chosen.add.map((p) => [p.kind, p.shownAs])).toEqual([
      ["student", "ひまわり"],
      ["student", "なかま1"],
      ["student", "なかま2"],
      ["counsellor", "田中先生"],
      ["admin", "伊藤先生"],
    ]);
    expect(chosen.leftOut.map((p) => p.reason)).toEqual(["other_org", "family", "disabled"]);
    expect(await server.services.directory.studentsOf(org.id)).toEqual([]);

    const done = await apply(admin, { files: sent, org: SCHOOL, shownAs: { [PEOPLE.haruka]: "ひまわり" }, digest: chosen.digest });
    if (!done.applied) throw new Error(`not applied: ${done.reason}`);
    expect(done.counts).toEqual({ added: 5, changed: 0, same: 0, leftOut: 3 });
    expect(done.codes.map((c) => c.nickname)).toEqual(["ひまわり", "なかま1", "なかま2"]);

    // A child enters with the code shown once, and is who the admin named them.
    const enter = await request(server, "POST", "/enter", { code: done.codes[0]?.code });
    expect(enter.status).toBe(200);
    expect(enter.json).toMatchObject({ kind: "student", nickname: "ひまわり", org: org.id });
    // A member of staff opens their link; nobody has chosen a password for them.
    const link = done.links.find((l) => l.displayName === "伊藤先生");
    const token = new URL(link?.url ?? "http://x").searchParams.get("welcome") ?? "";
    expect((await request(server, "POST", "/welcome/look", { token })).json).toMatchObject({ displayName: "伊藤先生", reset: false });
    expect((await server.services.directory.staffOf(org.id)).filter((s) => !s.claimed).map((s) => [s.displayName, s.role])).toEqual([
      ["田中先生", "counsellor"],
      ["伊藤先生", "admin"],
    ]);

    // Audited with counts, never a name; and no name or reading from the file is anywhere on disk.
    const entry = (await server.services.audit.list(org.id)).find((e) => e.action === "import_roster");
    expect(entry).toMatchObject({ actorRole: "admin", outcome: "done", detail: { added: 5, changed: 0, same: 0, leftOut: 3, students: 3, staff: 2, keptNames: false } });
    const disk = onDisk();
    for (const name of ["陽香", "ハルカ", "佐藤", "サトウ", "鈴木", "スズキ", "高橋", "美咲", "ヨウコ", "マコト"]) expect(disk.includes(name), name).toBe(false);
    expect(disk.includes("ひまわり")).toBe(true); // the check can see what is there
    // The other school's child was not imported.
    expect((await server.services.directory.studentsOf(org.id)).map((s) => s.nickname)).toEqual(["ひまわり", "なかま1", "なかま2"]);
  });

  it("should update on a second import instead of adding, and keep names as a staff-only note only when asked", async () => {
    const org = await organisation(server);
    const admin = await staffMember(server, org.id, "admin");
    const sent = files();
    const first = await preview(admin, { files: sent, org: SCHOOL });
    expect((await apply(admin, { files: sent, org: SCHOOL, digest: first.digest })).applied).toBe(true);

    // The organisation is linked now: the file's school needs no choosing, and nothing is new.
    const again = await preview(admin, { files: sent });
    expect(again).toMatchObject({ org: SCHOOL, add: [], change: [], issues: [] });
    expect(again.same).toHaveLength(5);

    const kept = await preview(admin, { files: sent, keepNames: true });
    expect(kept.change.map((p) => [p.sourcedId, p.changes.map((c) => [c.field, c.to])])).toEqual([
      [PEOPLE.haruka, [["note", "山田 陽香（ヤマダ ハルカ）"]]],
      [PEOPLE.sora, [["note", "佐藤 空（サトウ ソラ）"]]],
      [PEOPLE.ken, [["note", "鈴木 健（スズキ ケン）"]]],
    ]);
    const done = await apply(admin, { files: sent, keepNames: true, digest: kept.digest });
    expect(done).toMatchObject({ applied: true, counts: { added: 0, changed: 3, same: 2 }, codes: [], links: [] });
    const students = await server.services.directory.studentsOf(org.id);
    expect(students.map((s) => [s.nickname, s.note])).toEqual([
      ["なかま1", "山田 陽香（ヤマダ ハルカ）"],
      ["なかま2", "佐藤 空（サトウ ソラ）"],
      ["なかま3", "鈴木 健（スズキ ケン）"],
    ]);
    // The note is staff-only: the child's own door never carries it.
    const code = await server.services.directory.reissueCode(students[0]?.id ?? "");
    expect(JSON.stringify((await request(server, "POST", "/enter", { code })).json)).not.toContain("山田");
  });

  it("should apply nothing when the files have problems or the plan is not the one previewed", async () => {
    const org = await organisation(server);
    const admin = await staffMember(server, org.id, "admin");
    const bad = await preview(admin, { files: files("bad-enum"), org: SCHOOL });
    expect(bad.issues.map((i) => [i.file, i.line, i.problem, i.column, i.value])).toEqual([
      ["orgs.csv", 4, "bad_value", "type", "college"],
      ["roles.csv", 6, "bad_value", "role", "teachr"],
      ["users.csv", 4, "bad_value", "enabledUser", "yes"],
    ]);
    expect(await apply(admin, { files: files("bad-enum"), org: SCHOOL, digest: bad.digest })).toMatchObject({ applied: false, reason: "issues" });

    // The preview was made; then another child was named in the request: not what was seen.
    const sent = files();
    const seen = await preview(admin, { files: sent, org: SCHOOL });
    const changed = await apply(admin, { files: sent, org: SCHOOL, shownAs: { [PEOPLE.ken]: "けんけん" }, digest: seen.digest });
    expect(changed).toMatchObject({ applied: false, reason: "changed" });
    expect(await server.services.directory.studentsOf(org.id)).toEqual([]);
    expect((await server.services.audit.list(org.id)).filter((e) => e.action === "import_roster")).toEqual([]);

    // Bodies are checked: a file too large for the schema, an unknown file.
    expect((await admin.http("POST", "/admin/roster/preview", { files: { "users.csv": "x".repeat(1_000_002) }, keepNames: false, shownAs: {} })).status).toBe(400);
    expect((await admin.http("POST", "/admin/roster/preview", { files: { "classes.csv": "" }, keepNames: false, shownAs: {} })).status).toBe(400);
  });
});
