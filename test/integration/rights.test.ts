import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLOSE_CODES } from "../../shared/protocol/events.ts";
import { Erased } from "../../shared/protocol/rights.ts";
import { collect, until } from "../support/clients.ts";
import { type Person, organisation, request, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * A guardian's rights (issue 19), carried out by the organisation's admin over the real server
 * and a real SQLite file: a copy of everything held about one child, and their erasure, after
 * which the file itself (and its write-ahead log) holds nothing of theirs; only the audit of
 * what staff did, by an opaque id, and of the erasure.
 */
let server: TestServer;
let dir: string;
let dbFile: string;
let org: { id: string };
let admin: Person;
let counsellor: Person;
let researcher: Person;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-rights-"));
  dbFile = path.join(dir, "hidamari.sqlite");
  server = await startTestServer({ dbFile, storeLog: true });
  org = await organisation(server, "ひがし区 教育支援センター");
  admin = await staffMember(server, org.id, "admin", "かんりしゃ");
  counsellor = await staffMember(server, org.id, "counsellor", "すずき先生");
  researcher = await staffMember(server, org.id, "researcher", "けんきゅうしゃ");
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const onDisk = () => Buffer.concat([dbFile, `${dbFile}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f))).toString("utf8");

/** A child who came in, said something, studied, booked a time, and was registered with a note. */
async function aChildWithAHistory(nickname: string, said: string) {
  const child = await student(server, org.id, nickname);
  await counsellor.http("POST", `/staff/students/${child.id}/consent`, { level: "activity_chat" });
  const host = await counsellor.join();
  const room = await child.join();
  const heard = collect(host, "chat");
  room.send("chat", { channel: "space", text: said });
  await until(() => heard.length > 0, "the line was heard");
  await room.leave();
  await host.leave();
  await server.services.log.flush();
  return child;
}

describe("a guardian's rights over their child's data", () => {
  it("should give the admin everything held about one child, as one machine-readable file, and nobody else", async () => {
    const child = await aChildWithAHistory("あおい", "きょうは えを かいた");
    const other = await aChildWithAHistory("そら", "ほかの こ の ことば");

    const response = await fetch(`${server.url}/api/staff/students/${child.id}/held-about`, { headers: { cookie: admin.cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain("attachment");
    const copy = (await response.json()) as { parts: Record<string, unknown>; consentHistory: Array<{ level: string }>; staffActions: Array<{ action: string }> };
    expect(copy.parts.account).toMatchObject({ id: child.id, nickname: "あおい" });
    expect(JSON.stringify(copy.parts.sessionEvents)).toContain("きょうは えを かいた");
    expect((copy.parts.sessionEvents as Array<{ type: string }>).map((e) => e.type)).toEqual(expect.arrayContaining(["entered", "chat_sent", "left"]));
    expect(copy.consentHistory.map((c) => c.level)).toEqual(["activity_chat"]);
    expect(copy.staffActions.map((a) => a.action)).toContain("record_consent");
    // Nothing of the other child's.
    expect(JSON.stringify(copy)).not.toContain("そら");
    expect(JSON.stringify(copy)).not.toContain("ほかの こ の ことば");
    expect(JSON.stringify(copy)).not.toContain(other.id);
    // Audited once, with how many parts the copy had (what it held is the child's, not the log's).
    const copies = await server.services.audit.find(org.id, { action: "rights_copy", target: child.id });
    expect(copies.map(({ outcome, detail }) => ({ outcome, detail }))).toEqual([{ outcome: "done", detail: { parts: Object.keys(copy.parts).length } }]);

    // Counsellors and researchers may not; another organisation's admin finds no such child.
    expect((await counsellor.http("GET", `/staff/students/${child.id}/held-about`)).status).toBe(403);
    expect((await researcher.http("GET", `/staff/students/${child.id}/held-about`)).status).toBe(403);
    const elsewhere = await staffMember(server, (await organisation(server, "よそ")).id, "admin", "よその かんりしゃ");
    expect((await elsewhere.http("GET", `/staff/students/${child.id}/held-about`)).status).toBe(404);
    expect((await elsewhere.http("POST", `/staff/students/${child.id}/erase`, { confirm: "あおい" })).status).toBe(404);
  });

  it("should erase a child only when confirmed by their nickname, list what had already left, and leave nothing of theirs in the file", async () => {
    const child = await aChildWithAHistory("ひなた", "ひみつの えにっき");
    const other = await aChildWithAHistory("みなと", "のこる ことば");
    const study = await server.services.studies.create(org.id, "みまもり研究");
    const exported = await fetch(`${server.url}/api/research/export?study=${study.id}&format=csv`, { headers: { cookie: researcher.cookie } });
    expect(exported.status).toBe(200);
    expect(onDisk()).toContain("ひなた");

    // A slip on the wrong row erases nobody.
    expect((await counsellor.http("POST", `/staff/students/${child.id}/erase`, { confirm: "ひなた" })).status).toBe(403);
    const unconfirmed = await admin.http("POST", `/staff/students/${child.id}/erase`, { confirm: "みなと" });
    expect(unconfirmed).toMatchObject({ status: 400, json: { error: "not_confirmed" } });
    expect(await server.services.directory.student(child.id)).not.toBeNull();

    const erased = await admin.http("POST", `/staff/students/${child.id}/erase`, { confirm: "ひなた" });
    expect(erased.status).toBe(200);
    const result = Erased.parse(erased.json);
    expect(result.erased.account).toBe(1);
    expect(result.erased.consent).toBe(1);
    expect(result.erased.sessionEvents).toBeGreaterThanOrEqual(3);
    expect(result.alreadyShared).toEqual([expect.objectContaining({ kind: "research_export", where: study.id, what: "csv" })]);

    // Gone: the account, the code, the events; in the file and its write-ahead log too.
    expect(await server.services.directory.student(child.id)).toBeNull();
    expect((await request(server, "POST", "/enter", { code: child.code })).status).not.toBe(200);
    expect(await server.services.log.eventsOfAccount(org.id, child.id)).toEqual([]);
    const file = onDisk();
    for (const gone of ["ひなた", "ひみつの えにっき"]) expect(file).not.toContain(gone);
    // Everyone else stays.
    for (const kept of ["みなと", "のこる ことば"]) expect(file).toContain(kept);
    expect(await server.services.directory.student(other.id)).not.toBeNull();
    // The audit keeps what staff did (an opaque id, no name) and the erasure, with what had been shared.
    const audit = await server.services.audit.find(org.id, { target: child.id });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(["record_consent", "erase_student"]));
    expect(audit.find((e) => e.action === "erase_student")?.detail).toMatchObject({ alreadyShared: [expect.objectContaining({ kind: "research_export" })] });
    expect(JSON.stringify(audit)).not.toContain("ひなた");
  });

  it("should list as already shared only the exports that could have carried the child: made after their consent, over a period they visited in, in time order", async () => {
    const study = await server.services.studies.create(org.id, "いつ でたか");
    const exportAs = async (format: string, period = "") => {
      const response = await fetch(`${server.url}/api/research/export?study=${study.id}&format=${format}${period}`, { headers: { cookie: researcher.cookie } });
      expect(response.status).toBe(200);
    };
    const visit = async (child: Person) => {
      const room = await child.join();
      await room.leave();
      await server.services.log.flush();
    };
    const sharedAbout = async (child: { id: string }) => {
      const response = await admin.http("GET", `/staff/students/${child.id}/held-about`);
      expect(response.status).toBe(200);
      return (response.json as { alreadyShared: Array<{ kind: string; what: string }> }).alreadyShared;
    };
    const host = await counsellor.join(); // the space is open
    // Came before their family answered: an export then left them out, whatever its period.
    const child = await student(server, org.id, "はると");
    const declined = await student(server, org.id, "ことわった こ");
    await visit(child);
    await exportAs("jsonl");
    await counsellor.http("POST", `/staff/students/${child.id}/consent`, { level: "activity_chat" });
    await counsellor.http("POST", `/staff/students/${declined.id}/consent`, { level: "none" });
    await visit(child);
    await visit(declined);
    const events = await server.services.log.eventsOfAccount(org.id, child.id);
    const first = events[0]?.at ?? 0;
    const last = events.at(-1)?.at ?? 0;
    // Periods that end before their first visit, or begin after their last: not them.
    await exportAs("csv", `&from=${first - 60_000}&to=${first - 1}`);
    await exportAs("csv", `&from=${last + 1}&to=${last + 60_000}`);
    // Over their visits: each listed, with its format, oldest first.
    await exportAs("xapi", `&from=${first}&to=${first}`);
    await exportAs("lessons", `&from=${last}&to=${last}`);
    expect(await sharedAbout(child)).toEqual([
      expect.objectContaining({ kind: "research_export", where: study.id, what: "xapi" }),
      expect.objectContaining({ kind: "research_export", where: study.id, what: "lessons" }),
    ]);
    // A family that said no was in no export; a child who never came, though their family said yes, was in none.
    expect(await sharedAbout(declined)).toEqual([]);
    const notYet = await student(server, org.id, "まだ こない こ");
    await counsellor.http("POST", `/staff/students/${notYet.id}/consent`, { level: "activity_chat" });
    expect(await sharedAbout(notYet)).toEqual([]);
    await host.leave();
  });

  it("should put what each store holds about the child in the copy, and take each away on erasure; a slot they booked stays, without them", async () => {
    const child = await student(server, org.id, "いちご");
    const now = Date.now();
    await server.services.selfStudy.start("study-いちご", org.id, child.id, now - 60_000);
    await server.services.selfStudy.end("study-いちご", now, null);
    const [slot] = await server.services.bookings.add(org.id, "counselling", [{ startsAt: now + 86_400_000, endsAt: now + 86_400_000 + 1_800_000 }], "すずき先生");
    expect(await server.services.bookings.book(slot?.id ?? "", { id: child.id, orgId: org.id }, "student", now, 3)).toBe("booked");
    await server.services.schoolSignIn.link(org.id, "student", child.id, "ichigo@school.example.jp");
    const copy = (await admin.http("GET", `/staff/students/${child.id}/held-about`)).json as { parts: Record<string, unknown> };
    expect(copy.parts.selfStudy).toEqual([expect.objectContaining({ started_at: now - 60_000, ended_at: now })]);
    expect(copy.parts.bookings).toEqual([expect.objectContaining({ kind: "counselling", booked_by: "student" })]);
    expect(copy.parts.schoolAccountEmail).toEqual([{ email: "ichigo@school.example.jp" }]);
    expect(copy.parts.consent).toBeNull(); // never asked: nothing held
    const erased = Erased.parse((await admin.http("POST", `/staff/students/${child.id}/erase`, { confirm: "いちご" })).json);
    expect(erased.erased).toMatchObject({ selfStudy: 1, bookings: 1, schoolAccountEmail: 1, account: 1 });
    // The counsellor's offer of their time is theirs: it stays, free again.
    expect(await server.services.bookings.get(slot?.id ?? "")).toMatchObject({ studentId: null });
    expect(await server.services.selfStudy.history(child.id)).toEqual([]);
  });

  it("should take a child erased while in the space out of it at once", async () => {
    const child = await student(server, org.id, "いま いる こ");
    const host = await counsellor.join();
    const room = await child.join();
    let closedWith: number | null = null;
    room.onLeave((code) => {
      closedWith = code;
    });
    expect((await admin.http("POST", `/staff/students/${child.id}/erase`, { confirm: "いま いる こ" })).status).toBe(200);
    await until(() => closedWith !== null, "the child's link was closed");
    expect(closedWith).toBe(CLOSE_CODES.blocked);
    await until(() => [...host.state.avatars.values()].every((a) => a.nickname !== "いま いる こ"), "gone from the space");
    await server.services.log.flush();
    expect(await server.services.log.eventsOfAccount(org.id, child.id)).toEqual([]);
    await host.leave();
  });
});

describe("a child's reports", () => {
  it("should show the child who made a report how far staff have got with it, and nobody else", async () => {
    const reporter = await student(server, org.id, "つうほう する こ");
    const reported = await student(server, org.id, "いわれた こ");
    const host = await counsellor.join();
    const a = await reporter.join();
    const b = await reported.join();
    const queue = collect<{ items: Array<{ id: string; kind: string; readBy?: string }> }>(host, "queue");
    a.send("report", { target: b.sessionId, reason: "いやな ことを いわれた" });
    await until(() => queue.at(-1)?.items.some((i) => i.kind === "report") === true, "the report reached the staff");
    const statuses = async (who: Person) => ((await who.http("GET", "/me/records")).json.reports as Array<{ status: string }>).map((r) => r.status);
    await until(async () => (await statuses(reporter)).length === 1, "the report is kept for its reporter");
    expect(await statuses(reporter)).toEqual(["received"]);
    const id = queue.at(-1)?.items.find((i) => i.kind === "report")?.id ?? "";

    host.send("readReport", { id });
    await until(() => queue.at(-1)?.items.find((i) => i.id === id)?.readBy === "すずき先生", "the other staff see who read it");
    await until(async () => (await statuses(reporter))[0] === "looked_at", "looked at");
    host.send("answerHelp", { id });
    await until(async () => (await statuses(reporter))[0] === "closed", "closed");
    // A late "read" never reopens it.
    await server.services.reports.mark(id, "looked_at", Date.now());
    expect(await statuses(reporter)).toEqual(["closed"]);

    // The child reported, and staff, see nothing of it here; what it said never reaches the child's list.
    expect(await statuses(reported)).toEqual([]);
    expect((await counsellor.http("GET", "/me/records")).status).toBe(403);
    expect(JSON.stringify((await reporter.http("GET", "/me/records")).json)).not.toContain("いやな");
    // Part of what is held about the reporter, and erased with them.
    const copy = await server.services.rights.heldAbout(org.id, reporter.id);
    expect(copy.parts.reports).toHaveLength(1);
    for (const room of [a, b, host]) await room.leave();
  });
});

