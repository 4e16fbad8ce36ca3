import Janode, { type Connection, type Handle, type Session } from "janode";
import AudioBridge from "janode/plugins/audiobridge";
import VideoRoom from "janode/plugins/videoroom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../server/log.ts";
import { JanusMediaServer } from "../../server/voice/janus.ts";
import { type VoiceNetwork, openVoiceNetwork } from "../browser/netns.ts";
import { type Janus, startJanus } from "../support/janus.ts";
import { until } from "../support/clients.ts";

/**
 * The media server against a real Janus (Debian's 1.1.2 in a network namespace of its own,
 * test/support/janus.ts): rooms made with nothing recorded, a grant admits only its own token,
 * revoking kicks, the server's mute shows in Janus's participant list and holds even when the
 * page unmutes itself, the screen room lets only the sharer publish, rooms go with their last
 * person. "Pages" here are janode handles joining without media: what they may do is the test.
 */
let network: VoiceNetwork;
let janus: Janus;
let media: JanusMediaServer;
let peer: Connection;
let peerSession: Session;
beforeAll(async () => {
  network = await openVoiceNetwork();
  janus = await startJanus(network);
  media = new JanusMediaServer({ url: janus.url, publicUrl: "wss://media.example/janus", adminKey: janus.adminKey, logger: createLogger("silent") });
  Janode.Logger.setLevel("none");
  peer = await Janode.connect({ address: { url: janus.url }, max_retries: 1 });
  peerSession = await peer.create(25);
}, 60_000);
afterAll(async () => {
  await media?.close();
  await peer?.close().catch(() => undefined);
  await janus?.stop();
  await network?.close();
});

type Data = Record<string, unknown>;
async function ask(handle: Handle, body: Data): Promise<Data> {
  const answer = await handle.message(body);
  const data = answer.plugindata?.data ?? {};
  if (typeof data.error === "string") throw new Error(`${String(data.error_code)} ${data.error}`);
  return data;
}
/** A page's handle in the audio room (no media: what Janus lets it do is what is tested). */
async function page(room: number, id: number, token: string, muted = true): Promise<Handle> {
  const handle = await peerSession.attach(AudioBridge);
  await ask(handle, { request: "join", room, id, token, muted, display: "page" });
  return handle;
}
async function participants(room: number): Promise<Array<{ id: number; muted: boolean }>> {
  const handle = await peerSession.attach(AudioBridge);
  try {
    return (await ask(handle, { request: "listparticipants", room })).participants as Array<{ id: number; muted: boolean }>;
  } finally {
    await handle.detach().catch(() => undefined);
  }
}
async function exists(plugin: "audio" | "video", room: number): Promise<boolean> {
  const handle = await peerSession.attach(plugin === "audio" ? AudioBridge : VideoRoom);
  try {
    return (await ask(handle, { request: "exists", room })).exists === true;
  } finally {
    await handle.detach().catch(() => undefined);
  }
}
/** Rooms as Janus lists them to whoever holds the admin key (they are private to everyone else). */
async function listed(plugin: "audio" | "video"): Promise<Array<{ room: number; record: boolean }>> {
  const handle = await peerSession.attach(plugin === "audio" ? AudioBridge : VideoRoom);
  try {
    return (await ask(handle, { request: "list", admin_key: janus.adminKey })).list as Array<{ room: number; record: boolean }>;
  } finally {
    await handle.detach().catch(() => undefined);
  }
}

let spaces = 0;
const group = () => ({ space: `space-${++spaces}`, group: "spot:rug" });

describe("the media server on a real Janus", () => {
  it("should make a group's audio room on first grant, with nothing recorded, private, and the same room for the whole group", async () => {
    const key = group();
    const a = await media.grant(key, "a", true);
    const b = await media.grant(key, "b", true);
    expect(a.audioRoom).toBe(b.audioRoom);
    expect(a.url).toBe("wss://media.example/janus");
    expect(a.id).not.toBe(b.id);
    expect(a.token).not.toBe(b.token);
    expect(await media.grant(key, "a", true)).toEqual(a); // granting again changes nothing
    const room = (await listed("audio")).find((r) => r.room === a.audioRoom);
    expect(room?.record).toBe(false);
    // Another group, another room.
    const other = await media.grant(group(), "a", true);
    expect(other.audioRoom).not.toBe(a.audioRoom);
  });

  it("should admit a page with its own token and id only", async () => {
    const key = group();
    const a = await media.grant(key, "a", true);
    await expect(page(a.audioRoom, newId(), "not-a-token")).rejects.toThrow(/489/);
    await expect(page(a.audioRoom, newId(), "")).rejects.toThrow(/48[39]/);
    await page(a.audioRoom, a.id, a.token);
    expect((await participants(a.audioRoom)).map((p) => p.id)).toContain(a.id);
  });

  it("should kick a revoked person and keep their token out, and destroy the room with its last person", async () => {
    const key = group();
    const a = await media.grant(key, "a", true);
    const b = await media.grant(key, "b", true);
    await page(a.audioRoom, a.id, a.token);
    await page(b.audioRoom, b.id, b.token);
    await media.revoke(key, "a");
    await until(async () => !(await participants(a.audioRoom)).some((p) => p.id === a.id), "a was kicked");
    await expect(page(a.audioRoom, a.id, a.token)).rejects.toThrow(/489/);
    await media.revoke(key, "b");
    expect(await exists("audio", a.audioRoom)).toBe(false);
  });

  it("should mute and unmute a participant in Janus itself", async () => {
    const key = group();
    const a = await media.grant(key, "a", false);
    await page(a.audioRoom, a.id, a.token, false);
    const mutedNow = async () => (await participants(a.audioRoom)).find((p) => p.id === a.id)?.muted;
    expect(await mutedNow()).toBe(false);
    await media.setMuted(key, "a", true);
    expect(await mutedNow()).toBe(true);
    await media.setMuted(key, "a", false);
    expect(await mutedNow()).toBe(false);
  });

  it("Janus 1.1.2 lets a participant unmute themselves after a moderator's mute (why the server watches every room)", async () => {
    // A room of our own, without the server's monitor: the moderator mutes, the page unmutes itself.
    const admin = await peerSession.attach(AudioBridge);
    const room = newId();
    await ask(admin, { request: "create", room, secret: "s", admin_key: janus.adminKey, record: false, is_private: true });
    const handle = await page(room, 42, "", false);
    await ask(admin, { request: "mute", room, id: 42, secret: "s" });
    expect((await participants(room)).find((p) => p.id === 42)?.muted).toBe(true);
    await ask(handle, { request: "configure", muted: false });
    await until(async () => (await participants(room)).find((p) => p.id === 42)?.muted === false, "the page unmuted itself");
    await ask(admin, { request: "destroy", room, secret: "s" });
  });

  it("should mute again at once a page that unmutes itself while the server holds it muted", async () => {
    const key = group();
    const a = await media.grant(key, "a", true);
    // Joins unmuted against the rules: muted on arrival.
    const handle = await page(a.audioRoom, a.id, a.token, false);
    const muted = async () => (await participants(a.audioRoom)).find((p) => p.id === a.id)?.muted;
    await until(async () => (await muted()) === true, "muted on arrival");
    await ask(handle, { request: "configure", muted: false });
    await until(async () => (await muted()) === true, "muted again");
    // Stays muted (checked a few times over half a second).
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 100));
      expect(await muted()).toBe(true);
    }
    // Allowed to speak: the page may unmute itself and stays unmuted.
    await media.setMuted(key, "a", false);
    await ask(handle, { request: "configure", muted: true });
    await ask(handle, { request: "configure", muted: false });
    await new Promise((r) => setTimeout(r, 300));
    expect(await muted()).toBe(false);
  });

  it("should open a screen room only the sharer may publish in, with nothing recorded, and close it", async () => {
    const key = { space: `space-${++spaces}`, group: "lesson" };
    const teacher = await media.grant(key, "teacher", false);
    const child = await media.grant(key, "child", true);
    const screen = await media.share(key, "teacher");
    expect(screen).not.toBeNull();
    if (!screen) return;
    expect(media.screenOf(key)).toEqual(screen);
    expect((await media.grant(key, "child", true)).screen).toEqual(screen);
    expect((await listed("video")).find((r) => r.room === screen.room)?.record).toBe(false);
    const publish = async (token: string, id: number) => {
      const handle = await peerSession.attach(VideoRoom);
      return ask(handle, { request: "join", ptype: "publisher", room: screen.room, id, token, pin: screen.pin });
    };
    await expect(publish(child.token, newId())).rejects.toThrow(/433/);
    await publish(teacher.token, screen.feed);
    // A viewer needs the pin; when someone leaves the talk the pin changes.
    await media.revoke(key, "child");
    expect(media.screenOf(key)?.pin).not.toBe(screen.pin);
    expect(await media.share(key, null)).toBeNull();
    expect(await exists("video", screen.room)).toBe(false);
  });

  it("should close every room of a space", async () => {
    const key = group();
    const a = await media.grant(key, "a", true);
    await media.closeSpace(key.space);
    expect(await exists("audio", a.audioRoom)).toBe(false);
  });

  it("should say it is ready while Janus answers", async () => {
    expect(await media.ready()).toBe(true);
    const nowhere = new JanusMediaServer({ url: `ws://${network.hostAddress}:1`, publicUrl: "ws://x", logger: createLogger("silent") });
    expect(await nowhere.ready()).toBe(false);
    await nowhere.close();
  });

  it("should find Janus again after it restarts, forget the rooms it lost, tell their space, and grant anew", async () => {
    const key = group();
    const before = await media.grant(key, "a", true);
    const told: string[] = [];
    const unwatch = media.watch(key.space, (what) => told.push(what));
    await janus.stop();
    janus = await startJanus(network, { adminKey: janus.adminKey });
    await until(() => told.includes("lost"), "the space is told its rooms are gone", 20_000);
    unwatch();
    expect(await media.ready()).toBe(true);
    await peer.close().catch(() => undefined);
    peer = await Janode.connect({ address: { url: janus.url }, max_retries: 1 });
    peerSession = await peer.create(25);
    const after = await media.grant(key, "a", true);
    expect(after.token).not.toBe(before.token);
    expect(await exists("audio", after.audioRoom)).toBe(true);
    await page(after.audioRoom, after.id, after.token);
  }, 30_000);
});

const newId = () => Math.floor(Math.random() * 2 ** 40) + 1;
