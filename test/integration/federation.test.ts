import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrganisationList } from "../../shared/protocol/http.ts";
import { person, request, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * One installation, many organisations: the person who set it up is the federation admin, who
 * makes organisations and their first admins. Each new organisation runs itself from then on,
 * and the federation sees names and head counts, never a child.
 */
let server: TestServer;
let dbDir: string;
beforeAll(async () => {
  dbDir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-federation-"));
  server = await startTestServer({ dbFile: path.join(dbDir, "hidamari.sqlite") });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dbDir, { recursive: true, force: true });
});

const cookieOf = (setCookie: string) => setCookie.split(";")[0] ?? "";

let installations = 0;
/** A fresh installation's setup (each test its own): its admin is the federation admin. */
async function setUp() {
  const token = await server.services.setup.issue();
  const username = `pref-admin-${++installations}`;
  const made = await request(server, "POST", "/setup", { token, organisation: "県の 教育委員会", username, displayName: "けん", password: "a long password" });
  expect(made.status).toBe(201);
  return Object.assign(person(server, cookieOf(made.setCookie), String(made.json.org)), { username });
}

describe("the federation admin", () => {
  it("should make an organisation with its first admin, who runs it alone from their first sign-in, and see who did it in both logs", async () => {
    const federation = await setUp();
    expect((await federation.http("GET", "/me")).json).toMatchObject({ kind: "staff", role: "admin", federation: true });

    const made = await federation.http("POST", "/federation/organisations", { name: "  みなみ区 教育支援センター ", admin: { username: "minami-admin", displayName: "みなみの 管理者", password: "a long password" } });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ name: "みなみ区 教育支援センター", admin: { username: "minami-admin", displayName: "みなみの 管理者" } });
    const ward = String(made.json.id);

    // The new admin signs in to their own organisation, with no federation duty of their own.
    const signIn = await request(server, "POST", "/staff/sign-in", { username: "minami-admin", password: "a long password" });
    expect(signIn.json).toEqual({ kind: "staff", displayName: "みなみの 管理者", role: "admin", org: ward, orgName: "みなみ区 教育支援センター", federation: false });
    const wardAdmin = person(server, cookieOf(signIn.setCookie), ward);
    expect(((await wardAdmin.http("GET", "/admin/staff")).json.staff as Array<{ username: string }>).map((s) => s.username)).toEqual(["minami-admin"]);
    expect((await wardAdmin.http("GET", "/federation/organisations")).status).toBe(403);

    // Their audit log begins with who made it and them; so does the federation's own.
    const first = (await wardAdmin.http("GET", "/admin/audit")).json.entries as Array<Record<string, unknown>>;
    expect(first.at(-1)).toMatchObject({ action: "create_org", actorName: "けん", targetName: "みなみの 管理者", outcome: "done" });
    const own = (await federation.http("GET", "/admin/audit")).json.entries as Array<Record<string, unknown>>;
    expect(own[0]).toMatchObject({ action: "create_org", actorName: "けん", targetName: "みなみの 管理者" });
  });

  it("should list every organisation with its admins and head counts, and nothing about any child", async () => {
    const federation = await setUp();
    const made = await federation.http("POST", "/federation/organisations", { name: "きた市", admin: { username: "kita-admin", displayName: "きた", password: "a long password" } });
    const kita = String(made.json.id);
    const kid = await student(server, kita, "ないしょのこ");
    await server.services.directory.setConsent(kid.id, "activity_chat", "test");

    const listed = await federation.http("GET", "/federation/organisations");
    expect(listed.status).toBe(200);
    const organisations = OrganisationList.parse(listed.json).organisations;
    expect(organisations.find((o) => o.id === kita)).toEqual({ id: kita, name: "きた市", createdAt: expect.any(Number), staff: 1, students: 1, admins: [{ username: "kita-admin", displayName: "きた" }] });
    const text = JSON.stringify(listed.json);
    for (const secret of ["ないしょのこ", kid.id, kid.code, "activity_chat"]) expect(text).not.toContain(secret);

    // The duty reaches no further into the organisation than listing it: its children stay its own.
    expect(((await federation.http("GET", "/staff/students")).json.students as unknown[]).length).toBe(0);
    expect((await federation.http("POST", `/staff/students/${kid.id}/block`, { blocked: true })).status).toBe(404);
    expect((await server.services.directory.student(kid.id))?.blocked).toBe(false);
  });

  it("should refuse a taken user name or a wrong form with a clear error, and leave no organisation behind", async () => {
    const federation = await setUp();
    const before = (await server.services.directory.organisations()).length;
    const taken = await federation.http("POST", "/federation/organisations", { name: "にし町", admin: { username: federation.username.toUpperCase(), displayName: "x", password: "a long password" } });
    expect(taken).toMatchObject({ status: 409, json: { error: "username_taken" } });
    const short = await federation.http("POST", "/federation/organisations", { name: "にし町", admin: { username: "nishi", displayName: "x", password: "short" } });
    expect(short).toMatchObject({ status: 400, json: { error: "invalid_request", issues: [expect.objectContaining({ path: "admin.password" })] } });
    expect((await federation.http("POST", "/federation/organisations", { name: "", admin: { username: "nishi", displayName: "x", password: "a long password" } })).status).toBe(400);
    expect((await server.services.directory.organisations()).length).toBe(before);
  });

  it("should be refused to an organisation's admin without the duty, and audited as theirs", async () => {
    const org = await server.services.directory.createOrganisation("ひがし村");
    const admin = await staffMember(server, org.id, "admin", "むらの 管理者");
    const res = await admin.http("POST", "/federation/organisations", { name: "のっとり", admin: { username: "takeover", displayName: "x", password: "a long password" } });
    expect(res).toMatchObject({ status: 403, json: { error: "not_allowed" } });
    expect((await server.services.audit.list(org.id, 1))[0]).toMatchObject({ action: "POST /federation/organisations", outcome: "denied", actorRole: "admin" });
    expect(await server.services.directory.verifyStaff("takeover", "a long password")).toBeNull();
  });
});
