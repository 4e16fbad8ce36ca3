import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StaffAdded, StaffList, WelcomeLink } from "../../shared/protocol/http.ts";
import { type Person, organisation, person, request, staffMember } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * An admin adds a member of staff and never knows their password: the answer is a one-time
 * welcome link, which the person opens to choose their own. Real HTTP against the real server;
 * a week passes by moving the services' clock on.
 */
let server: TestServer;
const clock = { offset: 0, now: () => Date.now() + clock.offset };
beforeAll(async () => {
  server = await startTestServer({ clock });
});
afterAll(async () => {
  await server.close();
});

const DAY = 24 * 60 * 60 * 1000;
const tokenOf = (url: string) => new URL(url).searchParams.get("welcome") ?? "";
const cookieOf = (setCookie: string) => setCookie.split(";")[0] ?? "";
let n = 0;
const uniqueName = (stem: string) => `${stem}-${++n}-${Date.now().toString(36)}`;

/** An organisation with its admin signed in, and a counsellor the admin has just added (with their link). */
async function added(role: "counsellor" | "researcher" | "admin" = "counsellor") {
  const org = await organisation(server, "ひかり区 教育支援センター");
  const admin = await staffMember(server, org.id, "admin", "かんり");
  const username = uniqueName("suzuki");
  const res = await admin.http("POST", "/admin/staff", { username, displayName: "すずき", role });
  expect(res.status).toBe(201);
  const { staff, welcome } = StaffAdded.parse(res.json);
  return { org, admin, username, staff, welcome, token: tokenOf(welcome.url) };
}
const claim = (token: string, password: string) => request(server, "POST", "/welcome", { token, password });
const auditOf = async (orgId: string) => (await server.services.audit.list(orgId)).map((e) => ({ action: e.action, actorId: e.actorId, target: e.target, outcome: e.outcome, detail: e.detail }));

describe("a member of staff an admin adds", () => {
  it("should get a welcome link, not a password; the admin cannot sign in as them; they choose their own and are signed in", async () => {
    const { org, admin, username, staff, welcome, token } = await added();
    expect(staff).toMatchObject({ username, displayName: "すずき", role: "counsellor", claimed: false });
    expect(welcome.url).toMatch(new RegExp(`^${server.url}/staff\\?welcome=[\\w-]{32}$`));
    expect(welcome.expiresAt - Date.now()).toBeGreaterThan(7 * DAY - 60_000);
    expect(welcome.expiresAt - Date.now()).toBeLessThanOrEqual(7 * DAY);
    // No password exists: nothing the admin might type signs in as them.
    for (const password of ["a long password", "correct horse battery", username, " "]) {
      expect((await request(server, "POST", "/staff/sign-in", { username, password })).status, password).toBe(401);
    }
    expect(StaffList.parse((await admin.http("GET", "/admin/staff")).json).staff.find((s) => s.id === staff.id)?.claimed).toBe(false);

    // The person opens the link: whose it is, then their password; they are signed in to their organisation.
    expect((await request(server, "POST", "/welcome/look", { token })).json).toEqual({ orgName: "ひかり区 教育支援センター", username, displayName: "すずき", expiresAt: welcome.expiresAt, reset: false });
    const done = await claim(token, "すずきの ひみつの ことば");
    expect(done.status).toBe(200);
    expect(done.setCookie).toMatch(/^hidamari_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
    const suzuki = person(server, cookieOf(done.setCookie), org.id);
    expect((await suzuki.http("GET", "/me")).json).toEqual({ kind: "staff", displayName: "すずき", role: "counsellor", org: org.id, orgName: "ひかり区 教育支援センター", federation: false });
    expect((await request(server, "POST", "/staff/sign-in", { username, password: "すずきの ひみつの ことば" })).status).toBe(200);
    expect(StaffList.parse((await admin.http("GET", "/admin/staff")).json).staff.find((s) => s.id === staff.id)?.claimed).toBe(true);

    // Each step in the organisation's log, by whom: the admin added them and sent the link; they used it.
    const adminId = (await server.services.directory.staffOf(org.id)).find((s) => s.displayName === "かんり")?.id;
    expect((await auditOf(org.id)).filter((e) => e.action !== "sign_in").reverse()).toEqual([
      { action: "add_staff", actorId: adminId, target: staff.id, outcome: "done", detail: { role: "counsellor" } },
      { action: "issue_welcome_link", actorId: adminId, target: staff.id, outcome: "done", detail: { expiresAt: welcome.expiresAt } },
      { action: "use_welcome_link", actorId: staff.id, target: null, outcome: "done", detail: { issuedBy: adminId } },
    ]);
    // The admin reads it in names.
    const entries = (await admin.http("GET", "/admin/audit")).json.entries as Array<{ action: string; actorName: string | null; targetName: string | null }>;
    expect(entries.filter((e) => e.action.includes("welcome")).map((e) => [e.action, e.actorName, e.targetName])).toEqual([
      ["use_welcome_link", "すずき", null],
      ["issue_welcome_link", "かんり", "すずき"],
    ]);
  });

  it("should take the link once: a second use, even in another tab at the same moment, is refused with the reason and audited", async () => {
    const { org, staff, token } = await added();
    const [one, two] = await Promise.all([claim(token, "the first tab's password"), claim(token, "the second tab's password")]);
    expect([one.status, two.status].sort()).toEqual([200, 410]);
    const loser = one.status === 200 ? two : one;
    expect(loser.json).toEqual({ error: "welcome_used" });
    expect(loser.setCookie).toBe("");
    const winner = one.status === 200 ? "the first tab's password" : "the second tab's password";
    expect(await server.services.directory.verifyStaff(staff.username, winner)).not.toBeNull();

    expect(await claim(token, "a third try, later")).toMatchObject({ status: 410, json: { error: "welcome_used" } });
    expect(await request(server, "POST", "/welcome/look", { token })).toMatchObject({ status: 410, json: { error: "welcome_used" } });
    expect(await server.services.directory.verifyStaff(staff.username, "a third try, later")).toBeNull();
    const refused = (await auditOf(org.id)).filter((e) => e.action === "use_welcome_link" && e.outcome === "denied");
    expect(refused).toEqual([
      { action: "use_welcome_link", actorId: null, target: staff.id, outcome: "denied", detail: { reason: "welcome_used" } },
      { action: "use_welcome_link", actorId: null, target: staff.id, outcome: "denied", detail: { reason: "welcome_used" } },
    ]);
  });

  it("should refuse a link a week old, and work with the new one the admin sends", async () => {
    const { admin, staff, token } = await added();
    try {
      clock.offset = 7 * DAY;
      expect(await request(server, "POST", "/welcome/look", { token })).toMatchObject({ status: 410, json: { error: "welcome_expired" } });
      expect(await claim(token, "a week too late")).toMatchObject({ status: 410, json: { error: "welcome_expired" } });
      expect(await server.services.directory.hasPassword(staff.id)).toBe(false);
      const again = await admin.http("POST", `/admin/staff/${staff.id}/welcome`, {});
      expect(again.status).toBe(200);
      const fresh = WelcomeLink.parse(again.json);
      expect((await claim(tokenOf(fresh.url), "on time this time")).status).toBe(200);
    } finally {
      clock.offset = 0;
    }
  });

  it("should stop the old link when the admin sends a new one", async () => {
    const { org, admin, staff, token } = await added();
    const fresh = WelcomeLink.parse((await admin.http("POST", `/admin/staff/${staff.id}/welcome`, {})).json);
    expect(tokenOf(fresh.url)).not.toBe(token);
    expect(await claim(token, "from the old link")).toMatchObject({ status: 410, json: { error: "welcome_replaced" } });
    expect((await claim(tokenOf(fresh.url), "from the new link")).status).toBe(200);
    expect((await auditOf(org.id)).filter((e) => e.action === "issue_welcome_link").map((e) => [e.target, e.outcome])).toEqual([
      [staff.id, "done"],
      [staff.id, "done"],
    ]);
  });

  it("should say so, kindly, for a link nobody issued", async () => {
    expect(await request(server, "POST", "/welcome/look", { token: "not-a-link-anyone-sent-0123456789" })).toMatchObject({ status: 404, json: { error: "welcome_unknown" } });
    expect(await claim("not-a-link-anyone-sent-0123456789", "a long password")).toMatchObject({ status: 404, json: { error: "welcome_unknown" } });
    expect((await server.services.audit.list(null, 1))[0]).toMatchObject({ action: "use_welcome_link", orgId: null, outcome: "denied", detail: { reason: "welcome_unknown" } });
    expect((await claim("short", "a long password")).status).toBe(400);
    expect((await claim("not-a-link-anyone-sent-0123456789", "short")).status).toBe(400);
  });
});

describe("who may send a link", () => {
  it("should refuse another organisation's admin (as if there were nobody), leave the person's link working, and keep the attempt in the refused admin's log", async () => {
    const { org, staff, token } = await added();
    const elsewhere = await organisation(server, "よその まち");
    const theirAdmin = await staffMember(server, elsewhere.id, "admin", "よその かんり");
    expect(await theirAdmin.http("POST", `/admin/staff/${staff.id}/welcome`, {})).toMatchObject({ status: 404, json: { error: "not_found" } });
    expect((await server.services.audit.list(elsewhere.id, 1))[0]).toMatchObject({ action: "issue_welcome_link", outcome: "denied", target: staff.id });
    expect((await auditOf(org.id)).filter((e) => e.action === "issue_welcome_link")).toHaveLength(1);
    expect((await request(server, "POST", "/welcome/look", { token })).status).toBe(200);
  });

  it("should refuse counsellors, researchers, students and strangers, and a body with anything in it", async () => {
    const { org, admin, staff } = await added();
    const counsellor = await staffMember(server, org.id, "counsellor");
    const researcher = await staffMember(server, org.id, "researcher");
    for (const who of [counsellor, researcher]) expect((await who.http("POST", `/admin/staff/${staff.id}/welcome`, {})).status).toBe(403);
    expect((await request(server, "POST", `/admin/staff/${staff.id}/welcome`, {})).status).toBe(401);
    expect((await admin.http("POST", `/admin/staff/${staff.id}/welcome`, { password: "chosen for them" })).status).toBe(400);
    expect((await admin.http("POST", "/admin/staff/nobody/welcome", {})).status).toBe(404);
  });

  it("should never send one to an account holding the federation duty (the command line's)", async () => {
    const org = await organisation(server);
    const admin = await staffMember(server, org.id, "admin");
    const federation = await server.services.directory.addStaff({ orgId: org.id, username: uniqueName("pref"), displayName: "けん", role: "admin", password: "a long password" });
    await server.services.directory.setFederation(federation.id, true);
    expect(await admin.http("POST", `/admin/staff/${federation.id}/welcome`, {})).toMatchObject({ status: 403, json: { error: "not_allowed" } });
    expect((await server.services.audit.list(org.id, 1))[0]).toMatchObject({ action: "issue_welcome_link", outcome: "denied", target: federation.id });
  });

  it("should take no password when adding staff, and add no one when one is sent", async () => {
    const org = await organisation(server);
    const admin = await staffMember(server, org.id, "admin");
    const username = uniqueName("chosen");
    const res = await admin.http("POST", "/admin/staff", { username, displayName: "えらばれた", role: "counsellor", password: "the admin's choice" });
    expect(res).toMatchObject({ status: 400, json: { error: "invalid_request" } });
    expect((await server.services.directory.staffOf(org.id)).map((s) => s.username)).not.toContain(username);
  });
});

describe("a member of staff who forgot their password", () => {
  it("should get a reset link that replaces their password only when they use it, ends their other sign-ins, and is audited as a reset", async () => {
    const { org, admin, staff, token } = await added();
    const first = await claim(token, "the first password");
    const oldSession: Person = person(server, cookieOf(first.setCookie), org.id);
    const reset = WelcomeLink.parse((await admin.http("POST", `/admin/staff/${staff.id}/welcome`, {})).json);
    // Until it is used, the person's own password still works: issuing a link locks nobody out.
    expect(await server.services.directory.verifyStaff(staff.username, "the first password")).not.toBeNull();
    expect((await oldSession.http("GET", "/me")).status).toBe(200);
    expect((await request(server, "POST", "/welcome/look", { token: tokenOf(reset.url) })).json).toMatchObject({ reset: true });

    const second = await claim(tokenOf(reset.url), "the second password");
    expect(second.status).toBe(200);
    expect(await server.services.directory.verifyStaff(staff.username, "the first password")).toBeNull();
    expect(await server.services.directory.verifyStaff(staff.username, "the second password")).not.toBeNull();
    expect((await oldSession.http("GET", "/me")).status).toBe(401);
    expect((await request(server, "GET", "/me", undefined, cookieOf(second.setCookie))).status).toBe(200);
    // Theirs only: the admin who issued the link is still signed in.
    expect((await admin.http("GET", "/me")).status).toBe(200);

    const adminId = (await server.services.directory.staffOf(org.id)).find((s) => s.displayName === "かんり")?.id;
    const log = await auditOf(org.id);
    expect(log.find((e) => e.action === "issue_reset_link")).toEqual({ action: "issue_reset_link", actorId: adminId, target: staff.id, outcome: "done", detail: { expiresAt: reset.expiresAt } });
    expect(log.find((e) => e.action === "use_reset_link")).toEqual({ action: "use_reset_link", actorId: staff.id, target: null, outcome: "done", detail: { issuedBy: adminId } });
  });
});
