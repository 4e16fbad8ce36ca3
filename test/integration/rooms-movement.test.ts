import type { Room } from "@colyseus/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LIMITS, fromWire, headingToWire } from "../../shared/domain/limits.ts";
import type { ServerError } from "../../shared/protocol/events.ts";
import type { SpaceState } from "../../shared/state/SpaceState.ts";
import { collect, dropLink, pong, type SpaceRoom, until, walk } from "../support/clients.ts";
import { type Person, organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";
import { holdClock } from "../support/time.ts";

/**
 * The server's movement rules (server/rooms/handlers/move.ts): a reported position is accepted
 * only if the avatar could have walked there; a refused step is answered with move_rejected and
 * where the server has the walker; the zone is the server's; the counselling room's lock keeps
 * out everyone but staff and the people let in. The space's clock is held (support/time.ts) so
 * how far a walk has gone, and how long since the last step, is what the test says.
 */
let server: TestServer;
let org: { id: string };
let counsellor: Person;
let host: SpaceRoom;
beforeAll(async () => {
  server = await startTestServer();
});
beforeEach(async () => {
  org = await organisation(server);
  counsellor = await staffMember(server, org.id);
  host = await counsellor.join();
});
afterEach(async () => {
  await server.colyseus.cleanup();
});
afterAll(async () => {
  await server.close();
});

const spaceOf = (room: SpaceRoom) => server.colyseus.getRoomById(room.roomId) as Room<{ state: SpaceState }>;
const onServer = (room: SpaceRoom) => {
  const a = spaceOf(room).state.avatars.get(room.sessionId);
  if (!a) throw new Error("not in the space");
  return a;
};
/** Where the server has someone, in metres, and their zone. */
const where = (room: SpaceRoom) => {
  const a = onServer(room);
  return { x: fromWire(a.x), z: fromWire(a.z), zone: a.zone };
};
/** The avatar as the server shows it to everyone. */
const shown = (room: SpaceRoom) => {
  const a = onServer(room);
  return { x: a.x, z: a.z, vx: a.vx, vz: a.vz, at: a.at, heading: a.heading, zone: a.zone };
};
const log = () => server.log.events(host.roomId);
const participantOf = async (account: string) => {
  const entered = (await log()).find((e) => e.type === "entered" && e.account === account);
  if (!entered || !("participant" in entered)) throw new Error(`no entry for ${account}`);
  return entered.participant;
};

/** The space's clock held; `now()` is the time the rules read. */
function hold(room: SpaceRoom) {
  const space = spaceOf(room);
  const time = holdClock(space);
  const clock = space.clock as unknown as { now(): number };
  return { space, time, now: () => clock.now() };
}

const send = (room: SpaceRoom, x: number, z: number, vx = 0, vz = 0, heading = 0) => room.send("move", { x, z, heading, vx, vz });

/** Sends a report and waits until the server has handled it; the errors it was answered with. */
async function report(room: SpaceRoom, x: number, z: number, vx = 0, vz = 0, heading = 0): Promise<ServerError[]> {
  const errors = collect<ServerError>(room, "error");
  send(room, x, z, vx, vz, heading);
  await pong(room);
  return errors;
}

/** Just outside the counselling room's door (x = 8, z 6..8). */
const DOOR_OUTSIDE = { x: 7.5, z: 7 };
const rejected = (detail: string, position: { x: number; z: number }) => [{ code: "move_rejected", about: "move", detail, position }];

async function enter(nickname: string) {
  const person = await student(server, org.id, nickname);
  return { person, room: await person.join() };
}

/** Walks someone (honestly, in small steps) to a point and waits until the server has them there. */
async function goTo(room: SpaceRoom, ...path: Array<{ x: number; z: number }>) {
  await walk(room, where(room), path);
  const end = path.at(-1);
  await until(() => where(room).x === end?.x && where(room).z === end?.z, `at ${JSON.stringify(end)}`);
}

describe("walls", () => {
  it("should refuse a position reported past a wall after a walk announced into it, and put the walker back where the walk began", async () => {
    const { room: kid } = await enter("かべ");
    await goTo(kid, { x: 2, z: -2 });
    const { time } = hold(kid);
    // West towards the wall between the talk area and the classroom (x = 0, solid at z = -2).
    expect(await report(kid, 2, -2, -1, 0)).toEqual([]);
    expect(shown(kid)).toMatchObject({ x: 200, z: -200, vx: -100, vz: 0 });
    time.advance(3000);
    // Three seconds on, the page says it is on the far side: 0.9 m past where the walk stops.
    expect(await report(kid, -0.5, -2, -1, 0)).toEqual(rejected("blocked", { x: 2, z: -2 }));
    expect(shown(kid)).toMatchObject({ x: 200, z: -200, vx: 0, vz: 0, zone: "talk" });
    // And standing at the wall, a step through it is refused too.
    await goTo(kid, { x: 1.2, z: -2 }, { x: 0.41, z: -2 });
    expect(await report(kid, 0.41, -2, -1, 0)).toEqual([]);
    time.advance(1000);
    expect(await report(kid, -0.5, -2, -1, 0)).toEqual(rejected("blocked", { x: 0.41, z: -2 }));
    expect(where(kid)).toEqual({ x: 0.41, z: -2, zone: "talk" });
  });

  it("should accept a walk's report at the wall, where the walk stops", async () => {
    const { room: kid } = await enter("とまる");
    await goTo(kid, { x: 2, z: -2 });
    const { time } = hold(kid);
    expect(await report(kid, 2, -2, -1, 0)).toEqual([]);
    time.advance(3000);
    expect(await report(kid, 0.45, -2, 0, 0)).toEqual([]);
    expect(shown(kid)).toMatchObject({ x: 45, z: -200, vx: 0, vz: 0, zone: "talk" });
  });
});

describe("speed", () => {
  it("should accept a walk at walking speed and refuse one any faster, in any direction, standing the walker where they were", async () => {
    const { room: kid } = await enter("はやい");
    await goTo(kid, { x: 2, z: -2 });
    hold(kid);
    expect(await report(kid, 2, -2, LIMITS.walkSpeed, 0, 1)).toEqual([]);
    expect(shown(kid)).toMatchObject({ vx: 320, vz: 0, heading: headingToWire(1) });
    expect(await report(kid, 2, -2, 3.21, 0, 2)).toEqual(rejected("too_fast", { x: 2, z: -2 }));
    // Standing where they were, still facing the way they were shown.
    expect(shown(kid)).toMatchObject({ x: 200, z: -200, vx: 0, vz: 0, heading: headingToWire(1) });
    expect(await report(kid, 2, -2, 2.3, -2.3)).toEqual(rejected("too_fast", { x: 2, z: -2 }));
    expect(await report(kid, 2, -2, 0, -3.2)).toEqual([]);
    expect(shown(kid)).toMatchObject({ vx: 0, vz: -320 });
  });

  it("should allow a step only as far as walking could have gone since the last accepted one, with at most a second not walked carried over", async () => {
    const { room: kid } = await enter("いっぽ");
    await goTo(kid, { x: 4, z: -6 });
    const { time } = hold(kid);
    time.advance(10_000);
    // Ten seconds standing: one step is never more than LIMITS.maxStep however long the silence…
    expect(await report(kid, 6.6, -6)).toEqual(rejected("too_fast", { x: 4, z: -6 }));
    expect(await report(kid, 6.5, -6)).toEqual([]);
    // …and of the silence one second (3.2 m) counts, the step's 2.5 m included: 0.7 m more, with
    // the link's jitter (1.12 m), and no further.
    expect(await report(kid, 8.4, -6)).toEqual(rejected("too_fast", { x: 6.5, z: -6 }));
    expect(await report(kid, 8.3, -6)).toEqual([]);
    // Nothing is left: only the jitter, given to each report (see README, "The server decides").
    expect(await report(kid, 9.5, -6)).toEqual(rejected("too_fast", { x: 8.3, z: -6 }));
    expect(await report(kid, 9.4, -6)).toEqual([]);
    // A second later, a second's walking and the jitter: 4.32 m, but never past LIMITS.maxStep.
    time.advance(1000);
    expect(await report(kid, 12, -6)).toEqual(rejected("too_fast", { x: 9.4, z: -6 }));
    expect(await report(kid, 11.9, -6)).toEqual([]);
    expect(where(kid)).toEqual({ x: 11.9, z: -6, zone: "talk" });
  });

  /** Steps that use up whatever walking time is banked (each costs 0.34 s; at most 1 s is kept). */
  async function spendCarried(kid: SpaceRoom, z: number) {
    for (const x of [5.1, 6.2, 7.3]) expect(await report(kid, x, z)).toEqual([]);
    return { x: 7.3, z };
  }

  it("should judge a report held up on the link, and the next on time, by the time really between them", async () => {
    const { room: kid } = await enter("おくれて");
    await goTo(kid, { x: 4, z: -10 });
    const { time } = hold(kid);
    const start = await spendCarried(kid, -10);
    const pace = LIMITS.walkSpeed * 0.95; // the page's own walking pace
    expect(await report(kid, start.x, start.z, pace, 0, -Math.PI / 2)).toEqual([]);
    // The page reported 2 s into the walk, but the report arrived half a second late…
    time.advance(2500);
    expect(await report(kid, start.x + pace * 2, start.z, pace, 0, -Math.PI / 2)).toEqual([]);
    // …and its turn 0.7 s later arrived on time, 2.1 m on in 0.2 s of the server's time: not a leap.
    time.advance(200);
    const turn = { x: Math.round((start.x + pace * 2.7) * 100) / 100, z: start.z };
    expect(await report(kid, turn.x, turn.z, 0, -pace, Math.PI)).toEqual([]);
    expect(where(kid)).toEqual({ ...turn, zone: "talk" });
  });

  it("should judge a walk's start held up on the link, and its next report on time, by the time really between them", async () => {
    const { room: kid } = await enter("でおくれ");
    await goTo(kid, { x: 4, z: -10 });
    const { time } = hold(kid);
    const start = await spendCarried(kid, -10);
    const pace = LIMITS.walkSpeed * 0.95;
    // Standing three seconds, then a walk whose start arrived half a second late…
    time.advance(3000);
    expect(await report(kid, start.x, start.z, pace, 0, -Math.PI / 2)).toEqual([]);
    // …so its first turn, on time, is 2.1 m on after only 0.2 s of the server's time.
    time.advance(200);
    const turn = { x: Math.round((start.x + pace * 0.7) * 100) / 100, z: start.z };
    expect(await report(kid, turn.x, turn.z, 0, -pace, Math.PI)).toEqual([]);
    expect(where(kid)).toEqual({ ...turn, zone: "talk" });
  });

  it("should leave a refused walker who was standing exactly as they were shown", async () => {
    const { room: kid } = await enter("そのまま");
    await goTo(kid, { x: 4, z: -6 });
    const { time } = hold(kid);
    const before = shown(kid);
    time.advance(777);
    expect(await report(kid, 9, -6)).toEqual(rejected("too_fast", { x: 4, z: -6 }));
    expect(shown(kid)).toEqual(before);
  });
});

describe("a walk's reports", () => {
  it("should accept a report along the announced walk however far it has gone, give or take the link's jitter", async () => {
    const { room: kid } = await enter("まっすぐ");
    await goTo(kid, { x: 4, z: -6 });
    const { time } = hold(kid);
    expect(await report(kid, 4, -6, 1, 0)).toEqual([]);
    time.advance(4000);
    // Four metres on (more than any single step), half a metre to one side: along the walk.
    expect(await report(kid, 8, -5.5, 1, 0)).toEqual([]);
    expect(where(kid)).toEqual({ x: 8, z: -5.5, zone: "talk" });
  });

  it("should count a report exactly the jitter's width off the walk as along it", async () => {
    const { room: kid } = await enter("ぎりぎり");
    await goTo(kid, { x: 4, z: -3.11 });
    const { time } = hold(kid);
    expect(await report(kid, 4, -3.11, 1, 0)).toEqual([]);
    time.advance(4000);
    // 1.12 m (LIMITS.walkSpeed × LIMITS.moveJitterSeconds, to the last bit) beside the walk, 3.2 m from its start.
    expect(await report(kid, 7, -1.99, 1, 0)).toEqual([]);
    expect(where(kid)).toEqual({ x: 7, z: -1.99, zone: "talk" });
  });

  it("should judge a report off the walk by more than the jitter as a step of its own", async () => {
    const { room: kid } = await enter("よこみち");
    await goTo(kid, { x: 4, z: -6 });
    const { time } = hold(kid);
    expect(await report(kid, 4, -6, 1, 0)).toEqual([]);
    time.advance(4000);
    // 1.5 m to one side of where the walk has got to, and 4.3 m from its start: refused.
    expect(await report(kid, 8, -4.5, 1, 0)).toEqual(rejected("too_fast", { x: 4, z: -6 }));
    expect(shown(kid)).toMatchObject({ x: 400, z: -600, vx: 0, vz: 0 });
  });

  it("should refuse a report further ahead than the walk could have gone", async () => {
    const { room: kid } = await enter("さきまわり");
    await goTo(kid, { x: 4, z: -6 });
    const { time } = hold(kid);
    expect(await report(kid, 4, -6, 1, 0)).toEqual([]);
    time.advance(2000);
    expect(await report(kid, 7, -6, 1, 0)).toEqual([]); // a metre ahead: the link's jitter
    time.advance(1000);
    expect(await report(kid, 10.5, -6, 1, 0)).toEqual(rejected("too_fast", { x: 7, z: -6 }));
  });

  it("should show everyone a walk only when it changes: velocity, heading, a drift over 10 cm, or a base older than 30 s", async () => {
    const { room: kid } = await enter("みせる");
    await goTo(kid, { x: 4, z: -6 });
    const { time, now } = hold(kid);
    expect(await report(kid, 4, -6, 0.1, 0, 1)).toEqual([]);
    const walk = shown(kid);
    expect(walk).toEqual({ x: 400, z: -600, vx: 10, vz: 0, at: now() & 0xffff, heading: headingToWire(1), zone: "talk" });

    // A heartbeat where the walk has got to: nothing new to show.
    time.advance(2000);
    expect(await report(kid, 4.2, -6, 0.1, 0, 1)).toEqual([]);
    expect(shown(kid)).toEqual(walk);
    // Off by 5 cm: still nothing.
    time.advance(2000);
    expect(await report(kid, 4.4, -5.95, 0.1, 0, 1)).toEqual([]);
    expect(shown(kid)).toEqual(walk);
    // Off by 15 cm: shown again from here.
    time.advance(1000);
    expect(await report(kid, 4.5, -6.15, 0.1, 0, 1)).toEqual([]);
    const drifted = shown(kid);
    expect(drifted).toEqual({ ...walk, x: 450, z: -615, at: now() & 0xffff });

    // A turn of the head alone.
    expect(await report(kid, 4.5, -6.15, 0.1, 0, 2)).toEqual([]);
    expect(shown(kid)).toEqual({ ...drifted, heading: headingToWire(2) });
    // A change of pace, east and then north.
    expect(await report(kid, 4.5, -6.15, 0.2, 0, 2)).toEqual([]);
    expect(shown(kid).vx).toBe(20);
    expect(await report(kid, 4.5, -6.15, 0.2, -0.1, 2)).toEqual([]);
    expect(shown(kid)).toMatchObject({ vx: 20, vz: -10 });
  });

  it("should write a standing walker's base again once it is more than 30 s old, not before", async () => {
    const { room: kid } = await enter("まってる");
    await goTo(kid, { x: 5, z: 0 });
    const { time, now } = hold(kid);
    expect(await report(kid, 5, 0, 0, 0, 0.5)).toEqual([]); // a turn on the spot: shown from now
    const base = shown(kid);
    expect(base.at).toBe(now() & 0xffff);
    time.advance(30_000);
    expect(await report(kid, 5, 0, 0, 0, 0.5)).toEqual([]);
    expect(shown(kid)).toEqual(base);
    time.advance(1);
    expect(await report(kid, 5, 0, 0, 0, 0.5)).toEqual([]);
    expect(shown(kid)).toEqual({ ...base, at: now() & 0xffff });
  });

  it("should not show a standing step of exactly 10 cm, and show one of 11", async () => {
    const { room: kid } = await enter("ちょっと");
    await goTo(kid, { x: 5, z: 0 });
    hold(kid);
    const before = shown(kid);
    expect(await report(kid, 5, 0.1)).toEqual([]);
    expect(shown(kid)).toEqual(before);
    expect(where(kid)).toEqual({ x: 5, z: 0, zone: "talk" }); // what everyone is shown
    expect(await report(kid, 5, 0.21)).toEqual([]);
    expect(shown(kid)).toMatchObject({ x: 500, z: 21 });
  });

  it("should stop a walk where it had got to when the link drops", async () => {
    const { room: kid } = await enter("とぎれる");
    kid.reconnection.enabled = false;
    await goTo(kid, { x: 4, z: -6 });
    const { time } = hold(kid);
    expect(await report(kid, 4, -6, 1, 0)).toEqual([]);
    time.advance(1500);
    dropLink(kid);
    await until(() => onServer(kid).away === true, "the seat is kept");
    expect(shown(kid)).toMatchObject({ x: 550, z: -600, vx: 0, vz: 0 });
  });
});

describe("standing still", () => {
  it("should leave someone standing as they were shown when their link drops", async () => {
    const { room: kid } = await enter("たってる");
    kid.reconnection.enabled = false;
    await goTo(kid, { x: 4, z: -6 });
    const { time } = hold(kid);
    const before = shown(kid);
    time.advance(1500);
    dropLink(kid);
    await until(() => onServer(kid).away === true, "the seat is kept");
    expect(shown(kid)).toEqual(before);
  });

  it("should not follow someone standing: however long they are silent, nothing is shown again or logged", async () => {
    const { room: kid, person } = await enter("しずかに");
    await goTo(kid, { x: 4, z: -6 });
    const { space, time } = hold(kid);
    space.patchRate = null;
    expect(await report(kid, 4, -6, 0, 0, 1)).toEqual([]);
    const before = shown(kid);
    const me = await participantOf(person.id);
    const logged = async () => (await log()).filter((e) => "participant" in e && e.participant === me).length;
    const logBefore = await logged();
    for (let i = 0; i < 8; i++) {
      time.advance(1000);
      space.broadcastPatch();
    }
    expect(shown(kid)).toEqual(before);
    expect(await logged()).toBe(logBefore);
  });
});

describe("zones", () => {
  it("should decide the zone on the server, log each change once, and refuse a report that names one", async () => {
    const { room: kid, person } = await enter("ゾーン");
    await goTo(kid, { x: 1.2, z: 6.5 });
    const logBefore = (await log()).length;
    await goTo(kid, { x: 0.4, z: 6.5 }, { x: -0.4, z: 6.5 }, { x: -2, z: 6.5 });
    expect(where(kid).zone).toBe("quiet");
    const changes = (await log())
      .slice(logBefore)
      .filter((e) => e.type === "zone_changed");
    expect(changes).toEqual([expect.objectContaining({ participant: await participantOf(person.id), from: "talk", to: "quiet" })]);
    const errors = collect<ServerError>(kid, "error");
    kid.send("move", { x: -2, z: 6.5, heading: 0, vx: 0, vz: 0, zone: "counselling" });
    await until(() => errors.length === 1, "refused");
    expect(errors[0]).toMatchObject({ code: "invalid_message", about: "move" });
    expect(where(kid).zone).toBe("quiet");
  });

  it("should log a position about once a second while walking, never more often", async () => {
    const { room: kid, person } = await enter("きろく");
    await goTo(kid, { x: 4, z: -6 });
    const { space, time } = hold(kid);
    space.patchRate = null;
    const tick = (ms: number) => {
      time.advance(ms);
      space.broadcastPatch();
    };
    const me = await participantOf(person.id);
    const samples = async () => (await log()).filter((e) => e.type === "position" && e.participant === me);
    time.advance(1000); // a second since any sample taken on the way here
    const before = (await samples()).length;
    expect(await report(kid, 4, -6, 1, 0)).toEqual([]);
    expect((await samples()).slice(before).map((e) => ("x" in e ? [e.x, e.z] : null))).toEqual([[400, -600]]);
    tick(999);
    expect((await samples()).length).toBe(before + 1);
    tick(1);
    expect((await samples()).slice(before).map((e) => ("x" in e ? [e.x, e.z] : null))).toEqual([
      [400, -600],
      [500, -600],
    ]);
    // A report within the second adds none; the next second's report does.
    time.advance(500);
    expect(await report(kid, 5.5, -6, 1, 0)).toEqual([]);
    expect((await samples()).length).toBe(before + 2);
    time.advance(500);
    expect(await report(kid, 6, -6, 1, 0)).toEqual([]);
    expect((await samples()).slice(before + 2).map((e) => ("x" in e ? [e.x, e.z] : null))).toEqual([[600, -600]]);
  });
});

describe("the counselling room's lock", () => {
  const DOOR = DOOR_OUTSIDE;

  it("should keep a student out while locked, at the door, and let them in once unlocked", async () => {
    const { room: kid } = await enter("ノック");
    await goTo(kid, { x: 6, z: 7 }, DOOR);
    host.send("lockCounselling", { locked: true });
    await until(() => spaceOf(kid).state.counsellingLocked === true, "locked");
    // Moving about outside is fine.
    expect(await report(kid, 7.2, 7.3)).toEqual([]);
    expect(await report(kid, 7.5, 7)).toEqual([]);
    expect(await report(kid, 8.6, 7)).toEqual(rejected("locked", DOOR));
    expect(where(kid)).toEqual({ ...DOOR, zone: "talk" });
    host.send("lockCounselling", { locked: false });
    await until(() => spaceOf(kid).state.counsellingLocked === false, "unlocked");
    expect(await report(kid, 8.6, 7)).toEqual([]);
    expect(where(kid)).toEqual({ x: 8.6, z: 7, zone: "counselling" });
  });

  it("should stop a student's walk at the door when it would carry them in", async () => {
    const { room: kid } = await enter("あるいて");
    await goTo(kid, { x: 6, z: 7 }, { x: 7.2, z: 7 });
    host.send("lockCounselling", { locked: true });
    await until(() => spaceOf(kid).state.counsellingLocked === true, "locked");
    const { space, time } = hold(kid);
    space.patchRate = null;
    expect(await report(kid, 7.2, 7, 1, 0)).toEqual([]);
    const errors = collect<ServerError>(kid, "error");
    time.advance(1000); // the walk is now at x = 8.2, inside
    space.broadcastPatch();
    await until(() => errors.length === 1, "refused at the door");
    expect(errors).toEqual([{ code: "move_rejected", about: "move", detail: "locked", position: { x: 7.2, z: 7 } }]);
    expect(shown(kid)).toMatchObject({ x: 720, z: 700, vx: 0, vz: 0, zone: "talk" });
  });

  it("should not leave a student inside when their link drops while a walk carries them through the locked door", async () => {
    const { room: kid } = await enter("ぬけみち");
    kid.reconnection.enabled = false;
    await goTo(kid, { x: 6, z: 7 }, { x: 7.2, z: 7 });
    host.send("lockCounselling", { locked: true });
    await until(() => spaceOf(kid).state.counsellingLocked === true, "locked");
    const { space, time } = hold(kid);
    space.patchRate = null; // the walk is not followed again before the link drops
    expect(await report(kid, 7.2, 7, 1, 0)).toEqual([]);
    time.advance(1000); // the walk is now at x = 8.2, past the door
    dropLink(kid);
    await until(() => onServer(kid).away === true, "the seat is kept");
    expect(shown(kid)).toMatchObject({ x: 720, z: 700, vx: 0, vz: 0, zone: "talk" });
    space.broadcastPatch();
    expect(shown(kid)).toMatchObject({ x: 720, z: 700, vx: 0, vz: 0, zone: "talk" });
  });

  it("should let staff in while it is locked", async () => {
    host.send("lockCounselling", { locked: true });
    await until(() => spaceOf(host).state.counsellingLocked === true, "locked");
    await goTo(host, { x: 6, z: 7 }, { x: 10, z: 7 });
    expect(where(host).zone).toBe("counselling");
  });

  it("should let those inside when it was locked go out and come back, and nobody else; a new lock counts afresh", async () => {
    const { room: inside } = await enter("なかにいた");
    const { room: outside } = await enter("そとにいた");
    await goTo(inside, { x: 6, z: 7 }, { x: 10, z: 7 });
    await goTo(outside, { x: 6, z: 7 }, DOOR);
    host.send("lockCounselling", { locked: true });
    await until(() => spaceOf(host).state.counsellingLocked === true, "locked");
    await goTo(inside, { x: 9, z: 7 }, { x: 7, z: 7.5 });
    expect(where(inside).zone).toBe("talk");
    await goTo(inside, { x: 8.6, z: 7 });
    expect(where(inside).zone).toBe("counselling");
    expect(await report(outside, 8.6, 7.2)).toEqual(rejected("locked", DOOR));

    // Out again; unlocked and locked again while outside: no longer let in.
    await goTo(inside, { x: 7, z: 7.5 });
    host.send("lockCounselling", { locked: false });
    await until(() => spaceOf(host).state.counsellingLocked === false, "unlocked");
    host.send("lockCounselling", { locked: true });
    await until(() => spaceOf(host).state.counsellingLocked === true, "locked again");
    expect(await report(inside, 7.9, 7.2)).toEqual([]);
    expect(await report(inside, 8.6, 7.2)).toEqual(rejected("locked", { x: 7.9, z: 7.2 }));
  });
});

describe("a counsellor's knock", () => {
  it("should place a student who accepts by the table inside, past a locked door, tell them where they are, and let them come back in", async () => {
    const { room: kid, person } = await enter("どうぞ");
    host.send("lockCounselling", { locked: true });
    await until(() => spaceOf(host).state.counsellingLocked === true, "locked");
    const knocks = collect(kid, "knock");
    const errors = collect<ServerError>(kid, "error");
    const notices = collect(host, "notice");
    host.send("invite", { target: kid.sessionId });
    await until(() => knocks.length === 1, "the knock");
    const logBefore = (await log()).length;
    kid.send("knockReply", { accept: true });
    await until(() => errors.length === 1 && notices.length === 1, "placed");
    expect(errors).toEqual([{ code: "move_rejected", about: "placed", position: { x: 12, z: 8 } }]);
    expect(notices).toEqual([{ code: "knock_accepted", about: "どうぞ" }]);
    expect(shown(kid)).toMatchObject({ x: 1200, z: 800, vx: 0, vz: 0, zone: "counselling" });
    expect((await log()).slice(logBefore).filter((e) => e.type === "zone_changed")).toEqual([
      expect.objectContaining({ participant: await participantOf(person.id), from: "talk", to: "counselling" }),
    ]);
    // Let in: out through the door and back in while it is locked.
    await goTo(kid, { x: 10, z: 7 }, { x: 7, z: 7 });
    expect(where(kid).zone).toBe("talk");
    await goTo(kid, { x: 8.6, z: 7 });
    expect(where(kid).zone).toBe("counselling");
    // The knock was answered once: another answer finds no knock.
    expect(await report(kid, 8.6, 7)).toEqual([]);
    const more = collect<ServerError>(kid, "error");
    kid.send("knockReply", { accept: true });
    await until(() => more.length === 1, "no knock to answer");
    expect(more).toEqual([{ code: "no_such_person", about: "knockReply" }]);
  });

  it("should leave a student who declines where they are, and not let them in", async () => {
    const { room: kid } = await enter("いいえ");
    await goTo(kid, { x: 6, z: 7 }, DOOR_OUTSIDE);
    host.send("lockCounselling", { locked: true });
    await until(() => spaceOf(host).state.counsellingLocked === true, "locked");
    const knocks = collect(kid, "knock");
    const notices = collect(host, "notice");
    host.send("invite", { target: kid.sessionId });
    await until(() => knocks.length === 1, "the knock");
    kid.send("knockReply", { accept: false });
    await until(() => notices.length === 1, "declined");
    expect(notices).toEqual([{ code: "knock_declined", about: "いいえ" }]);
    await pong(kid);
    expect(where(kid)).toEqual({ ...DOOR_OUTSIDE, zone: "talk" });
    expect(await report(kid, 8.6, 7)).toEqual(rejected("locked", DOOR_OUTSIDE));
  });

  it("should still show the student in when the counsellor who knocked has gone", async () => {
    const stays = await (await staffMember(server, org.id, "counsellor", "たなか先生")).join();
    const { room: kid } = await enter("おそかった");
    const knocks = collect(kid, "knock");
    host.send("invite", { target: kid.sessionId });
    await until(() => knocks.length === 1, "the knock");
    await host.leave();
    await until(() => spaceOf(stays).state.avatars.size === 2, "the counsellor who knocked has gone");
    const errors = collect<ServerError>(kid, "error");
    kid.send("knockReply", { accept: true });
    await until(() => errors.length === 1, "placed");
    await pong(kid);
    expect(errors).toEqual([{ code: "move_rejected", about: "placed", position: { x: 12, z: 8 } }]);
    expect(where(kid).zone).toBe("counselling");
  });
});
