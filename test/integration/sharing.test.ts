import type { Room } from "@colyseus/core";
import { describe, expect, it } from "vitest";
import { fromWire } from "../../shared/domain/limits.ts";
import type { ChatLine, ServerEvent } from "../../shared/protocol/events.ts";
import { collect, me, pong, type SpaceRoom, until, walk } from "../support/clients.ts";
import { useOpenSpace } from "../support/openSpace.ts";

/**
 * What others get of a line or a reaction: its sender sees it at once; everyone else gets it
 * with the space's next patch, in the same write (SpaceRoom.share, server/net/corked.ts). The
 * tests stop the space's own patch timer and tick it by hand, so "the next patch" is a moment
 * they choose rather than a race.
 */
const open = useOpenSpace();
/** The space on the server, its patch timer stopped: only tick() sends a patch. */
function spaceOf(room: SpaceRoom) {
  const space = open.server.colyseus.getRoomById(room.roomId) as Room;
  space.patchRate = null;
  return { space, tick: () => space.broadcastPatch() };
}

/** How many times the server writes to one person's socket (net.Socket's _write and _writev). */
function countWrites(space: Room, person: SpaceRoom) {
  const socket = (space.clients.getById(person.sessionId)?.ref as { _socket?: Record<"_write" | "_writev", (...args: unknown[]) => unknown> } | undefined)?._socket;
  if (!socket) throw new Error("no server-side socket for this person");
  const counter = { writes: 0 };
  for (const method of ["_write", "_writev"] as const) {
    const original = socket[method].bind(socket);
    socket[method] = (...args: unknown[]) => {
      counter.writes++;
      return original(...args);
    };
  }
  return counter;
}

describe("a line or a reaction", () => {
  it("should reach its sender at once, and everyone else with the next patch in one write", async () => {
    const aoi = await open.enter("あおい");
    const ben = await open.enter("Ben");
    await until(() => ben.state.avatars.size === 3, "ben sees aoi");
    const { space, tick } = spaceOf(aoi);
    const aoiHears = collect<ChatLine>(aoi, "chat");
    const benHears = collect<ChatLine>(ben, "chat");
    const benSeesEmotes = collect<ServerEvent<"emote">>(ben, "emote");
    const aoiSeesEmotes = collect<ServerEvent<"emote">>(aoi, "emote");

    aoi.send("status", { status: "break" });
    aoi.send("emote", { emote: "wave" });
    aoi.send("chat", { channel: "space", text: "おはよう" });
    await until(() => aoiHears.length === 1 && aoiSeesEmotes.length === 1, "aoi sees her own line and wave");
    // No patch can go until tick(): whatever ben has been sent so far has arrived with the pong.
    await pong(ben);
    expect(benHears).toEqual([]);
    expect(benSeesEmotes).toEqual([]);
    expect(ben.state.avatars.get(aoi.sessionId)?.status).toBe("none");

    const toBen = countWrites(space, ben);
    tick();
    expect(toBen.writes).toBe(1); // the patch, the wave and the line
    await until(() => benHears.length === 1 && benSeesEmotes.length === 1, "ben gets the line and the wave");
    expect(benHears[0]).toMatchObject({ text: "おはよう", from: aoi.sessionId });
    expect(benSeesEmotes[0]).toEqual({ from: aoi.sessionId, emote: "wave" });
    expect(ben.state.avatars.get(aoi.sessionId)?.status).toBe("break");
  });

  it("should not give a zone's line to someone who arrives before it is sent on", async () => {
    const talker = await open.enter("talker");
    const friend = await open.enter("friend");
    for (const person of [talker, friend]) {
      const avatar = me(person);
      await walk(person, { x: fromWire(avatar.x), z: fromWire(avatar.z) }, [{ x: 1.2, z: 6.5 }, { x: -2, z: 6.5 }]);
      await until(() => me(person).zone === "quiet", "in the quiet corner");
    }
    const { tick } = spaceOf(talker);
    const friendHears = collect<ChatLine>(friend, "chat");
    const talkerHears = collect<ChatLine>(talker, "chat");
    talker.send("chat", { channel: "zone", text: "just the two of us" });
    await until(() => talkerHears.length === 1, "the talker sees the line");

    const newcomer = await open.enter("newcomer");
    const newcomerHears = collect<ChatLine>(newcomer, "chat");
    tick();
    await until(() => friendHears.length === 1, "the friend in the quiet corner gets it");
    await pong(newcomer); // the patch tick() wrote, and its held lines, came before the pong
    expect(me(newcomer).zone).toBe("talk");
    expect(newcomerHears).toEqual([]);
  });
});
