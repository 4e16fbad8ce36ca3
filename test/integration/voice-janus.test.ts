import Janode, { type Connection, type Handle, type Session } from "janode";
import AudioBridge from "janode/plugins/audiobridge";
import VideoRoom from "janode/plugins/videoroom";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { VOICE_LIMITS } from "../../shared/domain/voice.ts";
import type { MediaGrant, Talk, TalkRefusal } from "../../shared/protocol/voice.ts";
import { type VoiceNetwork, openVoiceNetwork } from "../browser/netns.ts";
import { collect, type SpaceRoom, until } from "../support/clients.ts";
import { type Janus, startJanus } from "../support/janus.ts";
import { type Person, organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";
import { CLASSROOM, walkTo } from "../support/walking.ts";

/**
 * The voice rules through a real Janus (HIDAMARI_JANUS_URL; docs/voice.md "With a media server"):
 * a joined person's talk carries a grant to the talk's mixed room instead of peer links, the
 * lesson takes more listeners than peer to peer could, and whoever may not speak now is muted in
 * Janus itself (its own participant list says so), whatever their page asks. "Pages" are janode
 * handles joining with the grant, without media: what Janus lets them do is what is tested.
 */
let network: VoiceNetwork;
let janus: Janus;
let server: TestServer;
let peer: Connection;
let peerSession: Session;
let org: { id: string };
let host: Person;
let staff: SpaceRoom;
beforeAll(async () => {
  network = await openVoiceNetwork();
  janus = await startJanus(network);
  server = await startTestServer({ janus: { url: janus.url, publicUrl: janus.url, adminKey: janus.adminKey } });
  Janode.Logger.setLevel("none");
  peer = await Janode.connect({ address: { url: janus.url }, max_retries: 1 });
  peerSession = await peer.create(25);
}, 60_000);
beforeEach(async () => {
  org = await organisation(server);
  host = await staffMember(server, org.id, "counsellor", "たなか先生");
  staff = await host.join();
});
afterEach(async () => {
  await server.colyseus.cleanup();
});
afterAll(async () => {
  await server?.close();
  await peer?.close().catch(() => undefined);
  await janus?.stop();
  await network?.close();
});

const talks = (room: SpaceRoom) => collect<Talk>(room, "talk");
const child = async (nickname: string) => (await student(server, org.id, nickname)).join();

async function ask(handle: Handle, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const answer = await handle.message(body);
  const data = answer.plugindata?.data ?? {};
  if (typeof data.error === "string") throw new Error(`${String(data.error_code)} ${data.error}`);
  return data;
}
/** A page joining its grant's audio room, unmuted as a page that ignores the rules would. */
async function enter(grant: MediaGrant, muted = false): Promise<Handle> {
  const handle = await peerSession.attach(AudioBridge);
  await ask(handle, { request: "join", room: grant.audioRoom, id: grant.id, token: grant.token, muted });
  return handle;
}
async function mutedInJanus(grant: MediaGrant): Promise<boolean | undefined> {
  const handle = await peerSession.attach(AudioBridge);
  try {
    const list = (await ask(handle, { request: "listparticipants", room: grant.audioRoom })).participants as Array<{ id: number; muted: boolean }>;
    return list.find((p) => p.id === grant.id)?.muted;
  } finally {
    await handle.detach().catch(() => undefined);
  }
}

async function lessonWithVoice() {
  const staffTalk = talks(staff);
  await walkTo(server, staff, CLASSROOM);
  staff.send("startLesson", { title: "こえで よもう" });
  await until(() => staff.state.lessonTitle === "こえで よもう", "the lesson is on");
  staff.send("lessonVoice", { on: true });
  await until(() => staffTalk.at(-1)?.media != null, "the teacher holds a grant to the lesson's room");
  return staffTalk;
}
async function listener(nickname: string, x: number) {
  const room = await child(nickname);
  const seen = talks(room);
  await walkTo(server, room, { x, z: -1 });
  await until(() => seen.at(-1)?.group === "lesson", `${nickname} in the classroom`);
  room.send("talkJoin", {});
  await until(() => seen.at(-1)?.media != null, `${nickname} holds a grant`);
  return { room, seen, grant: seen.at(-1)?.media as MediaGrant };
}

describe("voice through Janus", () => {
  it("should give the lesson's people one mixed room and no links, past the peer-to-peer cap, and mute in Janus whoever may not speak now", async () => {
    const staffTalk = await lessonWithVoice();
    const teacher = staffTalk.at(-1)?.media as MediaGrant;
    expect(teacher.url).toBe(janus.url);
    expect(staffTalk.at(-1)?.links).toEqual([]);
    const children: Awaited<ReturnType<typeof listener>>[] = [];
    for (let i = 0; i <= VOICE_LIMITS.p2pListeners; i++) children.push(await listener(`こ${i}`, -1.5 - i));
    expect(children.length).toBeGreaterThan(VOICE_LIMITS.p2pListeners);
    expect(new Set(children.map((c) => c.grant.audioRoom))).toEqual(new Set([teacher.audioRoom]));
    expect(new Set(children.map((c) => c.grant.id)).size).toBe(children.length);
    expect(children.every((c) => c.seen.at(-1)?.links.length === 0)).toBe(true);
    // Each person in the talk is named by their participant id too (the room's talking events use it), never their token.
    const last = children.at(-1);
    await until(() => children.every((c) => last?.seen.at(-1)?.people.find((p) => p.session === c.room.sessionId)?.mediaId === c.grant.id), "the talk names everyone's participant id");
    expect(JSON.stringify(last?.seen.at(-1)?.people)).not.toContain(children[0]?.grant.token);

    // Pages that join unmuted against the rules are muted by the server; so is the teacher until their microphone is on.
    const [aoi, sora] = children as [(typeof children)[number], (typeof children)[number]];
    const aoiPage = await enter(aoi.grant);
    await enter(sora.grant);
    await enter(teacher);
    await until(async () => (await mutedInJanus(aoi.grant)) === true && (await mutedInJanus(sora.grant)) === true, "children are muted in Janus");
    await until(async () => (await mutedInJanus(teacher)) === true, "the teacher's microphone is off: muted");
    staff.send("talkMic", { on: true });
    await until(async () => (await mutedInJanus(teacher)) === false, "the teacher speaks");

    // Unmuting itself does not help a child without the turn.
    await ask(aoiPage, { request: "configure", muted: false });
    await until(async () => (await mutedInJanus(aoi.grant)) === true, "muted again");

    // Given the turn, with the microphone on: heard. The turn taken back: muted.
    aoi.room.send("hand", { raised: true });
    await until(() => staff.state.avatars.get(aoi.room.sessionId)?.hand === true, "the hand is up");
    staff.send("nextHand", {});
    await until(() => aoi.seen.at(-1)?.canSpeak === true, "あおい has the turn");
    aoi.room.send("talkMic", { on: true });
    await until(async () => (await mutedInJanus(aoi.grant)) === false, "あおい is heard");
    expect(await mutedInJanus(sora.grant)).toBe(true);
    staff.send("endTurn", {});
    await until(async () => (await mutedInJanus(aoi.grant)) === true, "the turn is back: muted");
  }, 60_000);

  it("should mute a voice-muted person in Janus, and revoke the grant of someone who walks out of the talk (kicked, token refused)", async () => {
    const spot = { x: 11, z: -5 };
    const join = async (nickname: string, at: { x: number; z: number }) => {
      const room = await child(nickname);
      const seen = talks(room);
      await walkTo(server, room, at);
      await until(() => seen.at(-1)?.group === "spot:rug", `${nickname} in the spot`);
      room.send("talkJoin", {});
      await until(() => seen.at(-1)?.media != null, `${nickname} holds a grant`);
      return { room, seen, grant: seen.at(-1)?.media as MediaGrant };
    };
    const aoi = await join("あおい", spot);
    const sora = await join("そら", { x: 11.8, z: -5 });
    expect(aoi.grant.audioRoom).toBe(sora.grant.audioRoom);
    await enter(aoi.grant, true);
    await enter(sora.grant, true);
    aoi.room.send("talkMic", { on: true });
    await until(async () => (await mutedInJanus(aoi.grant)) === false, "あおい speaks");

    staff.send("voiceMute", { target: aoi.room.sessionId, muted: true });
    await until(async () => (await mutedInJanus(aoi.grant)) === true, "voice-muted in Janus");
    staff.send("voiceMute", { target: aoi.room.sessionId, muted: false });

    await walkTo(server, sora.room, { x: 16, z: -10 });
    await until(() => sora.seen.at(-1)?.media === null, "そら's talk carries no grant");
    await until(async () => (await mutedInJanus(sora.grant)) === undefined, "そら was kicked from the room");
    await expect(enter(sora.grant)).rejects.toThrow(/489/);
  });

  it("should give everyone in the lesson's talk the screen room, where only the teacher may publish", async () => {
    const staffTalk = talks(staff);
    await walkTo(server, staff, CLASSROOM);
    staff.send("startLesson", { title: "がめんを みよう" });
    await until(() => staff.state.lessonTitle === "がめんを みよう", "the lesson is on");
    staff.send("screenShare", { on: true });
    await until(() => staffTalk.at(-1)?.media?.screen !== undefined, "the teacher's grant has the screen room");
    const teacher = staffTalk.at(-1)?.media as MediaGrant;
    const aoi = await listener("あおい", -3);
    await until(() => aoi.seen.at(-1)?.media?.screen !== undefined, "あおい's grant has the screen room");
    expect(aoi.seen.at(-1)?.media?.screen).toEqual(teacher.screen);
    const screen = teacher.screen as NonNullable<MediaGrant["screen"]>;
    const publish = async (token: string, id: number) => {
      const handle = await peerSession.attach(VideoRoom);
      return ask(handle, { request: "join", ptype: "publisher", room: screen.room, id, token, pin: screen.pin });
    };
    await expect(publish(aoi.grant.token, 12345)).rejects.toThrow(/433/);
    await publish(teacher.token, screen.feed);
    staff.send("screenShare", { on: false });
    await until(() => aoi.seen.at(-1)?.media?.screen === undefined, "the share ended");
  });
});

describe("voice when Janus does not answer", () => {
  it("should refuse the talk with media_down, and /readyz should say the media server is unreachable (and reachable for the real one)", async () => {
    const away = await startTestServer({ janus: { url: `ws://${network.hostAddress}:9`, publicUrl: "ws://nowhere" } });
    try {
      const ready = await (await fetch(`${away.url}/readyz`)).json();
      expect(ready).toMatchObject({ ready: true, media: "unreachable" });
      expect(await (await fetch(`${server.url}/readyz`)).json()).toMatchObject({ media: "reachable" });
      const o = await organisation(away);
      await (await staffMember(away, o.id, "counsellor", "さとう先生")).join();
      const room = await (await student(away, o.id, "あおい")).join();
      const seen = talks(room);
      const refused = collect<{ code: TalkRefusal; about?: string }>(room, "talkRefused");
      await walkTo(away, room, { x: 11, z: -5 });
      await until(() => seen.at(-1)?.group === "spot:rug", "in the spot");
      room.send("talkJoin", {});
      await until(() => refused.length === 1, "refused", 15_000);
      expect(refused[0]).toEqual({ code: "media_down", about: "talkJoin" });
      await until(() => seen.at(-1)?.joined === false, "out of the talk");
    } finally {
      await away.close();
    }
  }, 30_000);
});
