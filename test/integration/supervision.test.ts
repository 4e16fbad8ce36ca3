import type { Room } from "@colyseus/core";
import { Client } from "@colyseus/sdk";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CLOSE_CODES } from "../../shared/protocol/events.ts";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.ts";
import { SpaceState } from "../../shared/state/SpaceState.ts";
import { type SpaceRoom, collect, dropLink, pong, until } from "../support/clients.ts";
import { type Person, organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";
import { holdClock } from "../support/time.ts";

/**
 * Children are never left alone in the space for long: when the last staff member goes (a dropped
 * link keeps its seat for 30 s first), the students are told, nobody new comes in, and unless
 * someone from staff comes back within a minute the space closes kindly.
 *
 * The durations are the product's own. The space's clock is held (support/time.ts) and moved to
 * either side of each boundary; "nothing happened" is read after a ping has come back (pong()),
 * never after a sleep. The rules are written out here, not read from limits.ts, so that changing
 * a duration there fails these tests.
 */
const SEAT_KEPT_MS = 30_000;
const UNSUPERVISED_MS = 60_000;
/** More than the moment closeSpace leaves for its notice to arrive before the sockets close. */
const A_MOMENT_MS = 1_000;

let server: TestServer;
let org: { id: string };
let counsellor: Person;
let host: SpaceRoom;
let kid: SpaceRoom;
let notices: Array<{ code: string }>;
let time: ReturnType<typeof holdClock>;
let space: Room<{ state: SpaceState }>;

beforeAll(async () => {
  server = await startTestServer();
});
beforeEach(async () => {
  org = await organisation(server);
  counsellor = await staffMember(server, org.id);
  host = await counsellor.join();
  host.reconnection.enabled = false;
  kid = await (await student(server, org.id, "ゆい")).join();
  notices = collect<{ code: string }>(kid, "notice");
  space = server.colyseus.getRoomById(host.roomId);
  time = holdClock(space);
});
afterEach(async () => {
  await server.colyseus.cleanup();
});
afterAll(async () => {
  await server.close();
});

const told = () => notices.map((n) => n.code);
let newcomers = 0;
/** Another student of the organisation trying to come in now. */
const newcomer = async () => (await student(server, org.id, `あとから${++newcomers}`)).join();

describe("while staff are here", () => {
  it("should tell the children nothing when another staff member comes in, and audit each one's entering", async () => {
    const second = await (await staffMember(server, org.id, "counsellor", "たなか先生")).join();
    await pong(kid);
    expect(told()).toEqual([]);
    expect(space.state.avatars.get(second.sessionId)?.kind).toBe("staff");
    const entered = (await server.services.audit.list(org.id, 10)).filter((e) => e.action === "open_space");
    expect(entered.map(({ orgId, actorRole, target, outcome, detail }) => ({ orgId, actorRole, target, outcome, detail }))).toEqual(
      Array(2).fill({ orgId: org.id, actorRole: "counsellor", target: null, outcome: "done", detail: {} }),
    );
    expect(new Set(entered.map((e) => e.actorId)).size).toBe(2);

    // One of them leaves: the other is still here, so the children are told nothing either.
    await host.leave(true);
    await pong(kid);
    time.advance(UNSUPERVISED_MS);
    await pong(kid);
    expect(told()).toEqual([]);
    await newcomer();
  });
});

describe("when the last staff member leaves", () => {
  it("should tell the students at once, keep newcomers out, and close the space a minute later, not before", async () => {
    const closed = new Promise<number>((resolve) => kid.onLeave(resolve));
    await host.leave(true);
    await until(() => told().includes("supporter_away"), "ゆい is told no supporter is here");
    await expect(newcomer()).rejects.toThrow(/space_closed/);

    time.advance(UNSUPERVISED_MS - 1);
    await pong(kid); // still connected, and anything sent before the ping has arrived
    expect(told()).toEqual(["supporter_away"]);

    time.advance(1);
    await until(() => told().includes("space_closing"), "ゆい is told the space is closing");
    expect(told()).toEqual(["supporter_away", "space_closing"]);
    time.advance(A_MOMENT_MS);
    expect(await closed).toBe(CLOSE_CODES.spaceClosed);
  });

  it("should keep out a child whose seat was promised while staff were here, if the last of them left before the child's page came in", async () => {
    // The join's two steps, taken apart: the seat is promised over HTTP (the door's checks pass)…
    const late = await student(server, org.id, "まにあわない");
    const reply = await fetch(`${server.url}/matchmake/joinOrCreate/space`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: late.cookie },
      body: JSON.stringify({ protocol: PROTOCOL_VERSION, org: org.id, look: { colour: "sky", accessory: "none" } }),
    });
    expect(reply.status).toBe(200);
    const seat = (await reply.json()) as Parameters<Client["consumeSeatReservation"]>[0];
    // …the counsellor goes meanwhile…
    await host.leave(true);
    await until(() => told().includes("supporter_away"), "ゆい is told no supporter is here");
    // …and the page's socket, arriving now, is refused: no child comes into a space no adult is in.
    await expect(new Client(server.url, { headers: { cookie: late.cookie } }).consumeSeatReservation(seat, SpaceState)).rejects.toThrow(/space_closed/);
    expect([...space.state.avatars.values()].map((a) => a.nickname)).toEqual(["ゆい"]);
  });

  it("should stay open when someone from staff comes back within the minute, and say so", async () => {
    await host.leave(true);
    await until(() => told().includes("supporter_away"), "ゆい is told");

    time.advance(UNSUPERVISED_MS - 1);
    const back = await counsellor.join();
    time.advance(2 * UNSUPERVISED_MS); // long past the end of the minute that was running
    await pong(kid);
    expect(told()).toEqual(["supporter_away", "supporter_back"]);
    expect(back.received?.notice ?? []).toEqual([]); // the counsellor knows they are back
    await newcomer(); // open to newcomers again
  });
});

describe("when the last staff member's link drops", () => {
  it("should keep their seat for 30 s first, saying nothing and letting students in, then start the minute", async () => {
    dropLink(host);
    await until(() => space.state.avatars.get(host.sessionId)?.away === true, "the counsellor's seat is kept");

    time.advance(SEAT_KEPT_MS - 1);
    await pong(kid);
    expect(told()).toEqual([]);
    await newcomer(); // the kept seat still counts: the space is open

    time.advance(1);
    await until(() => told().includes("supporter_away"), "ゆい is told once the seat is given up");
    await expect(newcomer()).rejects.toThrow(/space_closed/);

    time.advance(UNSUPERVISED_MS - 1);
    await pong(kid);
    expect(told()).toEqual(["supporter_away"]);
    time.advance(1);
    await until(() => told().includes("space_closing"), "the space closes a minute after the seat was given up");
  });

  it("should say nothing at all when the counsellor is back within the 30 s", async () => {
    dropLink(host);
    await until(() => space.state.avatars.get(host.sessionId)?.away === true, "the counsellor's seat is kept");

    time.advance(SEAT_KEPT_MS - 1);
    const back = await counsellor.reconnect(host);
    expect(back.sessionId).toBe(host.sessionId);
    // Back as staff: the queue again, and the staff-only details of the children (minutes present).
    await until(() => (back.received?.queue ?? []).length > 0, "the queue again");
    await until(() => (back.state.avatars.get(kid.sessionId)?.since ?? 0) > 0, "the children's staff-only details again");
    time.advance(SEAT_KEPT_MS + UNSUPERVISED_MS); // past both graces, had either been left running
    await pong(kid);
    expect(told()).toEqual([]);
    expect(space.state.avatars.get(host.sessionId)?.away).toBe(false);
    await newcomer();
  });
});
