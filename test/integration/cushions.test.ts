import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Point } from "../../shared/domain/geometry.ts";
import { canWalk } from "../../shared/domain/movement.ts";
import { CUSHIONS, isCushion } from "../../shared/domain/seats.ts";
import type { ServerError } from "../../shared/protocol/events.ts";
import { collect, type SpaceRoom, until } from "../support/clients.ts";
import { organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";
import { positionOf, serverRoom, walkTo } from "../support/walking.ts";

/**
 * The quiet corner's floor cushions over real sockets (server/rooms/handlers/seat.ts): anyone in
 * the corner sits on the nearest free one and is put on it; a cushion is one person's; walking
 * off it or "stand" frees it. Resting there is not a lesson's seat or a study session: the log
 * says `cushion`, never `seated` (the lesson's numbers count seated time at classroom desks).
 */
let server: TestServer;
let org: { id: string };
beforeAll(async () => {
  server = await startTestServer();
});
beforeEach(async () => {
  org = await organisation(server);
  // A counsellor is here, so the space is open.
  await (await staffMember(server, org.id, "counsellor", "さとう先生")).join();
});
afterEach(async () => {
  await server.colyseus.cleanup();
});
afterAll(async () => {
  await server.close();
});

const here = (room: SpaceRoom) => positionOf(server, room);
const seatOf = (room: SpaceRoom) => serverRoom(server, room).state.avatars.get(room.sessionId)?.seat ?? 0;
const goTo = (room: SpaceRoom, to: Point) => walkTo(server, room, to);
/** In the quiet corner, between its cushions. */
const QUIET = { x: -10, z: 6 };
const child = (nickname: string) => student(server, org.id, nickname).then((p) => p.join());
const events = (room: SpaceRoom) => server.log.events(room.roomId);
/** Refusals only: being put on a cushion also comes as an "error" (move_rejected, about "placed"), telling the page where it is. */
const refusals = (room: SpaceRoom) => {
  const all = collect<ServerError>(room, "error");
  return { get list() { return all.filter((e) => e.about !== "placed"); } };
};
/** What the log says of resting on cushions and sitting at desks, in order, for the participant of the first such event. */
async function sittings(room: SpaceRoom): Promise<Array<[string, boolean | undefined]>> {
  const all = (await events(room)).filter((e) => ["cushion", "seated", "stood"].includes(e.type)) as Array<{ type: string; participant: string; sat?: boolean }>;
  return all.filter((e) => e.participant === all[0]?.participant).map((e) => [e.type, e.sat]);
}

describe("the quiet corner's cushions", () => {
  it("should sit a child on the nearest free cushion, one child to a cushion, and free it when she walks off", async () => {
    const hana = await child("はな");
    const errors = refusals(hana);
    const toHana = collect<ServerError>(hana, "error");
    const placed = () => toHana.filter((e) => e.about === "placed");
    // Asked from the talk area: there are no cushions here, and nothing changes.
    hana.send("sit", { cushion: true });
    await until(() => errors.list.length === 1, "refused away from the corner");
    expect(errors.list[0]).toMatchObject({ code: "no_cushion", about: "sit" });
    expect(seatOf(hana)).toBe(0);

    // In the corner: on the cushion nearest to her, placed on its middle.
    await goTo(hana, QUIET);
    hana.send("sit", { cushion: true });
    await until(() => seatOf(hana) > 0, "on a cushion");
    const nearest = [...CUSHIONS].sort((a, b) => Math.hypot(a.x - QUIET.x, a.z - QUIET.z) - Math.hypot(b.x - QUIET.x, b.z - QUIET.z));
    expect(seatOf(hana)).toBe(nearest[0]?.id);
    expect(here(hana)).toEqual({ x: nearest[0]?.x, z: nearest[0]?.z });
    // Her page is told where it now is: the place, nothing of the server's own (no seat number).
    await until(() => placed().length === 1, "her page told where she is");
    expect(placed()[0]).toEqual({ code: "move_rejected", about: "placed", position: { x: nearest[0]?.x, z: nearest[0]?.z } });
    // A double tap changes nothing and says nothing.
    hana.send("sit", { cushion: true });

    // Everyone else in the corner gets another cushion, until there is none: then they are told.
    const others = await Promise.all(CUSHIONS.map((_, i) => child(`こ${i}`)));
    const theirErrors = others.map(refusals);
    for (const room of others) {
      await goTo(room, QUIET);
      room.send("sit", { cushion: true });
      await until(() => seatOf(room) > 0 || theirErrors[others.indexOf(room)]?.list.length === 1, "sat or told");
    }
    const seats = [hana, ...others].map(seatOf);
    expect(seats.filter((s) => s > 0).sort()).toEqual(CUSHIONS.map((c) => c.id));
    expect(theirErrors.flatMap((e) => e.list)).toEqual([{ code: "no_cushion", about: "sit" }]);
    expect(errors.list).toHaveLength(1);

    // Hana walks off her cushion as a page does: one report as she sets off, then nothing until
    // she turns or stops. The cushion is free while she is still walking, and the child who found
    // none can have it.
    const hers = seatOf(hana);
    const from = here(hana);
    const way = [
      { vx: 1.5, vz: 0 },
      { vx: -1.5, vz: 0 },
      { vx: 0, vz: 1.5 },
      { vx: 0, vz: -1.5 },
    ].find((v) => canWalk(from, { x: from.x + v.vx * 1.2, z: from.z + v.vz * 1.2 }));
    if (!way) throw new Error("no clear way off the cushion");
    hana.send("move", { ...from, ...way, heading: 0 });
    await until(() => seatOf(hana) === 0, "off the cushion while walking", 1500);
    expect(serverRoom(server, hana).state.avatars.get(hana.sessionId)?.vx, "still walking").not.toBe(0);
    const waiting = others.find((room) => seatOf(room) === 0) as SpaceRoom;
    waiting.send("sit", { cushion: true });
    await until(() => seatOf(waiting) === hers, "on the cushion hana left");

    // The log tells resting on a cushion from sitting at a desk, for each time it happened.
    expect(await sittings(hana)).toEqual([
      ["cushion", true],
      ["cushion", false],
    ]);
  });

  it("should stand a child up from her cushion when she asks, and move her from a desk to a cushion in one tap", async () => {
    const ren = await child("れん");
    await goTo(ren, { x: -5, z: 4 });
    ren.send("sit", {}); // a self-study desk
    await until(() => seatOf(ren) > 0, "at a desk");
    expect(isCushion(seatOf(ren))).toBe(false);
    ren.send("sit", { cushion: true });
    await until(() => isCushion(seatOf(ren)), "from the desk to a cushion");
    // Leaving the desk ended its study session, as walking away does.
    expect((await events(ren)).map((e) => e.type)).toContain("self_study_ended");
    ren.send("stand", {});
    await until(() => seatOf(ren) === 0, "stood up");
    expect(await sittings(ren)).toEqual([
      ["cushion", true],
      ["cushion", false],
    ]);
  });

  it("should refuse a sit that asks for a table and a cushion at once, changing nothing", async () => {
    const mio = await child("みお");
    const errors = refusals(mio);
    await goTo(mio, QUIET);
    mio.send("sit", { cushion: true, table: 1 });
    await until(() => errors.list.length === 1, "refused");
    expect(errors.list[0]).toMatchObject({ code: "invalid_message", about: "sit" });
    expect(seatOf(mio)).toBe(0);
  });
});
