import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Talk } from "../../shared/protocol/voice.ts";
import { collect, until } from "../support/clients.ts";
import { organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";
import { walkTo } from "../support/walking.ts";

/**
 * A person who joins a talk is given the configured STUN server and TURN credentials of their
 * own (coturn's REST API: expiry and a pseudonym, signed with the shared secret), valid for an
 * hour; someone merely standing in a spot is given none.
 */
const SECRET = "a-shared-secret-for-this-test";
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ ice: { stunUrls: ["stun:stun.example.org:3478"], turnUrls: ["turn:turn.example.org:3478?transport=udp"], turnSecret: SECRET } });
});
afterAll(async () => {
  await server.close();
});

describe("ICE servers for a talk", () => {
  it("should hand a joined person short-lived TURN credentials signed with the shared secret, under a pseudonym", async () => {
    const org = await organisation(server);
    await (await staffMember(server, org.id)).join();
    const room = await (await student(server, org.id, "あおい")).join();
    const seen = collect<Talk>(room, "talk");
    await walkTo(server, room, { x: 11, z: -5 });
    await until(() => seen.at(-1)?.group === "spot:rug", "in the spot");
    expect(seen.at(-1)?.iceServers).toEqual([]);
    const before = Math.floor(Date.now() / 1000);
    room.send("talkJoin", {});
    await until(() => seen.at(-1)?.joined === true, "joined");
    const [stun, turn] = seen.at(-1)?.iceServers ?? [];
    expect(stun).toEqual({ urls: ["stun:stun.example.org:3478"] });
    expect(turn?.urls).toEqual(["turn:turn.example.org:3478?transport=udp"]);
    const [expiry, pseudonym] = (turn?.username ?? "").split(":");
    expect(Number(expiry)).toBeGreaterThanOrEqual(before + 3600);
    expect(Number(expiry)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 3600);
    expect(pseudonym).not.toContain("あおい");
    expect(turn?.credential).toBe(createHmac("sha1", SECRET).update(turn?.username ?? "").digest("base64"));
    // Through TURN only (the default with TURN set): no child's address reaches another's device.
    expect(seen.at(-1)?.relay).toBe(true);
  });
});
