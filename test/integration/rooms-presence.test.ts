import type { Room } from "@colyseus/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ChatLine, HelpRequest, ServerError } from "../../shared/protocol/events.ts";
import type { SpaceState } from "../../shared/state/SpaceState.ts";
import { caughtUp, collect, pong, type SpaceRoom, until } from "../support/clients.ts";
import { organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * Low-pressure presence (server/rooms/handlers/presence.ts): a status, a reaction, a hand, and
 * the ways a student reaches staff (help, a wish to talk, a report), each exactly as the staff
 * queue and the log receive it.
 */
let server: TestServer;
let org: { id: string };
let host: SpaceRoom;
beforeAll(async () => {
  server = await startTestServer();
});
beforeEach(async () => {
  org = await organisation(server);
  host = await (await staffMember(server, org.id)).join();
});
afterEach(async () => {
  await server.colyseus.cleanup();
});
afterAll(async () => {
  await server.close();
});

const spaceOf = (room: SpaceRoom) => server.colyseus.getRoomById(room.roomId) as Room<{ state: SpaceState }>;
const onServer = (room: SpaceRoom) => spaceOf(room).state.avatars.get(room.sessionId);
const log = () => server.log.events(host.roomId);

async function enter(nickname: string) {
  const person = await student(server, org.id, nickname);
  const room = await person.join();
  const entered = (await log()).find((e) => e.type === "entered" && e.account === person.id);
  if (!entered || !("participant" in entered)) throw new Error("no entry");
  return { person, room, participant: entered.participant };
}

describe("status", () => {
  it("should show a new status and log it once; the same status again changes and logs nothing", async () => {
    const { room: kid, participant } = await enter("きもち");
    const logBefore = (await log()).length;
    kid.send("status", { status: "break" });
    kid.send("status", { status: "break" });
    kid.send("status", { status: "looking" });
    await pong(kid);
    expect(onServer(kid)?.status).toBe("looking");
    expect((await log()).slice(logBefore)).toEqual([
      expect.objectContaining({ type: "status_changed", participant, status: "break" }),
      expect.objectContaining({ type: "status_changed", participant, status: "looking" }),
    ]);
  });
});

describe("reactions and hands", () => {
  it("should share a reaction with everyone and log it; only raise_hand raises the hand", async () => {
    const { room: kid, participant } = await enter("てをふる");
    const { room: other } = await enter("みてる");
    const seen = collect(other, "emote");
    const own = collect(kid, "emote");
    const logBefore = (await log()).length;
    kid.send("emote", { emote: "wave" });
    kid.send("emote", { emote: "question" });
    await until(() => own.length === 2, "seen by the sender");
    expect(onServer(kid)?.hand).toBe(false);
    kid.send("emote", { emote: "raise_hand" });
    await until(() => seen.length === 3, "seen by the other");
    expect(seen).toEqual([
      { from: kid.sessionId, emote: "wave" },
      { from: kid.sessionId, emote: "question" },
      { from: kid.sessionId, emote: "raise_hand" },
    ]);
    expect(onServer(kid)?.hand).toBe(true);
    expect((await log()).slice(logBefore).filter((e) => e.type === "emote")).toEqual(
      ["wave", "question", "raise_hand"].map((emote) => expect.objectContaining({ type: "emote", participant, emote })),
    );
  });

  it("should raise and lower a hand, for everyone", async () => {
    const { room: kid } = await enter("はい");
    kid.send("hand", { raised: true });
    await until(() => host.state.avatars.get(kid.sessionId)?.hand === true, "raised");
    kid.send("hand", { raised: false });
    await until(() => host.state.avatars.get(kid.sessionId)?.hand === false, "lowered");
    expect(onServer(kid)?.hand).toBe(false);
  });
});

describe("reaching staff", () => {
  it("should queue help and a wish to talk for staff only, exactly as asked, once each however often tapped (the child told it is still waiting), and log them", async () => {
    const { room: kid, participant } = await enter("たすけて");
    const { room: other } = await enter("となり");
    const queue = collect<{ items: HelpRequest[] }>(host, "queue");
    const otherQueue = collect(other, "queue");
    const notices = collect(kid, "notice");
    const logBefore = (await log()).length;
    kid.send("help", {});
    kid.send("askToTalk", {});
    kid.send("help", {});
    await until(() => notices.length === 3, "sent");
    // The second tap is not a second request on its way: the child hears the first still waits.
    expect(notices).toEqual([{ code: "help_sent" }, { code: "talk_sent" }, { code: "help_waiting" }]);
    kid.send("askToTalk", {});
    await until(() => notices.length === 4, "asked again");
    expect(notices[3]).toEqual({ code: "talk_waiting" });
    // Staff saw the queue change twice, not four times (nothing new came with the repeats).
    await caughtUp(host, kid);
    expect(queue).toHaveLength(2);
    const items = queue.at(-1)?.items ?? [];
    expect(items.map((i) => Object.keys(i).sort())).toEqual([
      ["at", "from", "id", "kind", "nickname", "zone"],
      ["at", "from", "id", "kind", "nickname", "zone"],
    ]);
    expect(items.map((i) => [i.kind, i.from, i.nickname, i.zone])).toEqual([
      ["help", kid.sessionId, "たすけて", "talk"],
      ["talk", kid.sessionId, "たすけて", "talk"],
    ]);
    expect((await log()).slice(logBefore).filter((e) => e.type === "help_requested")).toEqual(
      ["help", "talk", "help", "talk"].map((kind) => expect.objectContaining({ participant, kind })),
    );
    await caughtUp(other, kid);
    expect(otherQueue).toEqual([]);
  });

  it("should queue a report naming who (and what they said, when a line is given) with the reason, for staff only", async () => {
    const { room: kid, participant } = await enter("しらせる");
    const { room: other } = await enter("あいて");
    const lines = collect<ChatLine>(kid, "chat");
    other.send("chat", { channel: "space", text: "あのことば" });
    kid.send("chat", { channel: "space", text: "わたしの ことば" });
    await until(() => lines.length === 2, "both lines reach the reporter");
    // The sender sees their own line at once, others' ride the next patch: found by who said them.
    const theirs = lines.find((l) => l.from === other.sessionId);
    const mine = lines.find((l) => l.from === kid.sessionId);
    const queue = collect<{ items: HelpRequest[] }>(host, "queue");
    const otherQueue = collect(other, "queue");
    const notices = collect(kid, "notice");
    kid.send("report", { target: other.sessionId });
    kid.send("report", { target: other.sessionId, line: "" });
    kid.send("report", { target: other.sessionId, line: theirs?.id, reason: "こわかった" });
    await until(() => notices.length === 3 && queue.length === 3, "reported");
    expect(notices).toEqual(Array(3).fill({ code: "report_sent" }));
    const items = queue.at(-1)?.items ?? [];
    expect(items.map((i) => Object.keys(i).sort())).toEqual([
      ["about", "at", "from", "id", "kind", "nickname", "zone"],
      ["about", "at", "from", "id", "kind", "nickname", "zone"],
      ["about", "at", "detail", "from", "id", "kind", "nickname", "zone"],
    ]);
    expect(items.map((i) => [i.kind, i.from, i.nickname, i.about, i.detail])).toEqual([
      ["report", kid.sessionId, "しらせる", "あいて", undefined],
      ["report", kid.sessionId, "しらせる", "あいて", undefined],
      ["report", kid.sessionId, "しらせる", "あいて「あのことば」", "こわかった"],
    ]);
    expect((await log()).filter((e) => e.type === "help_requested")).toEqual(Array(3).fill(expect.objectContaining({ participant, kind: "report" })));
    // A line someone else said is not put in the reported person's mouth; a line no longer kept
    // (or never said) leaves the person alone named.
    const { room: second } = await enter("もうひとり");
    const later = collect<{ items: HelpRequest[] }>(host, "queue");
    second.send("report", { target: other.sessionId, line: mine?.id });
    second.send("report", { target: other.sessionId, line: "no-such-line" });
    const fromSecond = () => (later.at(-1)?.items ?? []).filter((i) => i.from === second.sessionId);
    await until(() => fromSecond().length === 2, "the other child's two reports");
    expect(fromSecond().map((i) => i.about)).toEqual(["あいて", "あいて"]);
    // A quick phrase has no text of its own: staff read which phrase it was.
    const phrases = collect<ChatLine>(second, "chat");
    other.send("chat", { channel: "space", phrase: "hello" });
    await until(() => phrases.some((l) => l.from === other.sessionId && l.phrase === "hello"), "the phrase reaches the other child");
    second.send("report", { target: other.sessionId, line: phrases.find((l) => l.phrase === "hello")?.id });
    await until(() => fromSecond().length === 3, "the report of a phrase");
    expect(fromSecond()[2]?.about).toBe("あいて「[hello]」");
    await caughtUp(other, kid);
    expect(otherQueue).toEqual([]);
  });

  it("should answer a report about nobody present with no_such_person, and queue nothing", async () => {
    const { room: kid } = await enter("だれ？");
    const queue = collect(host, "queue");
    const notices = collect(kid, "notice");
    const errors = collect<ServerError>(kid, "error");
    kid.send("report", { target: "nobody-here", reason: "?" });
    await until(() => errors.length === 1, "answered");
    expect(errors).toEqual([{ code: "no_such_person", about: "report" }]);
    await pong(host);
    await pong(kid);
    expect(queue).toEqual([]);
    expect(notices).toEqual([]);
    expect((await log()).filter((e) => e.type === "help_requested")).toEqual([]);
  });
});
