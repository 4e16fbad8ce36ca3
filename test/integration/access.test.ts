import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Capability, type FederationCapability, type Role, can, canFederate } from "../../shared/domain/roles.ts";
import { LIMITS } from "../../shared/domain/limits.ts";
import type { ServerError } from "../../shared/protocol/events.ts";
import { collect, until } from "../support/clients.ts";
import { keptAlive } from "../support/keepAlive.ts";
import { appendSession } from "../support/research.ts";
import { type Person, anonymous, organisation, person, request, staffMember, student } from "../support/people.ts";
import { SESSION_COOKIE } from "../../server/http/cookies.ts";
import { type TestServer, startTestServer } from "../support/server.ts";
import { apiRouter } from "../../server/http/routes.ts";
import { researchRouter } from "../../server/research/routes.ts";
import { federationRouter } from "../../server/http/federation.ts";
import { plazaRouter } from "../../server/http/plaza.ts";

/**
 * Who may do what over HTTP, route by route and role by role, read against the one capability
 * table (shared/domain/roles.ts); organisation scope for every route that names a student or a
 * study; the access-code door's throttle; codes at rest; and the rules staff set over HTTP
 * (nicknames, the word list) reaching the space. Each refusal must also be audited.
 */
let server: TestServer;
let dbDir: string;
beforeAll(async () => {
  dbDir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-access-"));
  server = await startTestServer({ dbFile: path.join(dbDir, "hidamari.sqlite") });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dbDir, { recursive: true, force: true });
});

const TINY_PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

/**
 * Every route that needs a capability, with a body it accepts and what the one who may use it
 * gets back (ids that do not exist answer 404: the door was opened, there was nothing behind it).
 * The list is checked against the routers' source below, so a new route cannot be forgotten.
 */
/** A capability of one's role, or the federation admin's duty (or either of the two). */
type Needs = Capability | { federation: FederationCapability; or?: Capability };
const GUARDED: Array<{ method: string; path: string; needs: Needs; body?: unknown; allowed: number[] }> = [
  { method: "PUT", path: "/staff/board", needs: "setBoard", body: { title: "けいさん", image: TINY_PNG }, allowed: [200] },
  { method: "DELETE", path: "/staff/board", needs: "setBoard", body: {}, allowed: [200] },
  { method: "GET", path: "/staff/decks", needs: "showDeck", allowed: [200] },
  { method: "POST", path: "/staff/decks", needs: "showDeck", body: { title: "ずけい", pages: 1 }, allowed: [201] },
  { method: "PUT", path: "/staff/decks/nobody/pages/1", needs: "showDeck", body: { text: "", small: TINY_PNG, large: TINY_PNG }, allowed: [404] },
  { method: "DELETE", path: "/staff/decks/nobody", needs: "showDeck", body: {}, allowed: [404] },
  { method: "POST", path: "/staff/exhibits", needs: "exhibitWork", body: { grant: "nothing", image: TINY_PNG }, allowed: [404] },
  { method: "DELETE", path: "/staff/exhibits/nobody", needs: "exhibitWork", body: {}, allowed: [404] },
  { method: "DELETE", path: "/me/exhibits/nobody", needs: "answerConsent", body: {}, allowed: [404] },
  { method: "GET", path: "/staff/students", needs: "registerStudent", allowed: [200] },
  { method: "POST", path: "/staff/students", needs: "registerStudent", body: { nickname: "あたらしいこ" }, allowed: [201] },
  { method: "POST", path: "/staff/students/nobody/code", needs: "manageCodes", body: {}, allowed: [404] },
  { method: "DELETE", path: "/staff/students/nobody/code", needs: "manageCodes", body: {}, allowed: [404] },
  { method: "POST", path: "/staff/students/nobody/block", needs: "block", body: { blocked: true }, allowed: [404] },
  { method: "POST", path: "/staff/students/nobody/consent", needs: "recordConsent", body: { level: "activity_chat" }, allowed: [404] },
  { method: "GET", path: "/admin/studies", needs: "manageStudies", allowed: [200] },
  { method: "POST", path: "/admin/studies", needs: "manageStudies", body: { name: "ようす調査" }, allowed: [201] },
  { method: "POST", path: "/admin/purge", needs: "purgeLogs", body: { days: 3650 }, allowed: [200] },
  { method: "GET", path: "/admin/staff", needs: "manageStaff", allowed: [200] },
  { method: "POST", path: "/admin/staff", needs: "manageStaff", body: { username: "will-be-new", displayName: "あらた", role: "counsellor" }, allowed: [201, 409] },
  { method: "POST", path: "/admin/staff/nobody/welcome", needs: "manageStaff", body: {}, allowed: [404] },
  { method: "GET", path: "/admin/audit", needs: "readAudit", allowed: [200] },
  { method: "GET", path: "/admin/words", needs: "editWords", allowed: [200] },
  { method: "PUT", path: "/admin/words", needs: "editWords", body: { ja: [], en: [] }, allowed: [200] },
  { method: "GET", path: "/research/studies", needs: "readResearch", allowed: [200] },
  { method: "GET", path: "/research/sessions?study=none", needs: "readResearch", allowed: [404] },
  { method: "GET", path: "/research/sessions/none?study=none", needs: "readResearch", allowed: [404] },
  { method: "GET", path: "/research/sessions/none/replay?study=none", needs: "readResearch", allowed: [404] },
  { method: "GET", path: "/research/attendance?study=none", needs: "readResearch", allowed: [404] },
  { method: "GET", path: "/research/lessons?study=none", needs: "readResearch", allowed: [404] },
  { method: "GET", path: "/research/self-study?study=none", needs: "readResearch", allowed: [404] },
  { method: "GET", path: "/research/export?study=none", needs: "readResearch", allowed: [404] },
  { method: "GET", path: "/federation/organisations", needs: { federation: "manageOrganisations" }, allowed: [200] },
  {
    method: "POST",
    path: "/federation/organisations",
    needs: { federation: "manageOrganisations" },
    body: { name: "あたらしい 区", admin: { username: "new-ward-admin", displayName: "区の 管理者" } },
    allowed: [201, 409],
  },
  { method: "POST", path: "/federation/admins/nobody/welcome", needs: { federation: "manageOrganisations" }, body: {}, allowed: [404] },
  { method: "GET", path: "/plaza/organisations", needs: { federation: "openPlaza", or: "openPlaza" }, allowed: [200] },
  { method: "GET", path: "/plaza/", needs: { federation: "openPlaza", or: "openPlaza" }, allowed: [200] },
  { method: "POST", path: "/plaza/", needs: { federation: "openPlaza", or: "openPlaza" }, body: { title: "なつまつり", startsAt: 0, endsAt: 3_600_000, orgs: ["nowhere"] }, allowed: [404] },
  { method: "POST", path: "/plaza/nobody/close", needs: { federation: "openPlaza", or: "openPlaza" }, body: {}, allowed: [404] },
  { method: "POST", path: "/staff/students/nobody/plaza", needs: "keepOutOfPlaza", body: { keptOut: true }, allowed: [404] },
  // The self-study corner: a child's own history (no id in the address: only ever theirs), the sites staff keep.
  { method: "GET", path: "/study/mine", needs: "selfStudy", allowed: [200] },
  { method: "GET", path: "/staff/study-sites", needs: "manageStudySites", allowed: [200] },
  { method: "POST", path: "/staff/study-sites", needs: "manageStudySites", body: { name: "けいさん", url: "https://drill.example/" }, allowed: [201] },
  { method: "DELETE", path: "/staff/study-sites/nobody", needs: "manageStudySites", body: {}, allowed: [404] },
  // Issue 18: the timetable, bookings, the school's sign-in settings, the guardians' letter.
  { method: "GET", path: "/timetable", needs: "planTimetable", allowed: [200] },
  { method: "PUT", path: "/timetable", needs: "planTimetable", body: { timetable: { timeZone: "Asia/Tokyo", openOnPublicHolidays: false, hours: [], items: [], daysOff: [] }, base: 0 }, allowed: [200, 409] },
  { method: "POST", path: "/timetable/feed-key", needs: "planTimetable", body: {}, allowed: [200] },
  { method: "GET", path: "/bookings/mine", needs: "bookSlot", allowed: [200] },
  { method: "POST", path: "/bookings/nobody/book", needs: "bookSlot", body: {}, allowed: [404] },
  { method: "POST", path: "/bookings/nobody/cancel", needs: "bookSlot", body: {}, allowed: [404] },
  { method: "GET", path: "/bookings", needs: "runBookings", allowed: [200] },
  { method: "POST", path: "/bookings/slots", needs: "runBookings", body: { kind: "counselling", date: "2099-01-05", from: "10:00", to: "10:30", minutes: 30 }, allowed: [201] },
  { method: "DELETE", path: "/bookings/slots/nobody", needs: "runBookings", body: {}, allowed: [404] },
  { method: "POST", path: "/bookings/nobody/book-for", needs: "runBookings", body: { studentId: "nobody" }, allowed: [404] },
  { method: "POST", path: "/bookings/nobody/cancel-for", needs: "runBookings", body: {}, allowed: [404] },
  { method: "GET", path: "/school-sign-in", needs: "manageStaff", allowed: [200] },
  { method: "PUT", path: "/school-sign-in", needs: "manageStaff", body: { issuer: "https://accounts.google.com", clientId: "x", domain: "school.example.jp", tenant: null, students: false }, allowed: [200] },
  { method: "POST", path: "/school-sign-in/links", needs: "manageStaff", body: { kind: "staff", accountId: "nobody", email: "a@school.example.jp" }, allowed: [404] },
  { method: "DELETE", path: "/school-sign-in/links/staff/nobody", needs: "manageStaff", body: {}, allowed: [404] },
  { method: "POST", path: "/staff/students/nobody/letter", needs: "registerStudent", body: { code: null, lang: "ja", contact: "" }, allowed: [404] },
  { method: "POST", path: "/admin/roster/preview", needs: "manageStaff", body: { files: {}, keepNames: false, shownAs: {} }, allowed: [200] },
  { method: "POST", path: "/admin/roster/apply", needs: "manageStaff", body: { files: {}, keepNames: false, shownAs: {}, digest: "none" }, allowed: [200] },
  // Issue 19: a guardian's rights (a copy of everything held about a child, and erasure).
  { method: "GET", path: "/staff/students/nobody/held-about", needs: "exerciseRights", allowed: [404] },
  { method: "POST", path: "/staff/students/nobody/erase", needs: "exerciseRights", body: { confirm: "だれか" }, allowed: [404] },
  { method: "GET", path: "/me/records", needs: "report", allowed: [200] },
  // Issue 19: the daily check-in (a child's own days; the counsellors' trend and settings; research's aggregate).
  { method: "GET", path: "/check-in/mine", needs: "checkIn", allowed: [200] },
  { method: "GET", path: "/staff/check-ins", needs: "readCheckIns", allowed: [200] },
  { method: "PUT", path: "/staff/check-ins/settings", needs: "manageCheckIns", body: { enabled: false }, allowed: [200] },
  { method: "PUT", path: "/staff/check-ins/students/nobody", needs: "manageCheckIns", body: { off: true }, allowed: [404] },
  { method: "GET", path: "/research/check-ins?study=none", needs: "readResearch", allowed: [404] },
  // Issue 19: attendance evidence for a child's school, and the staff-only name the school knows them by.
  { method: "POST", path: "/staff/students/nobody/attendance", needs: "registerStudent", body: { from: "2026-11-01", to: "2026-11-30", lang: "ja", comment: "", format: "pdf" }, allowed: [404] },
  { method: "POST", path: "/staff/students/nobody/attendance/link", needs: "registerStudent", body: { from: "2026-11-01", to: "2026-11-30", lang: "ja", comment: "" }, allowed: [404] },
  { method: "GET", path: "/staff/students/nobody/school", needs: "registerStudent", allowed: [404] },
  { method: "PUT", path: "/staff/students/nobody/school", needs: "registerStudent", body: { nameAtSchool: "", school: "", grade: "" }, allowed: [404] },
  { method: "GET", path: "/admin/lrs", needs: "manageStudies", allowed: [200] },
  { method: "POST", path: "/admin/lrs", needs: "manageStudies", body: { study: "nobody", url: "https://lrs.example.jp/xAPI", key: "k", secret: "s", enabled: true }, allowed: [404] },
  { method: "PUT", path: "/admin/lrs/nobody", needs: "manageStudies", body: { url: "https://lrs.example.jp/xAPI", key: "k", enabled: true }, allowed: [404] },
  { method: "DELETE", path: "/admin/lrs/nobody", needs: "manageStudies", body: {}, allowed: [404] },
  { method: "POST", path: "/admin/lrs/nobody/resend", needs: "manageStudies", body: {}, allowed: [404] },
  { method: "POST", path: "/admin/lrs/nobody/test", needs: "manageStudies", body: {}, allowed: [404] },
];
/** Whether someone may use a route: by their role's capabilities, or by the federation duty they hold. */
const allows = (who: { role: Role; federation: boolean }, needs: Needs) =>
  typeof needs === "string" ? can(who.role, needs) : canFederate(who, needs.federation) || (needs.or !== undefined && can(who.role, needs.or));
/**
 * Routes anyone may call: the door, sign-in, who am I, sign-out, the one-time setup, the board
 * picture, a deck's pages and the exhibit wall's works (checked by organisation, below and in
 * decks.test.ts and exhibits.test.ts), and a welcome link's own two (the link is the key).
 */
const OPEN = [
  "POST /enter",
  "GET /me",
  "POST /sign-out",
  "POST /staff/sign-in",
  "POST /setup",
  "GET /board/:file",
  "GET /decks/:id/pages/:page",
  "GET /exhibits/:id",
  "POST /welcome/look",
  "POST /welcome",
  // Issue 18: the plan for whoever is signed in (checked in timetable.test.ts), the family feed (its
  // key is the key), and the school sign-in's two legs (the provider's answer is the proof: school-sign-in.test.ts).
  "GET /timetable/plan",
  "GET /timetable/feed/:file",
  "GET /school-sign-in/start",
  "GET /school-sign-in/callback",
  // Issue 19: a guardian's one-time link to an attendance report (the link is the key; attendance.test.ts).
  "GET /attendance/:token",
];

const deniedEntries = async () => (await server.services.audit.list(null, 100_000)).filter((e) => e.outcome === "denied");

describe("every HTTP route, for every role", () => {
  it("lists every route the routers define (a new route needs a line in this table)", () => {
    const defined = new Set<string>();
    for (const [router, prefix] of [
      [apiRouter(server.services), ""],
      [researchRouter(server.services), "/research"],
      [federationRouter(server.services), "/federation"],
      [plazaRouter(server.services), "/plaza"],
    ] as const) {
      for (const layer of router.stack as Array<{ route?: { path: string; methods: Record<string, boolean> } }>) {
        if (!layer.route) continue;
        for (const method of Object.keys(layer.route.methods)) defined.add(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
      }
    }
    const tabled = new Set([...OPEN, ...GUARDED.map((r) => `${r.method} ${r.path.split("?")[0]?.replace(/\/nobody\b|\/none\b/, (s) => (s === "/nobody" ? "/:id" : "/:registration")).replace(/\/pages\/\d+$/, "/pages/:page").replace("/links/staff/", "/links/:kind/")}`)]);
    expect([...defined].sort()).toEqual([...tabled].sort());
  });

  it("refuses anonymous visitors every guarded route (401) and audits each refusal", async () => {
    const nobody = anonymous(server, "");
    for (const route of GUARDED) {
      const before = (await deniedEntries()).length;
      const res = await nobody.http(route.method, route.path, route.body);
      expect(res.status, `${route.method} ${route.path}`).toBe(401);
      expect(res.json.error).toBe("not_signed_in");
      const after = await deniedEntries();
      expect(after.length - before, `${route.method} ${route.path} audited`).toBe(1);
      expect(after.at(0)).toMatchObject({ actorRole: "anonymous", actorId: null, orgId: null });
    }
  });

  it("lets each role through exactly the routes its capabilities name, and audits every refusal with who asked", async () => {
    const org = await organisation(server);
    const kid = await student(server, org.id, "ためす");
    // The federation duty comes on top of a role: a counsellor who holds it may do both, no more.
    const people: Array<[Role, boolean, Person & { id?: string }]> = [
      ["student", false, kid],
      ["counsellor", false, await staffMember(server, org.id, "counsellor")],
      ["researcher", false, await staffMember(server, org.id, "researcher")],
      ["admin", false, await staffMember(server, org.id, "admin")],
      ["counsellor", true, await staffMember(server, org.id, "counsellor", "れんごう", { federation: true })],
    ];
    for (const [role, federation, who] of people) {
      for (const route of GUARDED) {
        const label = `${role}${federation ? " + federation" : ""}: ${route.method} ${route.path}`;
        const before = (await deniedEntries()).length;
        const res = await who.http(route.method, route.path, route.body);
        if (allows({ role, federation }, route.needs)) {
          expect(route.allowed, `${label} → ${res.status} ${JSON.stringify(res.json)}`).toContain(res.status);
          expect((await deniedEntries()).length, `${label} not audited as denied`).toBe(before);
        } else {
          expect(res.status, label).toBe(403);
          expect(res.json.error, label).toBe("not_allowed");
          const after = await deniedEntries();
          expect(after.length - before, `${label} audited`).toBe(1);
          expect(after.at(0), label).toMatchObject({ orgId: org.id, actorRole: role, outcome: "denied" });
          if (role === "student") expect(after.at(0)?.actorId).toBe(kid.id);
        }
      }
    }
  });
});

describe("organisation scope", () => {
  it("keeps staff to their own organisation's students: codes, blocks and consent for another's answer 404 and change nothing", async () => {
    const mine = await organisation(server);
    const theirs = await organisation(server, "となりの センター");
    const counsellor = await staffMember(server, mine.id);
    const { student: other, code } = await server.services.directory.registerStudent({ orgId: theirs.id, nickname: "となりのこ" });
    for (const [method, route, body] of [
      ["POST", "code", {}],
      ["DELETE", "code", {}],
      ["POST", "block", { blocked: true }],
      ["POST", "consent", { level: "activity_chat" }],
    ] as const) {
      const res = await counsellor.http(method, `/staff/students/${other.id}/${route}`, body);
      expect(res.status, `${method} ${route}`).toBe(404);
    }
    const after = await server.services.directory.student(other.id);
    expect(after).toMatchObject({ blocked: false, consent: "none", hasCode: true });
    expect((await request(server, "POST", "/enter", { code })).status).toBe(200); // the code still works
    const list = await counsellor.http("GET", "/staff/students");
    expect((list.json.students as Array<{ id: string }>).map((s) => s.id)).not.toContain(other.id);
  });

  it("keeps an admin's staff list, audit log and studies to their organisation", async () => {
    const mine = await organisation(server);
    const theirs = await organisation(server, "よその まち");
    const admin = await staffMember(server, mine.id, "admin", "わたしの管理者");
    const otherAdmin = await staffMember(server, theirs.id, "admin", "よその管理者");
    const created = await otherAdmin.http("POST", "/admin/studies", { name: "よその 調査" });
    expect(created.status).toBe(201);
    const staff = (await admin.http("GET", "/admin/staff")).json.staff as Array<{ displayName: string }>;
    expect(staff.map((s) => s.displayName)).toEqual(["わたしの管理者"]);
    const audit = (await admin.http("GET", "/admin/audit")).json.entries as Array<{ action: string; actorName: string | null }>;
    expect(audit.some((e) => e.actorName === "よその管理者")).toBe(false);
    expect((await admin.http("GET", "/admin/studies")).json.studies).toEqual([]);
    expect((await otherAdmin.http("GET", "/admin/studies")).json.studies).toEqual([{ id: created.json.id, name: "よその 調査" }]);
    // A researcher of this organisation cannot open the other's study by its id.
    const researcher = await staffMember(server, mine.id, "researcher");
    const study = String(created.json.id);
    for (const p of ["/research/sessions", "/research/attendance", "/research/lessons", "/research/self-study", "/research/export", "/research/check-ins"]) {
      expect((await researcher.http("GET", `${p}?study=${study}`)).status, p).toBe(404);
    }
    expect((await researcher.http("GET", "/research/studies")).json.studies).toEqual([]);
  });

  it("shows the board picture only to signed-in people of the same organisation", async () => {
    const mine = await organisation(server);
    const theirs = await organisation(server, "ボードの ない まち");
    const counsellor = await staffMember(server, mine.id);
    const put = await counsellor.http("PUT", "/staff/board", { title: "こくばん", image: TINY_PNG });
    expect(put.status).toBe(200);
    const file = String(put.json.file);
    const classmate = await student(server, mine.id, "おなじ");
    const stranger = await student(server, theirs.id, "よその");
    const get = (cookie: string) => fetch(`${server.url}/api/board/${file}`, { headers: cookie ? { cookie } : {} });
    expect((await get(classmate.cookie)).status).toBe(200);
    expect((await get(stranger.cookie)).status).toBe(404);
    expect((await get("")).status).toBe(401);
  });
});

describe("research consent", () => {
  it("is recorded by the student's own staff, audited with its level, and withdrawn the same way", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id);
    const kid = await student(server, org.id, "さんか");
    expect((await counsellor.http("POST", `/staff/students/${kid.id}/consent`, { level: "activity" })).status).toBe(200);
    expect((await server.services.directory.student(kid.id))?.consent).toBe("activity");
    const entry = (await server.services.audit.list(org.id, 5)).find((e) => e.action === "record_consent");
    expect(entry).toMatchObject({ target: kid.id, outcome: "done", detail: { level: "activity" } });
    expect((await counsellor.http("POST", `/staff/students/${kid.id}/consent`, { level: "none" })).status).toBe(200);
    expect((await server.services.directory.student(kid.id))?.consent).toBe("none");
  });

  it("cannot be raised by a researcher or by the student, nor set to a level that does not exist", async () => {
    const org = await organisation(server);
    const kid = await student(server, org.id, "じぶんで");
    const researcher = await staffMember(server, org.id, "researcher");
    const counsellor = await staffMember(server, org.id);
    expect((await researcher.http("POST", `/staff/students/${kid.id}/consent`, { level: "activity_chat" })).status).toBe(403);
    expect((await kid.http("POST", `/staff/students/${kid.id}/consent`, { level: "activity_chat" })).status).toBe(403);
    expect((await counsellor.http("POST", `/staff/students/${kid.id}/consent`, { level: "everything" })).status).toBe(400);
    expect((await server.services.directory.student(kid.id))?.consent).toBe("none");
  });
});

describe("registering students over HTTP", () => {
  it("normalises the nickname as the socket does: invisible and bidi characters out, spaces trimmed, capped", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id);
    const res = await counsellor.http("POST", "/staff/students", { nickname: "  \u202Eみ\u200Bく  ", note: "ほけんしつ よりの こ" });
    expect(res.status).toBe(201);
    const registered = res.json.student as { id: string; nickname: string; note: string };
    expect(registered.nickname).toBe("みく");
    expect((await server.services.directory.student(registered.id))?.nickname).toBe("みく");
    const long = await counsellor.http("POST", "/staff/students", { nickname: "ながいながいながいながいなまえ" });
    expect(Array.from((long.json.student as { nickname: string }).nickname)).toHaveLength(LIMITS.nicknameMaxChars);
    expect((await counsellor.http("POST", "/staff/students", { nickname: "\u200B \u202E" })).status).toBe(400);
  });
});

describe("access codes at rest", () => {
  it("keeps no access code in the database file, in any form a child types it", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id);
    const codes: string[] = [];
    for (const nickname of ["ひとり", "ふたり", "さんにん"]) codes.push(String((await counsellor.http("POST", "/staff/students", { nickname })).json.code));
    // A reissued code replaces the first: the old one must be gone from the file as well.
    const reissued = await counsellor.http("POST", `/staff/students/${(await server.services.directory.studentsOf(org.id))[0]?.id}/code`, {});
    codes.push(String(reissued.json.code));
    if (!server.services.sqlite) throw new Error("this test looks inside the SQLite file");
    server.services.sqlite.pragma("wal_checkpoint(TRUNCATE)");
    const files = fs.readdirSync(dbDir).map((f) => fs.readFileSync(path.join(dbDir, f)).toString("latin1"));
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}$/);
      for (const form of [code, code.replace("-", ""), code.toUpperCase()]) {
        for (const content of files) expect(content.includes(form), `${form} found at rest`).toBe(false);
      }
    }
    // And yet each code in use works.
    for (const code of codes.slice(1)) expect((await request(server, "POST", "/enter", { code })).status).toBe(200);
  });
});

describe("signing out", () => {
  it("ends the session: the same cookie is no longer anyone", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id);
    expect((await counsellor.http("GET", "/me")).json).toMatchObject({ kind: "staff", role: "counsellor", org: org.id });
    const out = await request(server, "POST", "/sign-out", {}, counsellor.cookie);
    expect(out.status).toBe(200);
    expect(out.setCookie).toMatch(/Max-Age=0/);
    expect((await counsellor.http("GET", "/me")).status).toBe(401);
    expect((await counsellor.http("GET", "/staff/students")).status).toBe(401);
  });
});

describe("the word list an admin edits", () => {
  it("holds back a student's line with a newly listed word, tells them, and shows staff what was held", async () => {
    const org = await organisation(server);
    const admin = await staffMember(server, org.id, "admin");
    const counsellor = await staffMember(server, org.id);
    const host = await counsellor.join();
    const speaker = await (await student(server, org.id, "はなす")).join();
    const listener = await (await student(server, org.id, "きく")).join();
    await until(() => host.state.avatars.size === 3, "all present");
    const heard = collect<{ text?: string }>(listener, "chat");
    const errors = collect<ServerError>(speaker, "error");
    const queues = collect<{ items: Array<{ kind: string; detail?: string; about?: string }> }>(host, "queue");

    expect((await admin.http("PUT", "/admin/words", { ja: ["ぷんぷんまる"], en: ["grumbleword"] })).status).toBe(200);
    expect((await admin.http("GET", "/admin/words")).json).toEqual({ ja: ["ぷんぷんまる"], en: ["grumbleword"] });
    speaker.send("chat", { channel: "space", text: "きょうは ぷんぷんまる だ" });
    speaker.send("chat", { channel: "space", text: "so grumbleword today" });
    await until(() => errors.length === 2, "both lines answered");
    expect(errors.map((e) => e.code)).toEqual(["filtered", "filtered"]);
    await until(() => queues.at(-1)?.items.length === 2, "staff see both held lines");
    expect(queues.at(-1)?.items.map((i) => [i.kind, i.detail, i.about])).toEqual([
      ["flag", "きょうは ぷんぷんまる だ", "ぷんぷんまる"],
      ["flag", "so grumbleword today", "grumbleword"],
    ]);
    // A line said after them arrives; the held ones never did.
    speaker.send("chat", { channel: "space", text: "やっぱり げんき" });
    await until(() => heard.length === 1, "the next line arrives");
    expect(heard.map((l) => l.text)).toEqual(["やっぱり げんき"]);

    // Taking the word off the list lets it through again.
    expect((await admin.http("PUT", "/admin/words", { ja: [], en: [] })).status).toBe(200);
    speaker.send("chat", { channel: "space", text: "ぷんぷんまる おわり" });
    await until(() => heard.length === 2, "allowed again");
    expect(heard.at(-1)?.text).toBe("ぷんぷんまる おわり");
    expect(errors).toHaveLength(2);
  });
});

describe("security headers", () => {
  it("send a CSP that allows this origin only and no inline code, on pages and the API alike", async () => {
    for (const url of [`${server.url}/`, `${server.url}/api/me`]) {
      const res = await fetch(url);
      const directives = Object.fromEntries(
        (res.headers.get("content-security-policy") ?? "").split(";").map((d) => {
          const [name = "", ...sources] = d.trim().split(/\s+/);
          return [name, sources.join(" ")];
        }),
      );
      expect(directives, url).toEqual({
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data: blob:",
        "media-src": "'self' data: blob:",
        "connect-src": "'self'",
        "font-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
      });
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
      // No page may ask for the camera; the microphone only for this origin (voice asks for it when a person presses "speak").
      expect(res.headers.get("permissions-policy")).toBe("camera=(), microphone=(self), geolocation=(), payment=()");
    }
  });
});

describe("what staff do over HTTP, in the audit log", () => {
  it("records each action with who, what, to whom and the detail an admin reads", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id);
    const admin = await staffMember(server, org.id, "admin", "かんりしゃ");
    const last = async () => {
      const e = (await server.services.audit.list(org.id, 1))[0];
      return e && { actorRole: e.actorRole, action: e.action, target: e.target, outcome: e.outcome, detail: e.detail };
    };
    const registered = await counsellor.http("POST", "/staff/students", { nickname: "きろく" });
    const id = (registered.json.student as { id: string }).id;
    expect(await last()).toEqual({ actorRole: "counsellor", action: "register_student", target: id, outcome: "done", detail: {} });
    await counsellor.http("POST", `/staff/students/${id}/code`, {});
    expect(await last()).toEqual({ actorRole: "counsellor", action: "reissue_code", target: id, outcome: "done", detail: {} });
    await counsellor.http("POST", `/staff/students/${id}/block`, { blocked: true });
    expect(await last()).toMatchObject({ action: "block", target: id });
    await counsellor.http("POST", `/staff/students/${id}/block`, { blocked: false });
    expect(await last()).toMatchObject({ action: "unblock", target: id });
    await counsellor.http("DELETE", `/staff/students/${id}/code`, {});
    expect(await last()).toEqual({ actorRole: "counsellor", action: "revoke_code", target: id, outcome: "done", detail: {} });
    await counsellor.http("PUT", "/staff/board", { title: "き", image: TINY_PNG });
    expect(await last()).toMatchObject({ action: "set_board", target: null, detail: { bytes: Buffer.from(TINY_PNG.split(",")[1] ?? "", "base64").length } });
    await counsellor.http("DELETE", "/staff/board", {});
    expect(await last()).toEqual({ actorRole: "counsellor", action: "clear_board", target: null, outcome: "done", detail: {} });
    const study = await admin.http("POST", "/admin/studies", { name: "きろくの 調査" });
    expect(await last()).toEqual({ actorRole: "admin", action: "create_study", target: study.json.id, outcome: "done", detail: {} });
    await admin.http("PUT", "/admin/words", { ja: ["いち", "に"], en: ["one"] });
    expect(await last()).toEqual({ actorRole: "admin", action: "edit_words", target: null, outcome: "done", detail: { ja: 2, en: 1 } });
    await admin.http("PUT", "/admin/words", { ja: [], en: [] });
    const added = await admin.http("POST", "/admin/staff", { username: `rec-${id.slice(0, 6)}`, displayName: "あらた", role: "researcher" });
    const newcomer = (added.json.staff as { id: string }).id;
    const [linked, addedEntry] = await server.services.audit.list(org.id, 2);
    expect(addedEntry).toMatchObject({ actorRole: "admin", action: "add_staff", target: newcomer, outcome: "done", detail: { role: "researcher" } });
    expect(linked).toMatchObject({ actorRole: "admin", action: "issue_welcome_link", target: newcomer, outcome: "done", detail: { expiresAt: (added.json.welcome as { expiresAt: number }).expiresAt } });
    const purged = await admin.http("POST", "/admin/purge", { days: 30 });
    expect(await last()).toEqual({ actorRole: "admin", action: "purge", target: null, outcome: "done", detail: { days: 30, deleted: purged.json.deleted, studySessions: 0, checkIns: 0 } });
    // The admin reads names, not ids: staff by display name, students by nickname, nobody as null.
    const entries = (await admin.http("GET", "/admin/audit")).json.entries as Array<{ action: string; actorName: string | null; targetName: string | null }>;
    const named = (action: string) => entries.filter((e) => e.action === action).map((e) => [e.actorName, e.targetName]);
    expect(named("register_student")).toEqual([["さとう先生", "きろく"]]);
    expect(named("block")).toEqual([["さとう先生", "きろく"]]);
    expect(named("set_board")).toEqual([["さとう先生", null]]);
    expect(named("add_staff")).toEqual([["かんりしゃ", "あらた"]]);
    expect(named("issue_welcome_link")).toEqual([["かんりしゃ", "あらた"]]);
  });

  it("purges only the admin's own organisation's sessions, and only those over before the days asked", async () => {
    const mine = await organisation(server);
    const theirs = await organisation(server, "よその ログ");
    const admin = await staffMember(server, mine.id, "admin");
    const DAY = 24 * 60 * 60 * 1000;
    const now = Date.now();
    const old = appendSession(server.log, mine.id, now - 31 * DAY, [], 1000);
    const recent = appendSession(server.log, mine.id, now - 29 * DAY, [], 1000);
    // Opened 31 days ago, closed 29 days ago: it ends inside the period, so it is kept whole.
    const across = appendSession(server.log, mine.id, now - 31 * DAY, [], 2 * DAY);
    const othersOld = appendSession(server.log, theirs.id, now - 400 * DAY, [], 1000);
    const purged = await admin.http("POST", "/admin/purge", { days: 30 });
    expect(purged).toMatchObject({ status: 200, json: { deleted: 2 } });
    expect(await server.log.events(old.space)).toEqual([]);
    expect(await server.log.events(recent.space)).toHaveLength(2);
    expect(await server.log.events(across.space)).toHaveLength(2);
    expect(await server.log.events(othersOld.space)).toHaveLength(2);
  });

  it("caps a purge at the retention period: asking to keep more never keeps events longer", async () => {
    const org = await organisation(server);
    const admin = await staffMember(server, org.id, "admin");
    await admin.http("POST", "/admin/purge", { days: 3650 });
    expect((await server.services.audit.list(org.id, 1))[0]?.detail).toMatchObject({ days: 365 });
    await admin.http("POST", "/admin/purge", {});
    expect((await server.services.audit.list(org.id, 1))[0]?.detail).toMatchObject({ days: 365 });
    expect((await admin.http("POST", "/admin/purge", { days: 0 })).status).toBe(400);
  });

  it("records sign-ins, and failed ones with the name tried (cut to 40 characters) and no one behind them", async () => {
    const org = await organisation(server);
    await server.services.directory.addStaff({ orgId: org.id, username: "audited-one", displayName: "A", role: "counsellor", password: "correct horse battery" });
    await request(server, "POST", "/staff/sign-in", { username: "audited-one", password: "correct horse battery" });
    expect((await server.services.audit.list(org.id, 1))[0]).toMatchObject({ action: "sign_in", actorRole: "counsellor", outcome: "done", target: null });
    const tried = "x".repeat(40);
    await request(server, "POST", "/staff/sign-in", { username: tried, password: "wrong password" });
    const denied = (await server.services.audit.list(null, 1))[0];
    expect(denied).toMatchObject({ action: "sign_in", actorRole: "anonymous", actorId: null, orgId: null, outcome: "denied", target: tried });
  });
});

describe("who am I", () => {
  it("tells a student their nickname, organisation and whether the space is open, and staff their name and role", async () => {
    const org = await organisation(server, "わたしの センター");
    const kid = await student(server, org.id, "だれかな");
    expect((await kid.http("GET", "/me")).json).toEqual({ kind: "student", nickname: "だれかな", org: org.id, orgName: "わたしの センター", open: false, plaza: null, lesson: null });
    const counsellor = await staffMember(server, org.id, "counsellor", "やまだ先生");
    expect((await counsellor.http("GET", "/me")).json).toEqual({ kind: "staff", displayName: "やまだ先生", role: "counsellor", org: org.id, orgName: "わたしの センター", federation: false });
    await counsellor.join();
    expect((await kid.http("GET", "/me")).json.open).toBe(true);
    await server.services.directory.setBlocked(kid.id, true);
    expect((await kid.http("GET", "/me")).status).toBe(401);
  });

  it("answers the door with the same, and sign-in too", async () => {
    const org = await organisation(server, "とびらの センター");
    const { code } = await server.services.directory.registerStudent({ orgId: org.id, nickname: "とびら" });
    const entered = await request(server, "POST", "/enter", { code });
    expect(entered.json).toEqual({ kind: "student", nickname: "とびら", org: org.id, orgName: "とびらの センター", open: false, plaza: null, lesson: null });
    expect(entered.setCookie).toMatch(/^hidamari_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    await server.services.directory.addStaff({ orgId: org.id, username: "me-check", displayName: "M", role: "admin", password: "correct horse battery" });
    const signedIn = await request(server, "POST", "/staff/sign-in", { username: "ME-CHECK", password: "correct horse battery" });
    expect(signedIn.status).toBe(200);
    expect(signedIn.json).toEqual({ kind: "staff", displayName: "M", role: "admin", org: org.id, orgName: "とびらの センター", federation: false });
  });
});

describe("bad requests", () => {
  it("answer malformed JSON with 400, an oversized body with 413, and an unknown path with 404, all as JSON", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id);
    const post = (body: string) => fetch(`${server.url}/api/staff/students`, { method: "POST", headers: { "content-type": "application/json", cookie: counsellor.cookie }, body });
    const malformed = await post("{nickname:");
    expect([malformed.status, await malformed.json()]).toEqual([400, { error: "invalid_request" }]);
    const huge = await post(JSON.stringify({ nickname: "x", note: "a".repeat(20_000) }));
    expect([huge.status, await huge.json()]).toEqual([413, { error: "invalid_request" }]);
    const nowhere = await counsellor.http("GET", "/staff/nowhere");
    expect([nowhere.status, nowhere.json]).toEqual([404, { error: "not_found" }]);
    const invalid = await counsellor.http("POST", "/staff/students", { nickname: 5 });
    expect(invalid.status).toBe(400);
    expect(invalid.json.issues).toEqual([{ path: "nickname", message: expect.any(String) }]);
    // A body in a charset the server cannot read is the client's mistake, not a server error.
    const latin1 = await fetch(`${server.url}/api/staff/students`, { method: "POST", headers: { "content-type": "application/json; charset=iso-8859-1", cookie: counsellor.cookie }, body: "{}" });
    expect([latin1.status, await latin1.json()]).toEqual([415, { error: "invalid_request" }]);
    // So is a body that says it is compressed and is not (regression: 500 server_error, logged as ours).
    for (const encoding of ["gzip", "deflate", "br"]) {
      const garbled = await fetch(`${server.url}/api/staff/students`, { method: "POST", headers: { "content-type": "application/json", "content-encoding": encoding, cookie: counsellor.cookie }, body: "garbage" });
      expect([garbled.status, await garbled.json()], encoding).toEqual([400, { error: "invalid_request" }]);
    }
    expect(await server.services.directory.studentsOf(org.id)).toEqual([]);
  });

  it("answer a failure of the server's own with 500 server_error and nothing more, and go on serving", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id);
    // The store says no (a full disk, say): every write of a board picture is refused for a while.
    const db = server.services.sqlite;
    if (!db) throw new Error("this test needs the embedded store");
    db.exec("CREATE TRIGGER refuse_boards BEFORE INSERT ON boards BEGIN SELECT RAISE(ABORT, 'the disk is full'); END");
    try {
      const res = await fetch(`${server.url}/api/staff/board`, { method: "PUT", headers: { "content-type": "application/json", cookie: counsellor.cookie }, body: JSON.stringify({ title: "ディスク", image: TINY_PNG }) });
      expect(res.status).toBe(500);
      expect(await res.text()).toBe(JSON.stringify({ error: "server_error" }));
    } finally {
      db.exec("DROP TRIGGER refuse_boards");
    }
    expect((await counsellor.http("PUT", "/staff/board", { title: "ディスク", image: TINY_PNG })).status).toBe(200);
  });

  it("refuse a board picture over 2 MB once decoded, and one that is not really a picture", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id);
    const big = `data:image/png;base64,${Buffer.alloc(2 * 1024 * 1024 + 3).toString("base64")}`;
    expect(await counsellor.http("PUT", "/staff/board", { title: "おおきい", image: big })).toEqual({ status: 413, json: { error: "bad_image" }, setCookie: "" });
    const fake = `data:image/png;base64,${Buffer.from("not a png at all").toString("base64")}`;
    expect(await counsellor.http("PUT", "/staff/board", { title: "にせもの", image: fake })).toEqual({ status: 415, json: { error: "bad_image" }, setCookie: "" });
  });

  it("read a page's plain GET (no body, no content type, as a browser sends it) as a read, not as a cross-site write", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id);
    const plain = await fetch(`${server.url}/api/staff/students`, { headers: { cookie: counsellor.cookie } });
    expect([plain.status, await plain.json()]).toEqual([200, { students: [] }]);
    const head = await fetch(`${server.url}/api/me`, { method: "HEAD", headers: { cookie: counsellor.cookie } });
    expect(head.status).toBe(200);
  });
});

describe("a refused request", () => {
  it("ends with its refusal on every route: nothing runs after the answer, and the connection serves the next request", async () => {
    const org = await organisation(server);
    const other = await organisation(server);
    const theirs = await student(server, other.id, "よその子");
    const people = {
      student: await student(server, org.id, "ことわられる"),
      counsellor: await staffMember(server, org.id, "counsellor"),
      researcher: await staffMember(server, org.id, "researcher"),
      admin: await staffMember(server, org.id, "admin"),
      federation: await staffMember(server, org.id, "counsellor", "れんごう", { federation: true }),
    };
    const holders = {
      student: { role: "student", federation: false },
      counsellor: { role: "counsellor", federation: false },
      researcher: { role: "researcher", federation: false },
      admin: { role: "admin", federation: false },
      federation: { role: "counsellor", federation: true },
    } as const;
    const kinds = Object.keys(holders) as Array<keyof typeof holders>;
    const refusals: Array<{ label: string; method: string; path: string; cookie: string; body?: unknown; status: number; error: string }> = [];
    for (const route of GUARDED) {
      refusals.push({ label: "anonymous", ...route, cookie: "", status: 401, error: "not_signed_in" });
      const lacking = kinds.find((k) => !allows(holders[k], route.needs));
      if (lacking) refusals.push({ label: lacking, ...route, cookie: people[lacking].cookie, status: 403, error: "not_allowed" });
      const allowed = kinds.find((k) => allows(holders[k], route.needs));
      if (!allowed) continue;
      // A body of the wrong shape, from someone allowed; another organisation's student, the same.
      if (route.method !== "DELETE" && route.body !== undefined) refusals.push({ label: `${allowed}, bad body`, ...route, cookie: people[allowed].cookie, body: { wrong: 1 }, status: 400, error: "invalid_request" });
      if (route.path.includes("/nobody/")) refusals.push({ label: `${allowed}, another organisation's student`, ...route, path: route.path.replace("nobody", theirs.id), cookie: people[allowed].cookie, status: 404, error: "not_found" });
    }
    refusals.push(
      { label: "a wrong access code", method: "POST", path: "/enter", cookie: "", body: { code: "ABCD-EFGH-JKLM" }, status: 401, error: "bad_code" },
      { label: "no access code", method: "POST", path: "/enter", cookie: "", body: {}, status: 400, error: "invalid_request" },
      { label: "a wrong password", method: "POST", path: "/staff/sign-in", cookie: "", body: { username: "nobody-here", password: "not the password" }, status: 401, error: "bad_credentials" },
      { label: "no password", method: "POST", path: "/staff/sign-in", cookie: "", body: { username: "nobody-here" }, status: 400, error: "invalid_request" },
      { label: "setup with nothing", method: "POST", path: "/setup", cookie: "", body: {}, status: 400, error: "invalid_request" },
      { label: "a wrong setup token", method: "POST", path: "/setup", cookie: "", body: { token: "x".repeat(43), organisation: "よそ", username: "intruder", displayName: "X", password: "a long password" }, status: 403, error: "bad_setup_token" },
      { label: "a board picture, signed out", method: "GET", path: "/board/none.png", cookie: "", status: 401, error: "not_signed_in" },
      { label: "a board picture that is not there", method: "GET", path: "/board/none.png", cookie: people.student.cookie, status: 404, error: "not_found" },
      { label: "who am I, signed out", method: "GET", path: "/me", cookie: "", status: 401, error: "not_signed_in" },
    );
    const line = keptAlive(server.url);
    try {
      expect(await line.send("GET", "/me", people.admin.cookie)).toMatchObject({ status: 200 });
      for (const r of refusals) {
        const label = `${r.label}: ${r.method} ${r.path}`;
        const answer = await line.send(r.method, r.path, r.cookie, r.body);
        expect(answer, label).toMatchObject({ status: r.status, reused: true, json: { error: r.error } });
        expect(await line.send("GET", "/me", people.admin.cookie), `after ${label}`).toMatchObject({ status: 200, reused: true });
      }
    } finally {
      line.close();
    }
    expect(await server.services.directory.studentsOf(other.id)).toEqual([expect.objectContaining({ id: theirs.id, blocked: false })]);
  });
});

describe("answers the pages can explain", () => {
  it("say which refusal it was, and what was done", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id);
    const { student: kid, code } = await server.services.directory.registerStudent({ orgId: org.id, nickname: "こたえ" });
    expect((await request(server, "POST", "/enter", { code: "zzzz-zzzz" })).json).toEqual({ error: "bad_code" });
    expect((await counsellor.http("POST", `/staff/students/${kid.id}/block`, { blocked: true })).json).toEqual({ ok: true });
    expect(await request(server, "POST", "/enter", { code })).toMatchObject({ status: 403, json: { error: "blocked" } });
    expect((await counsellor.http("POST", `/staff/students/${kid.id}/block`, { blocked: false })).json).toEqual({ ok: true });
    expect((await counsellor.http("POST", `/staff/students/${kid.id}/consent`, { level: "activity" })).json).toEqual({ ok: true });
    expect((await counsellor.http("DELETE", `/staff/students/${kid.id}/code`, {})).json).toEqual({ ok: true });
    expect((await counsellor.http("DELETE", "/staff/board", {})).json).toEqual({ ok: true });
    expect(await request(server, "GET", "/me")).toMatchObject({ status: 401, json: { error: "not_signed_in" } });
    expect(await request(server, "POST", "/sign-out", {})).toMatchObject({ status: 200, json: { ok: true } });
    const admin = await staffMember(server, org.id, "admin");
    expect((await admin.http("PUT", "/admin/words", { ja: [], en: [] })).json).toEqual({ ok: true });
  });

  it("audit a refusal with the route asked for, not the address typed", async () => {
    const org = await organisation(server);
    const kid = await student(server, org.id, "ためし");
    await kid.http("POST", `/staff/students/${kid.id}/block`, { blocked: true });
    expect((await server.services.audit.list(org.id, 1))[0]).toMatchObject({ action: "POST /staff/students/:id/block", outcome: "denied", actorId: kid.id });
  });

  it("name the field that was wrong", async () => {
    const org = await organisation(server);
    const admin = await staffMember(server, org.id, "admin");
    const res = await admin.http("PUT", "/admin/words", { ja: ["ok", ""], en: [] });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: "invalid_request", issues: [{ path: "ja.1", message: expect.stringMatching(/\S/) }] });
  });

  it("say when a user name is taken, and add no one", async () => {
    const org = await organisation(server);
    const admin = await staffMember(server, org.id, "admin");
    const body = { username: `twice-${org.id.slice(0, 6)}`, displayName: "ふたご", role: "counsellor" };
    expect((await admin.http("POST", "/admin/staff", body)).status).toBe(201);
    expect(await admin.http("POST", "/admin/staff", { ...body, displayName: "もうひとり" })).toMatchObject({ status: 409, json: { error: "username_taken" } });
    expect((await server.services.directory.staffOf(org.id)).map((s) => s.displayName).sort()).toEqual(["さとう先生", "ふたご"].sort());
  });

  it("refuse a state change from a page whose origin is hidden ('null'), and take one from this site", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id);
    const post = (origin: string) =>
      fetch(`${server.url}/api/staff/students`, { method: "POST", headers: { "content-type": "application/json", cookie: counsellor.cookie, origin }, body: JSON.stringify({ nickname: "おりじん" }) });
    const hidden = await post("null");
    expect([hidden.status, await hidden.json()]).toEqual([403, { error: "cross_site" }]);
    expect((await post(server.url)).status).toBe(201);
  });
});

describe("the board picture", () => {
  it("is shown to staff of the organisation too, kept private in caches, and refused with a reason", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id);
    const file = String((await counsellor.http("PUT", "/staff/board", { title: "みんなへ", image: TINY_PNG })).json.file);
    const mine = await fetch(`${server.url}/api/board/${file}`, { headers: { cookie: counsellor.cookie } });
    expect(mine.status).toBe(200);
    expect(mine.headers.get("cache-control")).toBe("private, max-age=3600");
    const nobody = await fetch(`${server.url}/api/board/${file}`);
    expect(await nobody.json()).toEqual({ error: "not_signed_in" });
    const other = await fetch(`${server.url}/api/board/no-such-file.png`, { headers: { cookie: counsellor.cookie } });
    expect([other.status, await other.json()]).toEqual([404, { error: "not_found" }]);
  });

  it("may be exactly 2 MB, not a byte more", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id);
    const sized = (bytes: number) => `data:image/png;base64,${Buffer.alloc(bytes).toString("base64")}`;
    // Exactly at the limit it is looked at (and refused only as not a picture); one byte over, refused for its size.
    expect(await counsellor.http("PUT", "/staff/board", { title: "ちょうど", image: sized(2 * 1024 * 1024) })).toMatchObject({ status: 415, json: { error: "bad_image" } });
    expect(await counsellor.http("PUT", "/staff/board", { title: "こえた", image: sized(2 * 1024 * 1024 + 1) })).toMatchObject({ status: 413, json: { error: "bad_image" } });
  });
});

describe("the space's door for a signed-in browser", () => {
  it("refuses a student whose code was taken away or who was blocked, even with a session still alive", async () => {
    const org = await organisation(server);
    await (await staffMember(server, org.id)).join();
    const revoked = await student(server, org.id, "けされた");
    await server.services.directory.revokeCode(revoked.id); // behind the API's back: the session lives on
    await expect(revoked.join()).rejects.toThrow("not_signed_in");
    const blocked = await student(server, org.id, "とめられた");
    await server.services.directory.setBlocked(blocked.id, true);
    await expect(blocked.join()).rejects.toThrow("not_signed_in");
    const fine = await student(server, org.id, "だいじょうぶ");
    await expect(fine.join()).resolves.toBeDefined();
  });

  it("asks an old page to reload, and says when the join options are wrong", async () => {
    const org = await organisation(server);
    await (await staffMember(server, org.id)).join();
    const kid = await student(server, org.id, "ふるい");
    await expect(kid.join({ protocol: undefined })).rejects.toThrow("stale_client");
    await expect(kid.join({ look: { colour: "sky" } })).rejects.toThrow("invalid_join");
    // No options at all (a hand-made request): an old page too, not a server error.
    const bare = await fetch(`${server.url}/matchmake/joinOrCreate/space`, { method: "POST", headers: { "content-type": "application/json", cookie: kid.cookie }, body: "null" });
    expect(await bare.text()).toContain("stale_client");
  });

  it("lets no one in on a session whose account is not in the directory", async () => {
    const org = await organisation(server);
    await (await staffMember(server, org.id)).join();
    for (const principal of [{ kind: "staff", staffId: "no-such-staff" }, { kind: "student", studentId: "no-such-student" }] as const) {
      const ghost = person(server, `${SESSION_COOKIE}=${await server.services.sessions.create(principal)}`, org.id);
      await expect(ghost.join(), principal.kind).rejects.toThrow("not_signed_in");
      expect((await ghost.http("GET", "/me")).status, principal.kind).toBe(401);
      expect((await ghost.http("GET", "/board/none.png")).status, principal.kind).toBe(401);
    }
  });
});

describe("a lost card", () => {
  it("reissued or taken away, signs out whoever is signed in with it, and nobody else", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id);
    for (const [method, change] of [
      ["POST", "reissued"],
      ["DELETE", "taken away"],
    ] as const) {
      const lost = await student(server, org.id, "なくした");
      const friend = await student(server, org.id, "ともだち");
      const res = await counsellor.http(method, `/staff/students/${lost.id}/code`, {});
      expect(res.status, change).toBe(200);
      expect((await lost.http("GET", "/me")).status, `${change}: the card's session ends`).toBe(401);
      expect((await friend.http("GET", "/me")).status, `${change}: others stay`).toBe(200);
      expect((await counsellor.http("GET", "/me")).status, `${change}: staff stay`).toBe(200);
    }
  });

  it("blocked, signs its holder out for good: unblocking lets the card in again, not the old session", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id);
    const kid = await student(server, org.id, "とめる");
    const friend = await student(server, org.id, "となり");
    await counsellor.http("POST", `/staff/students/${kid.id}/block`, { blocked: true });
    await counsellor.http("POST", `/staff/students/${kid.id}/block`, { blocked: false });
    expect((await kid.http("GET", "/me")).status).toBe(401);
    expect((await friend.http("GET", "/me")).status).toBe(200);
    expect((await request(server, "POST", "/enter", { code: kid.code })).status).toBe(200);
    // Unblocking alone signs nobody out.
    const again = await student(server, org.id, "もういちど");
    await counsellor.http("POST", `/staff/students/${again.id}/block`, { blocked: false });
    expect((await again.http("GET", "/me")).status).toBe(200);
  });

  it("is reissued only on an empty request", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id);
    const kid = await student(server, org.id, "からっぽ");
    expect((await counsellor.http("POST", `/staff/students/${kid.id}/code`, { code: "mine-1234" })).status).toBe(400);
    expect((await request(server, "POST", "/enter", { code: kid.code })).status).toBe(200); // the old card still works
  });
});

describe("the staff sign-in throttle", () => {
  it("counts a user name however it is capitalised", async () => {
    const org = await organisation(server);
    await server.services.directory.addStaff({ orgId: org.id, username: "case-counted", displayName: "C", role: "counsellor", password: "correct horse battery" });
    const tries = ["case-counted", "CASE-COUNTED", "Case-Counted", "case-COUNTED", "cASE-counted"];
    for (let i = 0; i < 10; i++) expect((await request(server, "POST", "/staff/sign-in", { username: tries[i % tries.length], password: "wrong password" })).status).toBe(401);
    expect(await request(server, "POST", "/staff/sign-in", { username: "Case-Counted", password: "correct horse battery" })).toMatchObject({ status: 429, json: { error: "too_many_attempts" } });
    expect((await request(server, "POST", "/staff/sign-in", { username: "case-counted", password: "wrong password" })).json).toEqual({ error: "too_many_attempts" });
  });
});
