import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LrsView } from "../../shared/protocol/lrs.ts";
import type { LoggedEvent } from "../../shared/log/events.ts";
import { until } from "../support/clients.ts";
import { type LrsGate, startLrsGate } from "../support/lrsGate.ts";
import { type Person, organisation, staffMember } from "../support/people.ts";
import { type Step, appendSession, visit } from "../support/research.ts";
import { type TestServer, startTestServer } from "../support/server.ts";
import { type StoredStatement, useStatementStore } from "../support/statementStore.ts";

/**
 * Records to the school's LRS, against a real statement store (Learning Locker's xapi-statements,
 * in memory) behind a gate the test opens and closes: sessions are written to a real SQLite
 * session log, an admin sets the endpoint over HTTP, and Hidamari's own timers queue and send
 * (with passes and rests shortened: nothing here waits on a wall clock, only for what the store
 * and the admin page say). What the LRS ends up holding is compared with the research xAPI
 * export of the same study: the same statements, under the same ids, each once.
 */
const lrs = useStatementStore();
let gate: LrsGate;
beforeAll(async () => {
  gate = await startLrsGate(lrs.store.url);
});
afterAll(async () => {
  await gate?.close();
});

const FAST = { produceEveryMs: 40, sendEveryMs: 40, backoffBaseMs: 20, backoffCapMs: 150, timeoutMs: 400, batchSize: 4, random: () => 0.5 };
/**
 * Where the LRS answers, each request is given time. A request that times out after the store took
 * it is sent again by design (the LRS's statement ids keep one copy), and "taken once" counts that
 * re-send. The whole suite on a busy machine once saw a statement taken twice with 400 ms (clean
 * clone, 2026-12-05 19:15); enqueueing cannot double a row (ON CONFLICT DO NOTHING) and the lease
 * is ten timeouts, so a timed-out request that had arrived is the way it can happen.
 */
const STEADY = { ...FAST, timeoutMs: 5_000 };
const WAIT = 20_000;
const MINUTE = 60_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-lrs-outbox-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface World {
  server: TestServer;
  org: { id: string };
  admin: Person;
  researcher: Person;
  study: string;
  kids: Record<"chat" | "activity" | "none", string>;
  counsellor: string;
}

/** An organisation with a study, an admin and a researcher, a counsellor, and three children: consent to chat, to activity, none. */
async function world(server: TestServer): Promise<World> {
  const { directory } = server.services;
  const org = await organisation(server, "エルアールエス センター");
  const admin = await staffMember(server, org.id, "admin", "かんりしゃ");
  const researcher = await staffMember(server, org.id, "researcher", "けんきゅうしゃ");
  const created = await admin.http("POST", "/admin/studies", { name: "学校への 記録" });
  expect(created.status).toBe(201);
  const kids = {} as World["kids"];
  for (const [key, level] of [
    ["chat", "activity_chat"],
    ["activity", "activity"],
    ["none", "none"],
  ] as const) {
    kids[key] = (await directory.registerStudent({ orgId: org.id, nickname: `える${key}` })).student.id;
    await directory.setConsent(kids[key], level, "test");
  }
  const counsellor = (await directory.addStaff({ orgId: org.id, username: `c-${randomUUID().slice(0, 6)}`, displayName: "さとう先生", role: "counsellor", password: "correct horse battery" })).id;
  return { server, org, admin, researcher, study: String(created.json.id), kids, counsellor };
}

/** The same people signed in again on another server over the same database (after a restart). */
async function again(w: World, server: TestServer): Promise<World> {
  return { ...w, server, admin: await staffMember(server, w.org.id, "admin", "かんりしゃ"), researcher: await staffMember(server, w.org.id, "researcher", "けんきゅうしゃ") };
}

/** What everyone did in one session (times from its opening): visits, a chat with words, a wave, a zone. */
function day(w: World): Step[] {
  return [
    ...visit("v-staff", w.counsellor, "staff", 0, 15 * MINUTE, "talk"),
    ...visit("v-chat", w.kids.chat, "student", 10_000, 5 * MINUTE, "talk"),
    { type: "chat_sent", at: 100_000, participant: "v-chat", channel: "space", zone: "talk", chars: 5, text: "おはよう" },
    ...visit("v-act", w.kids.activity, "student", 20_000, 7 * MINUTE, "classroom"),
    { type: "emote", at: 50_000, participant: "v-act", emote: "wave" },
    { type: "zone_changed", at: 3 * MINUTE, participant: "v-act", from: "classroom", to: "quiet" },
    ...visit("v-none", w.kids.none, "student", 30_000, 4 * MINUTE, "talk"),
    { type: "emote", at: 60_000, participant: "v-none", emote: "wave" },
  ].sort((a, b) => a.at - b.at) as Step[];
}

/** A session that opened 20 minutes ago and closes a minute from now (after the endpoint was set up). */
function playDay(w: World, closed = true): { space: string; registration: string; openedAt: number } {
  const openedAt = Date.now() - 20 * MINUTE;
  return { ...appendSession(w.server.log, w.org.id, openedAt, day(w), closed ? 21 * MINUTE : null), openedAt };
}

async function configure(w: World, enabled = true): Promise<string> {
  const res = await w.admin.http("POST", "/admin/lrs", { study: w.study, url: gate.url, key: "hidamari", secret: "the LRS's secret", enabled });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  const endpoint = LrsView.parse(res.json).endpoints.at(-1);
  if (!endpoint) throw new Error("no endpoint");
  return endpoint.id;
}

async function status(w: World) {
  const res = await w.admin.http("GET", "/admin/lrs");
  expect(res.status).toBe(200);
  const endpoint = LrsView.parse(res.json).endpoints[0];
  if (!endpoint) throw new Error("no endpoint");
  return endpoint;
}

const setEnabled = async (w: World, id: string, enabled: boolean) => expect((await w.admin.http("PUT", `/admin/lrs/${id}`, { url: gate.url, key: "hidamari", enabled })).status).toBe(200);

type Statement = Record<string, unknown> & { id: string; context: { registration: string }; actor: { account: { name: string } } };

/** The research export of the study, as a researcher downloads it: only the given sessions' statements. */
async function exported(w: World, registrations: string[]): Promise<Statement[]> {
  const res = await fetch(`${w.server.url}/api/research/export?study=${w.study}&format=xapi`, { headers: { cookie: w.researcher.cookie } });
  expect(res.status).toBe(200);
  return ((await res.json()) as Statement[]).filter((s) => registrations.includes(s.context.registration));
}

const held = async (registrations: string[]) => ((await lrs.store.all()) as Array<StoredStatement & Statement>).filter((s) => registrations.includes(s.context.registration));
const withoutStoreFields = ({ stored: _stored, authority: _authority, ...rest }: StoredStatement) => rest;
/** How often the gate let a statement reach the store and the store took it. */
const taken = (id: string) => gate.posts.filter((p) => p.status === 200 && p.ids.includes(id)).length;
const offered = (id: string) => gate.posts.filter((p) => p.ids.includes(id)).length;
const pseudonymOf = async (w: World, account: string) => (await w.server.services.studies.open(w.org.id, w.study))?.pseudonym(account) ?? "?";

describe("records to the school's LRS, through the outbox", () => {
  let w: World;
  let endpoint: string;
  beforeAll(async () => {
    gate.mode = "up";
    w = await world(await startTestServer({ dbFile: path.join(dir, "one.sqlite"), storeLog: true, lrs: STEADY }));
    endpoint = await configure(w);
  }, 60_000);
  afterAll(async () => {
    await w?.server.close();
  });

  it("should send statements as they happen, and end with the LRS holding what the xAPI export holds, each once", async () => {
    const { space, registration, openedAt } = playDay(w, false);
    // While the session is still open: the arrivals are already in the LRS.
    await until(async () => (await held([registration])).filter((s) => (s.verb as { id: string }).id.endsWith("/join")).length === 3, "the arrivals in the LRS", WAIT);
    w.server.log.append({ v: 1, space, at: openedAt + 21 * MINUTE, type: "space_closed", reason: "closed" } as LoggedEvent);
    const expected = await exported(w, [registration]);
    await until(async () => (await held([registration])).length === expected.length && (await status(w)).counts.waiting === 0, "everything sent", WAIT);

    const inLrs = await held([registration]);
    expect(inLrs.map((s) => s.id).sort()).toEqual(expected.map((s) => s.id).sort());
    const byId = new Map(inLrs.map((s) => [s.id, withoutStoreFields(s)]));
    for (const s of expected) expect(byId.get(s.id), s.id).toEqual(s);
    for (const s of expected) expect(taken(s.id), `statement ${s.id} taken once`).toBe(1);
    // The child without consent is not there at all; the chat words only of the child who consents to them.
    const none = await pseudonymOf(w, w.kids.none);
    expect(inLrs.some((s) => s.actor.account.name === none)).toBe(false);
    expect(JSON.stringify(inLrs)).toContain("おはよう");
    const shown = await status(w);
    expect(shown).toMatchObject({ url: gate.url, key: "hidamari", hasSecret: true, enabled: true, counts: { sent: expected.length, waiting: 0, refused: 0, withheld: 0 }, nextRetryAt: null, refused: [] });
    expect(JSON.stringify(shown)).not.toContain("the LRS's secret");
    expect(shown.lastSentAt).not.toBeNull();
  });

  it("should report a statement the LRS refuses, with its reason, send the rest, and not offer it again unless an admin asks", async () => {
    await setEnabled(w, endpoint, false);
    const { registration } = playDay(w);
    const expected = await exported(w, [registration]);
    // Someone else already wrote another statement under one of our ids: the LRS answers 409.
    const victim = expected[2] as Statement;
    const impostor = { ...victim, result: { response: "not what Hidamari says" } };
    expect((await lrs.store.post([impostor])).status).toBe(200);
    const before = await status(w);
    await setEnabled(w, endpoint, true);
    await until(async () => {
      const s = await status(w);
      return s.counts.refused === 1 && s.counts.waiting === 0 && s.counts.sent === before.counts.sent + expected.length - 1;
    }, "the session sent, but one", WAIT);

    const shown = await status(w);
    expect(shown.refused).toEqual([{ statementId: victim.id, verb: (victim.verb as { id: string }).id, timestamp: victim.timestamp, reason: expect.stringMatching(/^409 Conflict.*another statement under this id/), at: expect.any(Number) }]);
    const inLrs = new Map((await held([registration])).map((s) => [s.id, withoutStoreFields(s)]));
    for (const s of expected) expect(inLrs.get(s.id), s.id).toEqual(s.id === victim.id ? impostor : s);
    // The batch it was in, then alone: and never again, however many passes come.
    const times = offered(victim.id);
    expect(times).toBeGreaterThanOrEqual(1);
    expect(times).toBeLessThanOrEqual(2);
    for (let i = 0; i < 3; i++) await w.server.services.lrsRunner.sender.pass();
    expect(offered(victim.id)).toBe(times);

    // "Send again": offered once more, and refused again (the LRS still holds the other one).
    const resend = await w.admin.http("POST", `/admin/lrs/${endpoint}/resend`, {});
    expect(resend.status).toBe(200);
    await until(async () => offered(victim.id) === times + 1 && (await status(w)).counts.refused === 1, "sent again, refused again", WAIT);
    const audit = (await w.admin.http("GET", "/admin/audit")).json.entries as Array<{ action: string; detail?: unknown }>;
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(["add_lrs", "set_lrs", "resend_lrs"]));
    // How many were offered again; the switches without a new secret say so.
    const audited = await w.server.services.audit.list(w.org.id, 100);
    expect(audited.find((e) => e.action === "resend_lrs")).toMatchObject({ target: endpoint, outcome: "done", detail: { statements: 1 } });
    expect(audited.filter((e) => e.action === "set_lrs").map((e) => e.detail)).toEqual(expect.arrayContaining([{ url: shown.url, key: "hidamari", enabled: false, newSecret: false }, { url: shown.url, key: "hidamari", enabled: true, newSecret: false }]));
  });

  it("should not send what a child said about themselves after they withdrew consent, even if it was already waiting", async () => {
    await setEnabled(w, endpoint, false);
    const { registration } = playDay(w);
    gate.mode = "down";
    await setEnabled(w, endpoint, true);
    const activity = await pseudonymOf(w, w.kids.activity);
    const expected = await exported(w, [registration]);
    const theirs = expected.filter((s) => s.actor.account.name === activity);
    expect(theirs.length).toBeGreaterThan(0);
    await until(async () => (await status(w)).lastError?.startsWith("503") === true && (await status(w)).counts.waiting === expected.length, "queued while the LRS is down", WAIT);
    await w.server.services.directory.setConsent(w.kids.activity, "none", "test");
    gate.mode = "up";
    await until(async () => (await status(w)).counts.waiting === 0, "the queue emptied", WAIT);
    const inLrs = await held([registration]);
    expect(inLrs.map((s) => s.id).sort()).toEqual(expected.filter((s) => s.actor.account.name !== activity).map((s) => s.id).sort());
    expect((await status(w)).counts.withheld).toBe(theirs.length);
    // Offered while the LRS was down, perhaps; never taken.
    for (const s of theirs) expect(taken(s.id)).toBe(0);
  });

  // Last in this block: it takes away the endpoint the tests above send through.
  it("should test the connection, take a new secret and take the endpoint away when the admin asks, each audited with what it did and never the secret", async () => {
    const tested = await w.admin.http("POST", `/admin/lrs/${endpoint}/test`, {});
    expect(tested.status).toBe(200);
    expect(tested.json).toMatchObject({ outcome: "ok", status: 200 });
    expect((await w.admin.http("PUT", `/admin/lrs/${endpoint}`, { url: gate.url, key: "hidamari", secret: "the LRS's secret", enabled: true })).status).toBe(200);
    const before = await status(w);
    const removed = await w.admin.http("DELETE", `/admin/lrs/${endpoint}`, {});
    expect(removed.status).toBe(200);
    expect(LrsView.parse(removed.json).endpoints).toEqual([]);
    const audited = await w.server.services.audit.list(w.org.id, 100);
    const last = (action: string) => audited.find((e) => e.action === action && e.target === endpoint);
    expect(last("add_lrs")).toMatchObject({ outcome: "done", detail: { study: w.study, url: before.url, key: "hidamari", enabled: true } });
    expect(last("test_lrs")).toMatchObject({ outcome: "done", detail: { outcome: "ok", status: 200 } });
    expect(last("set_lrs")?.detail).toEqual({ url: before.url, key: "hidamari", enabled: true, newSecret: true });
    expect(last("remove_lrs")?.detail).toEqual({ url: before.url, dropped: before.counts.waiting + before.counts.refused, sent: before.counts.sent });
    expect(before.counts.sent).toBeGreaterThan(0);
    expect(JSON.stringify(audited)).not.toContain("the LRS's secret");
  });
});

describe("records to the school's LRS, when the LRS is away and Hidamari restarts", () => {
  it("should lose nothing and send nothing twice: the LRS down, unreachable and hanging, Hidamari restarted while statements wait, then the LRS back", async () => {
    const file = path.join(dir, "restart.sqlite");
    gate.mode = "down";
    const first = await world(await startTestServer({ dbFile: file, storeLog: true, lrs: FAST }));
    let w = first;
    let second: TestServer | null = null;
    try {
      await configure(w);
      const one = playDay(w);
      const expectedOne = await exported(w, [one.registration]);
      await until(async () => (await status(w)).counts.waiting === expectedOne.length && (await status(w)).lastError?.startsWith("503") === true, "waiting while the LRS answers 503", WAIT);
      gate.mode = "reset";
      await until(async () => !(await status(w)).lastError?.startsWith("503"), "the connection dropped", WAIT);
      gate.mode = "hang";
      await until(async () => (await status(w)).lastError?.startsWith("no answer within") === true, "no answer in time", WAIT);
      expect((await status(w)).counts).toEqual({ sent: 0, waiting: expectedOne.length, refused: 0, withheld: 0 });
      // A second session logged just before the stop: perhaps not even queued yet.
      const two = playDay(w);
      await first.server.close();

      // The same address as before (statements' IRIs are made from it, as the research export's are).
      second = await startTestServer({ dbFile: file, storeLog: true, lrs: STEADY, port: first.server.port });
      w = await again(first, second);
      gate.mode = "up";
      const expected = await exported(w, [one.registration, two.registration]);
      expect(expected.length).toBe(2 * expectedOne.length);
      await until(async () => (await status(w)).counts.sent === expected.length && (await status(w)).counts.waiting === 0, "everything sent after the restart", WAIT);
      const inLrs = await held([one.registration, two.registration]);
      expect(inLrs).toHaveLength(expected.length);
      expect(inLrs.map((s) => s.id).sort()).toEqual(expected.map((s) => s.id).sort());
      for (const s of expected) expect(taken(s.id), `statement ${s.id} taken once`).toBe(1);
      expect((await status(w)).lastSentAt).not.toBeNull();
    } finally {
      gate.mode = "up";
      if (!second) await first.server.close().catch(() => {});
      await second?.close();
    }
  }, 60_000);
});
