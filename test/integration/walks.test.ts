import type { Room } from "@colyseus/core";
import { describe, expect, it } from "vitest";
import { LIMITS, fromWire } from "../../shared/domain/limits.ts";
import { canStandAt } from "../../shared/domain/movement.ts";
import type { ServerError } from "../../shared/protocol/events.ts";
import type { SpaceState } from "../../shared/state/SpaceState.ts";
import { collect, type SpaceRoom, until, walk } from "../support/clients.ts";
import { useOpenSpace } from "../support/openSpace.ts";
import { holdClock } from "../support/time.ts";

/**
 * A walk travels as where it starts and how it moves (shared/domain/motion.ts): the server
 * follows it between reports, everyone else is told only when it changes. The space's clock is
 * held (support/time.ts), so how far a walk has gone is decided by the test, not by how busy the
 * machine is.
 */
const open = useOpenSpace();
/** The space on the server, its clock held. */
function spaceOf(room: SpaceRoom) {
  const space = open.server.colyseus.getRoomById(room.roomId) as Room<{ state: SpaceState }>;
  return { space, time: holdClock(space) };
}
const seen = (watcher: SpaceRoom, walker: SpaceRoom) => {
  const a = watcher.state.avatars.get(walker.sessionId);
  if (!a) throw new Error("walker not seen");
  return { x: fromWire(a.x), z: fromWire(a.z), vx: a.vx, vz: a.vz, at: a.at, zone: a.zone, status: a.status };
};
const mine = (room: SpaceRoom) => seen(room, room);

describe("walks", () => {
  it("should show a walk once, and let a heartbeat along it change nothing for anyone", async () => {
    const walker = await open.enter("walker");
    const watcher = await open.enter("watcher");
    const { time } = spaceOf(walker);
    const start = mine(walker);
    walker.send("move", { x: start.x, z: start.z, heading: 0, vx: 0, vz: -1 });
    await until(() => seen(watcher, walker).vz === -100, "the watcher sees the walk north at 1 m/s");
    const shown = seen(watcher, walker);
    expect(shown).toMatchObject({ x: start.x, z: start.z, vx: 0 });

    time.advance(500);
    const errors = collect<ServerError>(walker, "error");
    // Where the walk has got to half a second later: what an honest page reports.
    walker.send("move", { x: start.x, z: start.z - 0.5, heading: 0, vx: 0, vz: -1 });
    // Something else that changes the state, so its patch shows the heartbeat has been handled.
    walker.send("status", { status: "looking" });
    await until(() => seen(watcher, walker).status === "looking", "the status after the heartbeat arrives");
    expect(errors).toEqual([]);
    expect(seen(watcher, walker)).toMatchObject({ x: shown.x, z: shown.z, vx: 0, vz: -100, at: shown.at });
  });

  it("should follow a walk between reports: zones change, positions are logged, a walker silent for 5 s is stopped", async () => {
    const walker = await open.enter("walker");
    const watcher = await open.enter("watcher");
    const start = mine(walker);
    await walk(walker, start, [{ x: 1.2, z: 6.5 }]);
    await until(() => mine(walker).x === 1.2, "at the doorway to the quiet corner");
    const { space, time } = spaceOf(walker);
    // Patches only when the test ticks, each after the time it has moved on.
    space.patchRate = null;
    const tick = (ms: number) => {
      time.advance(ms);
      space.broadcastPatch();
    };
    const onServer = () => space.state.avatars.get(walker.sessionId);
    // West through the doorway at 2 m/s, then nothing more: the link has gone quiet.
    walker.send("move", { x: 1.2, z: 6.5, heading: Math.PI / 2, vx: -2, vz: 0 });
    await until(() => onServer()?.vx === -200, "the server has the walk");
    for (let ms = 0; ms < 5_000; ms += 100) tick(100);
    // Silent for exactly 5 s (the README's rule): still walking.
    expect(onServer()).toMatchObject({ vx: -200, zone: "quiet" });
    tick(1);
    expect(onServer()?.vx).toBe(0);
    // Stopped where ten metres west had got it (the watcher saw it standing at the doorway before).
    const x = fromWire(onServer()?.x ?? 0);
    expect(x).toBeCloseTo(1.2 - 2 * 5.001, 1);
    await until(() => seen(watcher, walker).vx === 0 && seen(watcher, walker).x === x, "everyone sees the silent walk stopped there");
    const stopped = seen(watcher, walker);
    expect(canStandAt(stopped)).toBe(true);
    const events = await open.server.log.events(walker.roomId);
    expect(events).toContainEqual(expect.objectContaining({ type: "zone_changed", from: "talk", to: "quiet" }));
    const samples = events.filter((e) => e.type === "position" && e.x < 0);
    expect(samples.length).toBeGreaterThanOrEqual(2);
  });

  it("should refuse a walk announced faster than walking, and show the walker standing", async () => {
    const walker = await open.enter("walker");
    const start = mine(walker);
    const errors = collect<ServerError>(walker, "error");
    walker.send("move", { x: start.x, z: start.z, heading: 0, vx: LIMITS.walkSpeed * 2, vz: 0 });
    await until(() => errors.length === 1, "refused");
    expect(errors[0]).toMatchObject({ code: "move_rejected", detail: "too_fast", position: { x: start.x, z: start.z } });
    expect(mine(walker)).toMatchObject({ x: start.x, z: start.z, vx: 0, vz: 0 });
  });

  it("should judge a report off the announced walk as a step of its own, and stop the walk if it is refused", async () => {
    const walker = await open.enter("walker");
    const watcher = await open.enter("watcher");
    const start = mine(walker);
    walker.send("move", { x: start.x, z: start.z, heading: 0, vx: 0, vz: -1 });
    await until(() => seen(watcher, walker).vz === -100, "walking north");
    const errors = collect<ServerError>(walker, "error");
    // Two and a half metres east a moment later: not along the walk, and too far to walk.
    walker.send("move", { x: start.x + 2.5, z: start.z - 0.2, heading: 0, vx: 0, vz: -1 });
    await until(() => errors.length === 1, "refused");
    expect(errors[0]).toMatchObject({ code: "move_rejected", detail: "too_fast", position: { x: start.x, z: start.z } });
    await until(() => seen(watcher, walker).vz === 0, "everyone sees the walker stand where the server has them");
    expect(seen(watcher, walker)).toMatchObject({ x: start.x, z: start.z });
  });
});
