import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionList, SessionReport } from "../../shared/research/report.ts";
import { XapiStatement } from "../../shared/research/xapi.ts";
import { collect, type SpaceRoom, sleep, until, walk } from "../support/clients.ts";
import { type Person, anonymous, organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * Research data: pseudonyms, not people; consent decides; small groups withheld; researchers only.
 * Two real sessions are played through the real server and logging path first.
 */
let server: TestServer;
let org: { id: string };
let researcher: Person;
let studyA: string;
let studyB: string;
const secrets: string[] = []; // everything that must never appear in an export
const kids: Record<string, Person & { code: string; id: string }> = {};
const rooms: string[] = [];

async function playSession(withChat: boolean) {
  const counsellor = await staffMember(server, org.id);
  const host = await counsellor.join();
  rooms.push(host.roomId);
  const joined: Record<string, SpaceRoom> = {};
  for (const [name, kid] of Object.entries(kids)) joined[name] = await kid.join();
  const { ちゃっと: chatty, かつどう: active, なし: none } = joined as Record<string, SpaceRoom>;
  if (!chatty || !active || !none) throw new Error("missing students");
  const heard = collect(host, "chat");
  if (withChat) {
    chatty.send("chat", { channel: "space", text: "consented words" });
    active.send("chat", { channel: "space", text: "activity-only words" });
    none.send("chat", { channel: "space", text: "unconsented words" });
    await until(() => heard.length === 3, "three lines");
  }
  chatty.send("emote", { emote: "wave" });
  host.send("greet", { target: chatty.sessionId });
  const queue = collect<{ items: Array<{ id: string }> }>(host, "queue");
  active.send("help", {});
  await until(() => (queue.at(-1)?.items.length ?? 0) === 1, "help queued");
  host.send("answerHelp", { id: queue.at(-1)?.items[0]?.id ?? "" });
  const start = chatty.state.avatars.get(chatty.sessionId);
  await walk(chatty, { x: (start?.x ?? 0) / 100, z: (start?.z ?? 0) / 100 }, [{ x: 6, z: -2 }]);
  await sleep(1100);
  await walk(chatty, { x: 6, z: -2 }, [{ x: 8, z: -2 }]);
  for (const room of Object.values(joined)) await room.leave();
  host.send("closeSpace", {});
  await until(() => !host.connection.isOpen, "space closed");
  await sleep(100);
  secrets.push(host.roomId, ...Object.values(joined).map((r) => r.sessionId));
}

beforeAll(async () => {
  server = await startTestServer();
  org = await organisation(server, "けんきゅう センター");
  researcher = await staffMember(server, org.id, "researcher", "けんきゅうしゃ");
  studyA = (await server.services.studies.create(org.id, "study A")).id;
  studyB = (await server.services.studies.create(org.id, "study B")).id;
  const levels = { ちゃっと: "activity_chat", かつどう: "activity", なし: "none" } as const;
  for (const [nickname, level] of Object.entries(levels)) {
    const kid = await student(server, org.id, nickname);
    await server.services.directory.setConsent(kid.id, level, "test");
    kids[nickname] = kid;
    secrets.push(nickname, kid.code, kid.id);
  }
  secrets.push(org.id);
  await playSession(true);
  await playSession(false);
}, 60_000);
afterAll(async () => {
  await server.close();
});

const exportOf = async (format: string, study = studyA, who = researcher) => {
  const res = await fetch(`${server.url}/api/research/export?study=${study}&format=${format}`, { headers: { cookie: who.cookie } });
  return { status: res.status, text: await res.text(), sessions: res.headers.get("x-hidamari-sessions") };
};

describe("research exports", () => {
  it("should contain no nickname, access code or internal id, in any format", async () => {
    const staffIds = (await server.services.directory.staffOf(org.id)).map((s) => s.id);
    for (const format of ["csv", "jsonl", "xapi"]) {
      const { status, text, sessions } = await exportOf(format);
      expect(status).toBe(200);
      expect(sessions).toBe("2");
      for (const secret of [...secrets, ...staffIds]) expect(text, `${format} leaks ${secret}`).not.toContain(secret);
    }
  });

  it("should follow consent exactly: none stays out, activity without text, activity and chat with text", async () => {
    const { text } = await exportOf("jsonl");
    const events = text.trim().split("\n").map((l) => JSON.parse(l) as { type: string; text?: string; participant?: string; role?: string });
    expect(text).toContain("consented words");
    expect(text).not.toContain("activity-only words");
    expect(text).not.toContain("unconsented words");
    const chats = events.filter((e) => e.type === "chat_sent" && e.role === "student");
    expect(chats).toHaveLength(2); // the unconsented student's line is not there at all
    const studentPseudonyms = new Set(events.filter((e) => e.type === "entered" && e.role === "student").map((e) => e.participant));
    expect(studentPseudonyms.size).toBe(2);
  });

  it("should produce xAPI 1.0.3 statements that validate, with pseudonymous accounts and the session as registration", async () => {
    const { text } = await exportOf("xapi");
    const statements = JSON.parse(text) as unknown[];
    expect(statements.length).toBeGreaterThan(10);
    for (const s of statements) XapiStatement.parse(s);
    const first = XapiStatement.parse(statements[0]);
    expect(first.actor.account.homePage).toMatch(new RegExp(`/studies/${studyA}$`));
    const verbs = new Set(statements.map((s) => XapiStatement.parse(s).verb.id));
    expect(verbs).toEqual(new Set(["http://activitystrea.ms/schema/1.0/join", "http://activitystrea.ms/schema/1.0/leave", "http://adlnet.gov/expapi/verbs/experienced", "http://adlnet.gov/expapi/verbs/commented", "http://adlnet.gov/expapi/verbs/interacted", "https://hidamari.app/xapi/verbs/asked-for-help"]));
    // Re-exporting gives the same ids (statements are idempotent in an LRS).
    const again = JSON.parse((await exportOf("xapi")).text) as Array<{ id: string }>;
    expect(again.map((s) => s.id)).toEqual((statements as Array<{ id: string }>).map((s) => s.id));
  });

  it("should give one CSV row per participant per session", async () => {
    const { text } = await exportOf("csv");
    const [header, ...rows] = text.trim().split("\n");
    expect(header).toContain("pseudonym");
    expect(rows).toHaveLength(2 * 3); // per session: the two consented students and the counsellor
  });

  it("should keep pseudonyms stable within a study and unlinkable across studies", async () => {
    const pseudonymsIn = async (study: string) => {
      const rows = (await exportOf("csv", study)).text.trim().split("\n").slice(1).map((r) => r.split(","));
      const students = rows.filter((r) => r[3] === "student");
      return { first: new Set(students.filter((r) => r[0] === students[0]?.[0]).map((r) => r[2])), all: new Set(students.map((r) => r[2])) };
    };
    const a = await pseudonymsIn(studyA);
    const b = await pseudonymsIn(studyB);
    expect(a.all.size).toBe(2); // the same two students across both sessions
    expect([...a.all].some((p) => b.all.has(p))).toBe(false);
  });
});

describe("research views", () => {
  it("should list sessions and withhold headcounts below the suppression threshold", async () => {
    const res = await researcher.http("GET", `/research/sessions?study=${studyA}`);
    const list = SessionList.parse(res.json);
    expect(list.sessions).toHaveLength(2);
    expect(list.suppressBelow).toBe(5);
    expect(list.sessions[0]?.students).toBeNull(); // 3 students < 5
  });

  it("should report a session: time per zone, the ladder, greeting and help response times, a heatmap", async () => {
    const { json } = await researcher.http("GET", `/research/sessions?study=${studyA}`);
    const registration = SessionList.parse(json).sessions[0]?.registration ?? "";
    const report = SessionReport.parse((await researcher.http("GET", `/research/sessions/${registration}?study=${studyA}`)).json);
    const students = report.participants.filter((p) => p.role === "student");
    expect(students).toHaveLength(2);
    const chatty = students.find((p) => p.messages === 1 && p.emotes === 1);
    expect(chatty?.ladder).toBe("wrote");
    expect(chatty?.greetedAfterMs).not.toBeNull();
    const helped = students.find((p) => p.helpRequests === 1);
    expect(helped?.ladder).toBe("talked_with_staff");
    expect(report.helpWaitMs).toHaveLength(1);
    expect(report.heatmap.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(chatty?.msByZone.talk ?? 0).toBeGreaterThan(0);
    expect(JSON.stringify(report)).not.toContain(kids["ちゃっと"]?.id ?? "??");
  });
});

describe("who may read research data", () => {
  it("should refuse anonymous visitors, students, counsellors and admins, and audit it", async () => {
    const denied = async () => (await server.services.audit.list(org.id, 500)).filter((e) => e.outcome === "denied").length;
    const before = await denied();
    const counsellor = await staffMember(server, org.id);
    const admin = await staffMember(server, org.id, "admin");
    for (const who of [anonymous(server, org.id), kids["ちゃっと"] as Person, counsellor, admin]) {
      const res = await exportOf("csv", studyA, who);
      expect([401, 403]).toContain(res.status);
    }
    expect(await denied() - before).toBe(3); // the anonymous refusal has no organisation to file it under
  });

  it("should keep researchers to their own organisation's studies", async () => {
    const other = await organisation(server, "よその けんきゅう");
    const outsider = await staffMember(server, other.id, "researcher");
    expect((await exportOf("csv", studyA, outsider)).status).toBe(404);
  });

  it("should audit every export", async () => {
    await exportOf("jsonl");
    expect((await server.services.audit.list(org.id, 5)).find((e) => e.action === "export")).toMatchObject({ outcome: "done", target: studyA });
  });
});

describe("retention", () => {
  it("should purge events older than the period, for admins only, and audit it", async () => {
    const counsellor = await staffMember(server, org.id);
    expect((await counsellor.http("POST", "/admin/purge", { days: 1 })).status).toBe(403);
    const admin = await staffMember(server, org.id, "admin");
    const kept = await admin.http("POST", "/admin/purge", { days: 1 });
    expect(kept.json.deleted).toBe(0); // everything is from today
    server.services.log.append({ v: 1, at: Date.now() - 400 * 24 * 3600 * 1000, space: "ancient", type: "space_opened", org: org.id });
    const purged = await admin.http("POST", "/admin/purge", {});
    expect(purged.json.deleted).toBe(1);
    expect((await server.services.audit.list(org.id, 5)).find((e) => e.action === "purge")).toMatchObject({ outcome: "done" });
  });
});
