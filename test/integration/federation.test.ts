import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrganisationCreated, OrganisationList } from "../../shared/protocol/http.ts";
import { person, request, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * One installation, many organisations: the person who set it up is the federation admin, who
 * makes organisations and their first admins. A first admin gets a one-time welcome link and
 * chooses their own password: the federation admin never knows it. Each new organisation runs
 * itself from then on, and the federation sees names and head counts, never a child.
 */
let server: TestServer;
let dbDir: string;
/** The services' clock, moved on by a test that needs a week to pass. */
const clock = { offset: 0, now: () => Date.now() + clock.offset };
beforeAll(async () => {
  dbDir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-federation-"));
  server = await startTestServer({ dbFile: path.join(dbDir, "hidamari.sqlite"), clock });
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

const DAY = 24 * 60 * 60 * 1000;
const tokenOf = (url: string) => new URL(url).searchParams.get("welcome") ?? "";
const entries = async (who: { http: (m: string, p: string) => Promise<{ json: Record<string, unknown> }> }) => (await who.http("GET", "/admin/audit")).json.entries as Array<Record<string, unknown>>;

describe("the federation admin", () => {
  it("should make an organisation with its first admin, who gets a welcome link (no password anyone chose), chooses their password and runs it alone", async () => {
    const federation = await setUp();
    expect((await federation.http("GET", "/me")).json).toMatchObject({ kind: "staff", role: "admin", federation: true });

    const made = await federation.http("POST", "/federation/organisations", { name: "  みなみ区 教育支援センター ", admin: { username: "minami-admin", displayName: "みなみの 管理者" } });
    expect(made.status).toBe(201);
    const created = OrganisationCreated.parse(made.json);
    expect(created).toMatchObject({ name: "みなみ区 教育支援センター", admin: { username: "minami-admin", displayName: "みなみの 管理者" } });
    expect(JSON.stringify(made.json)).not.toMatch(/password/i);
    // An absolute address to pass on, good for a week.
    expect(created.welcome.url).toMatch(new RegExp(`^${server.url}/staff\\?welcome=[\\w-]{32}$`));
    expect(created.welcome.expiresAt).toBeGreaterThan(Date.now() + 7 * DAY - 60_000);
    expect(created.welcome.expiresAt).toBeLessThanOrEqual(Date.now() + 7 * DAY);
    const ward = created.id;

    // The one who made the account cannot sign in as its admin: there is no password to know yet.
    for (const password of ["a long password", "minami-admin", "x"]) {
      expect((await request(server, "POST", "/staff/sign-in", { username: "minami-admin", password })).status).toBe(401);
    }

    // The new admin opens the link: whose it is, then their own password, and they are in.
    const token = tokenOf(created.welcome.url);
    expect((await request(server, "POST", "/welcome/look", { token })).json).toEqual({ orgName: "みなみ区 教育支援センター", username: "minami-admin", displayName: "みなみの 管理者", expiresAt: created.welcome.expiresAt, reset: false });
    const claimed = await request(server, "POST", "/welcome", { token, password: "my very own password" });
    expect(claimed.status).toBe(200);
    expect(claimed.json).toEqual({ kind: "staff", displayName: "みなみの 管理者", role: "admin", org: ward, orgName: "みなみ区 教育支援センター", federation: false });
    const wardAdmin = person(server, cookieOf(claimed.setCookie), ward);
    expect((await wardAdmin.http("GET", "/me")).json).toMatchObject({ org: ward, federation: false });
    expect(((await wardAdmin.http("GET", "/admin/staff")).json.staff as Array<{ username: string; claimed: boolean }>).map((s) => [s.username, s.claimed])).toEqual([["minami-admin", true]]);
    expect((await wardAdmin.http("GET", "/federation/organisations")).status).toBe(403);
    expect((await request(server, "POST", "/staff/sign-in", { username: "minami-admin", password: "my very own password" })).status).toBe(200);

    // Once only.
    expect(await request(server, "POST", "/welcome", { token, password: "the federation's try" })).toMatchObject({ status: 410, json: { error: "welcome_used" } });
    expect(await server.services.directory.verifyStaff("minami-admin", "the federation's try")).toBeNull();

    // Their audit log begins with who made it and them, and who sent the link; then that they used it. So does the federation's.
    const theirs = await entries(wardAdmin);
    expect(theirs.map((e) => [e.action, e.actorName, e.targetName, e.outcome]).reverse()).toEqual([
      ["create_org", "けん", "みなみの 管理者", "done"],
      ["issue_welcome_link", "けん", "みなみの 管理者", "done"],
      ["use_welcome_link", "みなみの 管理者", null, "done"],
      ["GET /federation/organisations", "みなみの 管理者", null, "denied"],
      ["sign_in", "みなみの 管理者", null, "done"],
      ["use_welcome_link", null, "みなみの 管理者", "denied"],
    ]);
    const own = await entries(federation);
    expect(own.slice(0, 3).map((e) => [e.action, e.actorName, e.targetName])).toEqual([
      ["use_welcome_link", "みなみの 管理者", null],
      ["issue_welcome_link", "けん", "みなみの 管理者"],
      ["create_org", "けん", "みなみの 管理者"],
    ]);
  });

  it("should list every organisation with its admins, whether each has chosen a password, and head counts, and nothing about any child", async () => {
    const federation = await setUp();
    const made = await federation.http("POST", "/federation/organisations", { name: "きた市", admin: { username: "kita-admin", displayName: "きた" } });
    const kita = String(made.json.id);
    const kid = await student(server, kita, "ないしょのこ");
    await server.services.directory.setConsent(kid.id, "activity_chat", "test");

    const listed = await federation.http("GET", "/federation/organisations");
    expect(listed.status).toBe(200);
    const organisations = OrganisationList.parse(listed.json).organisations;
    const adminId = (made.json.admin as { id: string }).id;
    expect(organisations.find((o) => o.id === kita)).toEqual({
      id: kita,
      name: "きた市",
      createdAt: expect.any(Number),
      staff: 1,
      students: 1,
      admins: [{ id: adminId, username: "kita-admin", displayName: "きた", claimed: false, federation: false }],
    });
    expect(organisations.find((o) => o.id === federation.org)?.admins).toEqual([expect.objectContaining({ username: federation.username, claimed: true, federation: true })]);
    const text = JSON.stringify(listed.json);
    for (const secret of ["ないしょのこ", kid.id, kid.code, "activity_chat"]) expect(text).not.toContain(secret);

    // The duty reaches no further into the organisation than listing it: its children stay its own.
    expect(((await federation.http("GET", "/staff/students")).json.students as unknown[]).length).toBe(0);
    expect((await federation.http("POST", `/staff/students/${kid.id}/block`, { blocked: true })).status).toBe(404);
    expect((await server.services.directory.student(kid.id))?.blocked).toBe(false);
  });

  it("should send a new link to a first admin whose link was lost or grew old, and the old one stops working", async () => {
    const federation = await setUp();
    const made = OrganisationCreated.parse((await federation.http("POST", "/federation/organisations", { name: "ひがし町", admin: { username: "higashi-admin", displayName: "ひがし" } })).json);
    const first = tokenOf(made.welcome.url);
    try {
      clock.offset = 7 * DAY;
      expect(await request(server, "POST", "/welcome/look", { token: first })).toMatchObject({ status: 410, json: { error: "welcome_expired" } });
      expect(await request(server, "POST", "/welcome", { token: first, password: "a week too late" })).toMatchObject({ status: 410, json: { error: "welcome_expired" } });
      expect(await server.services.directory.hasPassword(made.admin.id)).toBe(false);

      const again = await federation.http("POST", `/federation/admins/${made.admin.id}/welcome`, {});
      expect(again.status).toBe(200);
      const second = tokenOf(String(again.json.url));
      expect(second).not.toBe(first);
      expect(Number(again.json.expiresAt) - clock.now()).toBeGreaterThan(7 * DAY - 60_000);
      expect(Number(again.json.expiresAt) - clock.now()).toBeLessThanOrEqual(7 * DAY);
      // A third replaces the second: only the newest link works.
      const third = tokenOf(String((await federation.http("POST", `/federation/admins/${made.admin.id}/welcome`, {})).json.url));
      expect(await request(server, "POST", "/welcome", { token: second, password: "from the second link" })).toMatchObject({ status: 410, json: { error: "welcome_replaced" } });
      expect((await request(server, "POST", "/welcome", { token: third, password: "from the third link" })).json).toMatchObject({ org: made.id, displayName: "ひがし" });
    } finally {
      clock.offset = 0;
    }
    const log = await server.services.audit.list(made.id);
    expect(log.filter((e) => e.action === "issue_welcome_link" && e.outcome === "done")).toHaveLength(3);
    expect(log.filter((e) => e.action === "use_welcome_link").map((e) => [e.outcome, e.detail.reason ?? null])).toEqual([
      ["done", null],
      ["denied", "welcome_replaced"],
      ["denied", "welcome_expired"],
    ]);
  });

  it("should send links only to organisations' admins, never to an account holding the federation duty, nor in a body", async () => {
    const federation = await setUp();
    const made = OrganisationCreated.parse((await federation.http("POST", "/federation/organisations", { name: "にし村", admin: { username: "nishi-admin", displayName: "にし" } })).json);
    const counsellor = await server.services.directory.addStaff({ orgId: made.id, username: "nishi-counsellor", displayName: "そうだん", role: "counsellor" });
    const self = (await server.services.directory.verifyStaff(federation.username, "a long password"))?.id ?? "";
    expect(await federation.http("POST", `/federation/admins/${counsellor.id}/welcome`, {})).toMatchObject({ status: 404, json: { error: "not_found" } });
    expect(await federation.http("POST", "/federation/admins/nobody/welcome", {})).toMatchObject({ status: 404, json: { error: "not_found" } });
    expect(await federation.http("POST", `/federation/admins/${self}/welcome`, {})).toMatchObject({ status: 403, json: { error: "not_allowed" } });
    expect((await federation.http("POST", `/federation/admins/${made.admin.id}/welcome`, { password: "chosen for them" })).status).toBe(400);
    const refused = (await server.services.audit.list(federation.org)).filter((e) => e.action === "issue_welcome_link" && e.outcome === "denied");
    expect(refused.map((e) => e.target)).toEqual([self, counsellor.id]);
    expect((await server.services.audit.list(made.id)).filter((e) => e.action === "issue_welcome_link")).toHaveLength(1); // the first, with the organisation
  });

  it("should refuse a taken user name, a password in the body or a wrong form with a clear error, and leave no organisation behind", async () => {
    const federation = await setUp();
    const before = (await server.services.directory.organisations()).length;
    const taken = await federation.http("POST", "/federation/organisations", { name: "にし町", admin: { username: federation.username.toUpperCase(), displayName: "x" } });
    expect(taken).toMatchObject({ status: 409, json: { error: "username_taken" } });
    const chosen = await federation.http("POST", "/federation/organisations", { name: "にし町", admin: { username: "nishi", displayName: "x", password: "a long password" } });
    expect(chosen).toMatchObject({ status: 400, json: { error: "invalid_request", issues: [expect.objectContaining({ path: "admin" })] } });
    expect((await federation.http("POST", "/federation/organisations", { name: "", admin: { username: "nishi", displayName: "x" } })).status).toBe(400);
    expect((await server.services.directory.organisations()).length).toBe(before);
    expect(await server.services.directory.verifyStaff("nishi", "a long password")).toBeNull();
  });

  it("should be refused to an organisation's admin without the duty, and audited as theirs", async () => {
    const org = await server.services.directory.createOrganisation("ひがし村");
    const admin = await staffMember(server, org.id, "admin", "むらの 管理者");
    const res = await admin.http("POST", "/federation/organisations", { name: "のっとり", admin: { username: "takeover", displayName: "x" } });
    expect(res).toMatchObject({ status: 403, json: { error: "not_allowed" } });
    expect((await server.services.audit.list(org.id, 1))[0]).toMatchObject({ action: "POST /federation/organisations", outcome: "denied", actorRole: "admin" });
    expect(await server.services.directory.organisations()).not.toContainEqual(expect.objectContaining({ name: "のっとり" }));
    // Nor may they send a link to another organisation's admin.
    const elsewhere = await server.services.directory.createOrganisationWithAdmin({ name: "よその 市", admin: { username: `yoso-${org.id.slice(0, 6)}`, displayName: "よそ" } });
    expect(await admin.http("POST", `/federation/admins/${elsewhere.admin.id}/welcome`, {})).toMatchObject({ status: 403, json: { error: "not_allowed" } });
    expect((await server.services.audit.list(org.id, 1))[0]).toMatchObject({ action: "POST /federation/admins/:id/welcome", outcome: "denied" });
    expect(await server.services.audit.list(elsewhere.org.id)).toEqual([]);
  });
});
