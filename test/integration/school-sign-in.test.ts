import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SchoolProvider, followSignIn, startSchoolProvider } from "../support/oidcProvider.ts";
import { organisation, request, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * Signing in with the school's account (issue 18) against a real OpenID provider run here
 * (oidc-provider): the whole authorization-code round trip with PKCE, and every way it must fail —
 * a code meant for another application, another school's account, a replayed callback, an
 * account nobody linked — on a real server with a real SQLite file.
 */
let server: TestServer;
let school: SchoolProvider;
let dbDir: string;
const SECRET = "a client secret the admin pasted";
const TENANT = "11111111-2222-3333-4444-555555555555";
beforeAll(async () => {
  dbDir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-oidc-"));
  server = await startTestServer({ dbFile: path.join(dbDir, "hidamari.sqlite") });
  const redirectUri = `${server.url}/api/school-sign-in/callback`;
  school = await startSchoolProvider([
    { clientId: "hidamari", clientSecret: SECRET, redirectUri },
    // Another application at the same provider that (wrongly) lists Hidamari's address too.
    { clientId: "other-app", clientSecret: "other secret", redirectUri },
  ]);
});
afterAll(async () => {
  await school.close();
  await server.close();
  fs.rmSync(dbDir, { recursive: true, force: true });
});

const start = (org: string, who: "staff" | "student") => `${server.url}/api/school-sign-in/start?org=${org}&who=${who}`;
const sessionOf = (jar: Map<string, Map<string, string>>) => jar.get(new URL(server.url).host)?.get("hidamari_session");
const me = (cookie: string | undefined) => request(server, "GET", "/me", undefined, cookie ? `hidamari_session=${cookie}` : "");

async function southWithSignIn() {
  const org = await organisation(server, "みなみ区");
  const admin = await staffMember(server, org.id, "admin", "こうちょう");
  const set = await admin.http("PUT", "/school-sign-in", { issuer: school.issuer, clientId: "hidamari", clientSecret: SECRET, domain: "minami.ed.jp", tenant: null, students: true });
  expect(set.status).toBe(200);
  const teacher = await server.services.directory.addStaff({ orgId: org.id, username: `tanaka-${org.id.slice(0, 6)}`, displayName: "たなか先生", role: "counsellor", password: "correct horse battery" });
  const child = await student(server, org.id, "はるか");
  expect((await admin.http("POST", "/school-sign-in/links", { kind: "staff", accountId: teacher.id, email: "Tanaka@Minami.ed.jp" })).status).toBe(200);
  expect((await admin.http("POST", "/school-sign-in/links", { kind: "student", accountId: child.id, email: "haruka@minami.ed.jp" })).status).toBe(200);
  return { org, admin, teacher, child };
}

describe("signing in with the school's account", () => {
  it("should sign in a linked teacher and child through the school's provider, with no password and nothing secret shown back", async () => {
    const { org, admin } = await southWithSignIn();
    const view = await admin.http("GET", "/school-sign-in");
    expect(view.json).toMatchObject({ configured: true, hasSecret: true, domain: "minami.ed.jp", redirectUri: `${server.url}/api/school-sign-in/callback` });
    expect(JSON.stringify(view.json)).not.toContain(SECRET);

    school.signInAs("google-sub-tanaka", { email: "tanaka@minami.ed.jp", email_verified: true, hd: "minami.ed.jp" });
    const teacher = await followSignIn(start(org.id, "staff"), server.url);
    expect(teacher.landed.pathname + teacher.landed.search).toBe("/staff");
    // PKCE, state and nonce went out with the request to the provider.
    const authorize = teacher.steps.find((s) => s.origin === school.issuer && s.searchParams.has("code_challenge"));
    expect(authorize?.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize?.searchParams.get("nonce")).toBeTruthy();
    expect((await me(sessionOf(teacher.jar))).json).toMatchObject({ kind: "staff", displayName: "たなか先生", org: org.id });

    school.signInAs("google-sub-haruka", { email: "haruka@minami.ed.jp", email_verified: true, hd: "minami.ed.jp" });
    const child = await followSignIn(start(org.id, "student"), server.url);
    expect(child.landed.pathname + child.landed.search).toBe("/?signin=done");
    expect((await me(sessionOf(child.jar))).json).toMatchObject({ kind: "student", nickname: "はるか" });

    // Next time the provider's own id opens the account, even with a changed e-mail.
    school.signInAs("google-sub-tanaka", { email: "t.tanaka@minami.ed.jp", email_verified: true, hd: "minami.ed.jp" });
    expect((await me(sessionOf((await followSignIn(start(org.id, "staff"), server.url)).jar))).json).toMatchObject({ displayName: "たなか先生" });

    const audit = await server.services.audit.list(org.id);
    expect(audit.filter((e) => e.action === "sign_in" && e.outcome === "done").map((e) => e.detail)).toEqual(expect.arrayContaining([{ method: "school" }]));
    expect(JSON.stringify(audit)).not.toContain(SECRET);
  });

  it("should refuse another school's account, an unverified or unlinked one, and say why on the page", async () => {
    const { org } = await southWithSignIn();
    school.signInAs("google-sub-other", { email: "tanaka@kita.ed.jp", email_verified: true, hd: "kita.ed.jp" });
    const other = await followSignIn(start(org.id, "staff"), server.url);
    expect(other.landed.pathname + other.landed.search).toBe("/staff?signin=wrong_school");
    expect(sessionOf(other.jar)).toBeUndefined();

    school.signInAs("google-sub-nobody", { email: "nobody@minami.ed.jp", email_verified: true, hd: "minami.ed.jp" });
    expect((await followSignIn(start(org.id, "staff"), server.url)).landed.search).toBe("?signin=unknown_account");
    // The linked address, but not verified by the provider: not proof enough.
    school.signInAs("google-sub-unverified", { email: "haruka@minami.ed.jp", email_verified: false, hd: "minami.ed.jp" });
    const unverified = await followSignIn(start(org.id, "student"), server.url);
    expect(unverified.landed.pathname + unverified.landed.search).toBe("/?signin=unknown_account");
    expect(sessionOf(unverified.jar)).toBeUndefined();

    const denied = (await server.services.audit.list(org.id)).filter((e) => e.action === "school_sign_in" && e.outcome === "denied").map((e) => (e.detail as { problem: string }).problem);
    expect(denied.sort()).toEqual(["unknown_account", "unknown_account", "wrong_school"]);
  });

  it("should not sign anyone in with a replayed callback, or with a code the provider gave another application", async () => {
    const { org } = await southWithSignIn();
    school.signInAs("google-sub-tanaka-2", { email: "tanaka@minami.ed.jp", email_verified: true, hd: "minami.ed.jp" });
    const first = await followSignIn(start(org.id, "staff"), server.url);
    expect(sessionOf(first.jar)).toBeDefined();
    // The same callback again, with the same browser cookie: the state worked once.
    const callback = first.steps.find((s) => s.pathname === "/api/school-sign-in/callback");
    expect(callback?.searchParams.get("code")).toBeTruthy();
    const replay = await fetch(callback as URL, { redirect: "manual", headers: { cookie: `hidamari_school=${first.seen.get("hidamari_school")}` } });
    expect(replay.headers.get("location")).toBe("/staff?signin=expired");
    expect(replay.headers.getSetCookie().some((c) => c.startsWith("hidamari_session="))).toBe(false);

    // Hidamari's sign-in started, but the browser is sent to the provider as another application:
    // the code that comes back is that application's, and exchanging it as Hidamari fails.
    const started = await fetch(start(org.id, "staff"), { redirect: "manual" });
    const flowCookie = started.headers.getSetCookie()[0]?.split(";")[0] ?? "";
    const authorize = new URL(started.headers.get("location") ?? "");
    authorize.searchParams.set("client_id", "other-app");
    const jar = new Map([[new URL(server.url).host, new Map([flowCookie.split("=") as [string, string]])]]);
    const stolen = await followSignIn(authorize.href, server.url, jar);
    expect(stolen.landed.pathname + stolen.landed.search).toBe("/staff?signin=provider_error");
    expect(sessionOf(stolen.jar)).toBeUndefined();
  });

  it("should hold an Entra organisation to its tenant, and keep children out where the organisation has not let them in", async () => {
    const org = await organisation(server, "きた市");
    const admin = await staffMember(server, org.id, "admin");
    expect((await admin.http("PUT", "/school-sign-in", { issuer: school.issuer, clientId: "hidamari", clientSecret: SECRET, domain: null, tenant: TENANT, students: false })).status).toBe(200);
    const teacher = await server.services.directory.addStaff({ orgId: org.id, username: "sato-kita", displayName: "さとう先生", role: "counsellor", password: "correct horse battery" });
    await admin.http("POST", "/school-sign-in/links", { kind: "staff", accountId: teacher.id, email: "sato@kita.example" });

    school.signInAs("entra-oid-1", { email: "sato@kita.example", email_verified: true, tid: "99999999-2222-3333-4444-555555555555" });
    expect((await followSignIn(start(org.id, "staff"), server.url)).landed.search).toBe("?signin=wrong_school");
    school.signInAs("entra-oid-2", { email: "sato@kita.example", email_verified: true, tid: TENANT });
    const right = await followSignIn(start(org.id, "staff"), server.url);
    expect((await me(sessionOf(right.jar))).json).toMatchObject({ kind: "staff", displayName: "さとう先生" });
    // Students are not let in this way here: told at once, before any provider is asked.
    const child = await fetch(start(org.id, "student"), { redirect: "manual" });
    expect(child.headers.get("location")).toBe("/?signin=not_set_up");
  });

  it("should let only an admin set it, check what is set, and never link another organisation's account", async () => {
    const { org, teacher, child } = await southWithSignIn();
    const counsellor = await staffMember(server, org.id, "counsellor");
    const admin = await staffMember(server, org.id, "admin");
    const body = { issuer: school.issuer, clientId: "hidamari", domain: "minami.ed.jp", tenant: null, students: false };
    expect((await counsellor.http("PUT", "/school-sign-in", body)).status).toBe(403);
    const bad = await admin.http("PUT", "/school-sign-in", { ...body, issuer: "http://evil.example.com", domain: null });
    expect(bad.status).toBe(400);
    expect((bad.json.issues as Array<{ path: string }>).map((i) => i.path).sort()).toEqual(["domain", "issuer"]);
    // Without a secret the kept one stays.
    expect((await admin.http("PUT", "/school-sign-in", body)).json).toMatchObject({ hasSecret: true, students: false });
    const elsewhere = await organisation(server, "よそ");
    const stranger = await server.services.directory.addStaff({ orgId: elsewhere.id, username: "stranger-1", displayName: "よその先生", role: "counsellor", password: "correct horse battery" });
    expect((await admin.http("POST", "/school-sign-in/links", { kind: "staff", accountId: stranger.id, email: "x@minami.ed.jp" })).status).toBe(404);
    // A link taken off is gone (a second time there is nothing to take off).
    const unlinked = await admin.http("DELETE", `/school-sign-in/links/student/${child.id}`);
    expect(unlinked.status).toBe(200);
    expect((unlinked.json.links as Array<{ accountId: string }>).map((l) => l.accountId)).toEqual([teacher.id]);
    expect((await admin.http("DELETE", `/school-sign-in/links/student/${child.id}`)).status).toBe(404);
    // Every change audited, in order: which school, whether a new secret came (never the secret), whose account.
    const audited = (await server.services.audit.list(org.id)).filter((e) => /school_sign_in|school_account/.test(e.action) && e.outcome === "done").reverse();
    const settings = { issuer: school.issuer, domain: "minami.ed.jp", tenant: null };
    expect(audited.map(({ action, target, detail }) => ({ action, target, detail }))).toEqual([
      { action: "set_school_sign_in", target: null, detail: { ...settings, students: true, newSecret: true } },
      { action: "link_school_account", target: teacher.id, detail: { kind: "staff" } },
      { action: "link_school_account", target: child.id, detail: { kind: "student" } },
      { action: "set_school_sign_in", target: null, detail: { ...settings, students: false, newSecret: false } },
      { action: "unlink_school_account", target: child.id, detail: { kind: "student" } },
    ]);
    expect(JSON.stringify(audited)).not.toContain(SECRET);
  });
});
