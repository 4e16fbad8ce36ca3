import type { Room } from "@colyseus/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ZoneId } from "../../shared/domain/zones.ts";
import type { SpaceState } from "../../shared/state/SpaceState.ts";
import { pong, type SpaceRoom, until, walk } from "../support/clients.ts";
import { type Person, organisation, staffMember, student } from "../support/people.ts";
import { orgEvents } from "../support/research.ts";
import { type TestServer, startTestServer } from "../support/server.ts";
import { type StoredStatement, useStatementStore } from "../support/statementStore.ts";

/**
 * The xAPI export judged by something other than our own model of it: a real statement store
 * (Learning Locker's xapi-statements, in memory). Sessions are played through the real server by
 * real clients; the session log's clock is held by the test, so every time a statement tells of
 * is one the test chose (moving the clock never waits for anything). The export is asked for over
 * HTTP as a researcher and posted to the store, which must take every statement, each once, with
 * durations that are the true durations of what was played; a re-send must be idempotent.
 */
const lrs = useStatementStore();

let server: TestServer;
let org: { id: string };
let researcher: Person;
let study: string;
let realNow: () => number;
let logNow = 0;

const SECOND = 1000;
const HOUR = 3600 * SECOND;
/** Whole seconds, well inside the export's default year. */
const OPEN = [Math.floor(Date.now() / SECOND) * SECOND - 5 * HOUR, Math.floor(Date.now() / SECOND) * SECOND - 2 * HOUR] as const;

const VERB = {
  joined: "http://activitystrea.ms/schema/1.0/join",
  left: "http://activitystrea.ms/schema/1.0/leave",
  experienced: "http://adlnet.gov/expapi/verbs/experienced",
  commented: "http://adlnet.gov/expapi/verbs/commented",
  interacted: "http://adlnet.gov/expapi/verbs/interacted",
  askedForHelp: "https://hidamari.app/xapi/verbs/asked-for-help",
} as const;

/** What a statement should say, as the test played it: who, did what, where, when, for how long. */
interface Told {
  account: string;
  session: number;
  verb: keyof typeof VERB;
  zone: ZoneId | null;
  at: number;
  durationMs: number | null;
  response: string | null;
}
const told: Told[] = [];

interface Visit {
  who: Person & { id: string };
  room: SpaceRoom;
  session: number;
  enteredAt: number;
  zone: ZoneId;
  zoneSince: number;
  chatText: boolean;
}

const HERE = { session: 0 };
/** The log's time: `seconds` after the current session opened. */
function clock(seconds: number): number {
  logNow = (OPEN[HERE.session] ?? 0) + seconds * SECOND;
  return logNow;
}

const spaceOf = (room: SpaceRoom) => server.colyseus.getRoomById(room.roomId) as Room<{ state: SpaceState }>;
const zoneOnServer = (v: Visit) => spaceOf(v.room)?.state.avatars.get(v.room.sessionId)?.zone as ZoneId | undefined;
/** How many of this account's visits have left, by the log. */
const visitsLeft = async (account: string) => {
  const logged = await orgEvents(server.log, org.id);
  const mine = new Set(logged.flatMap((e) => (e.type === "entered" && e.account === account ? [e.participant] : [])));
  return logged.filter((e) => e.type === "left" && mine.has(e.participant)).length;
};

async function enter(who: Person & { id: string }, seconds: number, chatText = false): Promise<Visit> {
  const at = clock(seconds);
  const room = await who.join();
  const v: Visit = { who, room, session: HERE.session, enteredAt: at, zone: "talk", zoneSince: at, chatText };
  v.zone = zoneOnServer(v) ?? "talk";
  told.push({ account: who.id, session: v.session, verb: "joined", zone: null, at, durationMs: null, response: null });
  return v;
}

/** The stay in the zone ends now: an `experienced` of the zone for as long as it lasted. */
function endStay(v: Visit, at: number) {
  told.push({ account: v.who.id, session: v.session, verb: "experienced", zone: v.zone, at, durationMs: at - v.zoneSince, response: null });
}
function endVisit(v: Visit, at: number) {
  endStay(v, at);
  told.push({ account: v.who.id, session: v.session, verb: "left", zone: null, at, durationMs: at - v.enteredAt, response: null });
}

/** Doorways between the talk area and the other two rooms (a straight walk through each). */
const DOORS: Partial<Record<ZoneId, Array<{ x: number; z: number }>>> = {
  quiet: [
    { x: 2, z: 6.5 },
    { x: -2, z: 6.5 },
  ],
  classroom: [
    { x: 2, z: -6 },
    { x: -2, z: -6 },
  ],
};

async function walkTo(v: Visit, zone: ZoneId, seconds: number) {
  const at = clock(seconds);
  const avatar = v.room.state.avatars.get(v.room.sessionId);
  const from = { x: (avatar?.x ?? 0) / 100, z: (avatar?.z ?? 0) / 100 };
  const door = DOORS[zone === "talk" ? v.zone : zone];
  if (!door) throw new Error(`no way to ${zone}`);
  await walk(v.room, from, zone === "talk" ? [...door].reverse() : door);
  await until(() => zoneOnServer(v) === zone, `${v.who.id} in ${zone}`);
  endStay(v, at);
  v.zone = zone;
  v.zoneSince = at;
}

async function act(v: Visit, what: "chat" | "wave" | "help", seconds: number, text = "") {
  const at = clock(seconds);
  if (what === "chat") v.room.send("chat", { channel: "space", text });
  if (what === "wave") v.room.send("emote", { emote: "wave" });
  if (what === "help") v.room.send("help", {});
  await pong(v.room); // handled, so logged at this time
  const verb = what === "chat" ? "commented" : what === "wave" ? "interacted" : "askedForHelp";
  told.push({ account: v.who.id, session: v.session, verb, zone: null, at, durationMs: null, response: what === "chat" && v.chatText ? text : null });
}

async function leave(v: Visit, seconds: number) {
  const at = clock(seconds);
  const before = await visitsLeft(v.who.id);
  await v.room.leave();
  await until(async () => (await visitsLeft(v.who.id)) === before + 1, `${v.who.id} left`);
  endVisit(v, at);
}

/** The page reloaded: a new visit enters while the earlier one still holds its seat, which then gives way. */
async function reload(v: Visit, seconds: number): Promise<Visit> {
  const before = await visitsLeft(v.who.id);
  const again = await enter(v.who, seconds, v.chatText);
  await until(async () => (await visitsLeft(v.who.id)) === before + 1, `${v.who.id}'s earlier page gave way`);
  endVisit(v, again.enteredAt);
  return again;
}

async function closeSpace(host: Visit, seconds: number) {
  const at = clock(seconds);
  const sessions = () => server.log.sessions(org.id, 0, Number.MAX_SAFE_INTEGER);
  host.room.send("closeSpace", {});
  await until(async () => (await sessions())[host.session]?.closedAt != null, "the space closed");
  endVisit(host, at);
}

const kids = {} as Record<"chat" | "activity" | "none", Person & { id: string; code: string }>;

beforeAll(async () => {
  server = await startTestServer();
  realNow = server.services.clock.now;
  server.services.clock.now = () => logNow;
  org = await organisation(server, "エックスエーピーアイ センター");
  researcher = await staffMember(server, org.id, "researcher", "けんきゅうしゃ");
  study = (await server.services.studies.create(org.id, "xAPI study")).id;
  opened = await server.services.studies.open(org.id, study);
  for (const [key, level] of [
    ["chat", "activity_chat"],
    ["activity", "activity"],
    ["none", "none"],
  ] as const) {
    kids[key] = await student(server, org.id, `えっくす${key}`);
    await server.services.directory.setConsent(kids[key].id, level, "test");
  }
  const counsellor = (await staffMember(server, org.id)) as Person & { id: string };
  counsellor.id = (await server.services.directory.staffOf(org.id)).find((s) => s.role === "counsellor")?.id ?? "";

  // Session 1: an hour with a bit, people arriving at their own times, moving between rooms,
  // talking, reloading a page, leaving one by one.
  HERE.session = 0;
  const host = await enter(counsellor, 0);
  let a = await enter(kids.chat, 10, true);
  const b = await enter(kids.activity, 30.5);
  const c = await enter(kids.none, 40);
  await act(b, "chat", 90, "B's words");
  await act(b, "wave", 95);
  await act(b, "help", 97.5);
  await act(a, "chat", 100, "A's words");
  await act(c, "chat", 105, "C's words");
  await act(c, "wave", 106);
  await walkTo(a, "quiet", 120);
  await walkTo(b, "classroom", 180);
  await walkTo(c, "classroom", 200);
  await walkTo(a, "talk", 330);
  a = await reload(a, 360);
  await act(a, "wave", 365);
  await leave(b, 420);
  await leave(c, 450.5);
  await walkTo(a, "quiet", 470);
  await leave(a, 480);
  await closeSpace(host, 3725.5); // PT1H2M5.5S

  // Session 2: people arriving and leaving in the same millisecond.
  HERE.session = 1;
  const host2 = await enter(counsellor, 0);
  const a2 = await enter(kids.chat, 5, true);
  const b2 = await enter(kids.activity, 5);
  const c2 = await enter(kids.none, 10);
  await walkTo(b2, "classroom", 20);
  await leave(c2, 30);
  await leave(a2, 65);
  await leave(b2, 65);
  await closeSpace(host2, 90);
}, 180_000);

afterAll(async () => {
  if (server) {
    server.services.clock.now = realNow;
    await server.close();
  }
});

const exportXapi = async () => {
  const res = await fetch(`${server.url}/api/research/export?study=${study}&format=xapi`, { headers: { cookie: researcher.cookie } });
  expect(res.status).toBe(200);
  return (await res.json()) as Array<Record<string, unknown> & { id: string }>;
};
let opened: { pseudonym(account: string): string } | null = null;
const pseudonym = (account: string) => opened?.pseudonym(account) ?? "?";
const registrations = async () => (await server.log.sessions(org.id, 0, Number.MAX_SAFE_INTEGER)).map((s) => s.registration);
const admitted = (accounts: string[]) => told.filter((t) => !Object.values(kids).some((k) => k.id === t.account) || accounts.includes(t.account));

/** An xAPI duration (ISO 8601, as the export writes it) in ms; anything else fails. */
function durationMs(iso: string): number {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(iso);
  if (!m || iso === "PT") throw new Error(`not an ISO 8601 duration: ${iso}`);
  return Math.round(((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000);
}

/** What a statement tells, in plain fields. */
interface Said {
  who: string;
  registration: string;
  verb: string;
  zone: string | null;
  at: number;
  durationMs: number | null;
  response: string | null;
}

/** What a stored statement says, read without our own model of xAPI. */
function said(s: Record<string, unknown>): Said {
  const st = s as {
    actor: { account: { name: string } };
    verb: { id: string };
    object: { id: string };
    result?: { duration?: string; response?: string };
    context: { registration: string };
    timestamp: string;
  };
  const verb = (Object.keys(VERB) as Array<keyof typeof VERB>).find((k) => VERB[k] === st.verb.id) ?? st.verb.id;
  return {
    who: st.actor.account.name,
    registration: st.context.registration,
    verb,
    zone: /\/activities\/zones\/([a-z]+)$/.exec(st.object.id)?.[1] ?? null,
    at: Date.parse(st.timestamp),
    durationMs: st.result?.duration === undefined ? null : durationMs(st.result.duration),
    response: st.result?.response ?? null,
  };
}
const expected = async (t: Told[]) => {
  const known = await registrations();
  return t.map((x): Said => ({ who: pseudonym(x.account), registration: known[x.session] ?? "?", verb: x.verb, zone: x.zone, at: x.at, durationMs: x.durationMs, response: x.response }));
};
const order = (a: Said, b: Said) => a.at - b.at || a.who.localeCompare(b.who) || a.verb.localeCompare(b.verb) || String(a.zone).localeCompare(String(b.zone));
const withoutStoreFields = ({ stored: _stored, authority: _authority, ...rest }: StoredStatement) => rest;

describe("xAPI export, posted to a real statement store", () => {
  let first: Array<Record<string, unknown> & { id: string }> = [];
  let posted: { status: number; body: unknown } = { status: 0, body: null };
  let held: StoredStatement[] = [];
  beforeAll(async () => {
    first = await exportXapi();
    posted = await lrs.store.post(first);
    held = await lrs.store.all();
  });

  it("should be taken whole by the store: every statement valid, every id unique, each held once", () => {
    const consented = admitted([kids.chat.id, kids.activity.id]);
    expect(first).toHaveLength(consented.length);
    const ids = first.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    // 400 with `warnings` for an invalid statement or an id twice in the batch, 409 for an id reused.
    expect(posted, `the store refused the export:\n${lrs.store.output().slice(-3000)}`).toEqual({ status: 200, body: ids });
    expect(held).toHaveLength(first.length);
    // What the store holds is what was sent, statement by statement (it adds only `stored` and `authority`).
    const byId = new Map(held.map((s) => [s.id, withoutStoreFields(s)]));
    for (const s of first) expect(byId.get(s.id), s.id).toEqual(s);
  });

  it("should tell the true duration of every stay and visit, and when it ended", async () => {
    const consented = admitted([kids.chat.id, kids.activity.id]);
    const stored = held.map(said).sort(order);
    expect(stored).toEqual((await expected(consented)).sort(order));
    const durations = stored.flatMap((s) => (s.durationMs === null ? [] : [s.durationMs]));
    // Every visit and every stay in a room was played for a while: none is zero.
    expect(durations).toHaveLength(consented.filter((t) => t.durationMs !== null).length);
    expect(durations.every((d) => d > 0)).toBe(true);
    // The counsellor's first session, spelled as the store holds it.
    const hostLeft = held.find((s) => said(s).verb === "left" && said(s).at === OPEN[0] + 3725.5 * SECOND);
    expect((hostLeft?.result as { duration?: string } | undefined)?.duration).toBe("PT1H2M5.5S");
  });

  it("should leave out the student without consent entirely", async () => {
    const names = new Set(held.map((s) => said(s).who));
    const staffIds = (await server.services.directory.staffOf(org.id)).filter((s) => s.role === "counsellor").map((s) => s.id);
    expect(names).toEqual(new Set([kids.chat.id, kids.activity.id, ...staffIds].map(pseudonym)));
    const text = JSON.stringify(held);
    for (const secret of [pseudonym(kids.none.id), kids.none.id, kids.none.code, "えっくすnone", "C's words"]) expect(text).not.toContain(secret);
  });

  it("should be idempotent: the same export again has the same ids and content, and the store takes it as a re-send", async () => {
    const again = await exportXapi();
    expect(again).toEqual(first);
    const posted = await lrs.store.post(again);
    expect(posted, `the store refused the re-send:\n${lrs.store.output().slice(-3000)}`).toEqual({ status: 200, body: again.map((s) => s.id) });
    expect(await lrs.store.all()).toHaveLength(first.length);
  });

  it("should keep everyone else's ids when a student consents later: the re-send adds only that student's statements", async () => {
    await server.services.directory.setConsent(kids.none.id, "activity", "test");
    try {
      const later = await exportXapi();
      const theirs = admitted([kids.none.id]).filter((t) => t.account === kids.none.id);
      expect(later).toHaveLength(first.length + theirs.length);
      // Every statement sent before is in the new export, unchanged, under the same id.
      const byId = new Map(later.map((s) => [s.id, s]));
      for (const s of first) expect(byId.get(s.id), `statement ${s.id} changed its id or content`).toEqual(s);
      const posted = await lrs.store.post(later);
      expect(posted.status, `the store refused the export:\n${JSON.stringify(posted.body)}`).toBe(200);
      const all = await lrs.store.all();
      expect(all).toHaveLength(first.length + theirs.length);
      // What the newly consenting student did, with true durations (and no chat text: activity only).
      const newcomer = pseudonym(kids.none.id);
      expect(all.map(said).filter((s) => s.who === newcomer).sort(order)).toEqual((await expected(theirs)).sort(order));
    } finally {
      await server.services.directory.setConsent(kids.none.id, "none", "test");
    }
  });
});
