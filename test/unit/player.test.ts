import { describe, expect, it } from "vitest";
import { LocalPlayer } from "../../client/player.ts";
import { planRoute } from "../../client/input/routes.ts";
import { distanceToSegment } from "../../shared/domain/geometry.ts";
import { LIMITS } from "../../shared/domain/limits.ts";
import { type Report, isMoving, positionAt } from "../../shared/domain/motion.ts";
import { canWalk, judgeMove } from "../../shared/domain/movement.ts";
import { SPAWN, zoneById } from "../../shared/domain/zones.ts";

function recorder() {
  const sent: Report[] = [];
  return { sent, send: (r: Report) => sent.push(r) };
}

/** Walks north for `ms`, a frame every 16 ms, then stands for a second; returns the reports. */
function walkNorth(ms: number): Report[] {
  const { sent, send } = recorder();
  const player = new LocalPlayer(send);
  player.placeAt(SPAWN.x, SPAWN.z);
  let t = 0;
  for (; t <= ms; t += 16) {
    player.step(0.016, { x: 0, z: -1 });
    player.sync(t);
  }
  for (; t <= ms + 1000; t += 16) {
    player.step(0.016, null);
    player.sync(t);
  }
  return sent;
}

describe("LocalPlayer", () => {
  // Regression: the first frames ran before the server had placed the avatar and sent (0, 0),
  // which is inside a wall, so every student was greeted with "You can't go there".
  it("sends nothing before the server has placed it", () => {
    const { sent, send } = recorder();
    const player = new LocalPlayer(send);
    player.step(0.016, { x: 1, z: 0 });
    player.sync(1000);
    expect(sent).toEqual([]);
  });

  it("sends nothing while standing still after being placed", () => {
    const { sent, send } = recorder();
    const player = new LocalPlayer(send);
    player.placeAt(SPAWN.x, SPAWN.z);
    for (let t = 0; t < 1000; t += 16) {
      player.step(0.016, null);
      player.sync(t);
    }
    expect(sent).toEqual([]);
  });

  it("tells the server when a straight walk starts and stops, and only a heartbeat between", () => {
    const sent = walkNorth(3000);
    const [start, ...rest] = sent;
    const stop = rest.at(-1);
    expect(start && isMoving(start)).toBe(true);
    expect(stop && isMoving(stop)).toBe(false);
    // Three seconds of walking: a start, a heartbeat every moveHeartbeatSeconds, a stop. At
    // moveSendHz positions it was fifteen.
    const heartbeats = Math.floor(3 / LIMITS.moveHeartbeatSeconds);
    expect(sent.length).toBeLessThanOrEqual(heartbeats + 2);
    expect(sent.length).toBeGreaterThanOrEqual(2);
  });

  it("reports a walk the server accepts: each report lies along the walk before it, at walking speed", () => {
    const sent = walkNorth(3000);
    let before: Report = { x: SPAWN.x, z: SPAWN.z, vx: 0, vz: 0, heading: 0, at: 0 };
    for (const report of sent) {
      expect(Math.hypot(report.vx, report.vz)).toBeLessThanOrEqual(LIMITS.walkSpeed);
      const expected = isMoving(before) ? positionAt(before, report.at) : before;
      expect(Math.hypot(report.x - expected.x, report.z - expected.z)).toBeLessThanOrEqual(LIMITS.motionDriftMetres + 0.1);
      expect(canWalk(before, report)).toBe(true);
      before = report;
    }
  });

  it("tells the server at once when I turn", () => {
    const { sent, send } = recorder();
    const player = new LocalPlayer(send);
    player.placeAt(SPAWN.x, SPAWN.z);
    let t = 0;
    for (; t <= 600; t += 16) {
      player.step(0.016, { x: 0, z: -1 });
      player.sync(t);
    }
    const before = sent.length;
    for (; t <= 600 + 1000 / LIMITS.moveSendHz + 16; t += 16) {
      player.step(0.016, { x: 1, z: 0 });
      player.sync(t);
    }
    const turn = sent.slice(before).find((r) => r.vx > 0);
    expect(turn?.vz).toBe(0);
    expect(turn?.vx).toBeCloseTo(LIMITS.walkSpeed * 0.95, 1);
  });

  it(`never sends more than ${LIMITS.moveSendHz} times a second, however the way wriggles`, () => {
    const { sent, send } = recorder();
    const player = new LocalPlayer(send);
    player.placeAt(SPAWN.x, SPAWN.z);
    for (let t = 0; t <= 2000; t += 16) {
      // A new direction every frame (a joystick in a small hand).
      const angle = t / 50;
      player.step(0.016, { x: Math.cos(angle) * 0.7, z: Math.sin(angle) * 0.7 });
      player.sync(t);
    }
    expect(sent.length).toBeLessThanOrEqual(2 * LIMITS.moveSendHz + 1);
    let from = { x: SPAWN.x, z: SPAWN.z };
    let at = 0;
    for (const step of sent) {
      expect(judgeMove(from, step, step.at - at)).toEqual({ ok: true });
      from = step;
      at = step.at;
    }
  });

  it("walks to a tapped spot and stops there", () => {
    const { send } = recorder();
    const player = new LocalPlayer(send);
    player.placeAt(SPAWN.x, SPAWN.z);
    player.walkTo(SPAWN.x, SPAWN.z - 2);
    for (let i = 0; i < 200 && player.walking; i++) player.step(0.016, null);
    expect(player.walking).toBe(false);
    expect(player.z).toBeCloseTo(SPAWN.z - 2, 1);
  });

  // Regression: a "go to" walk through the classroom was refused half-way ("you can't go there").
  // The avatar slid round a desk's corner between two sends, and the straight line the server
  // judges between those two positions clipped the corner (seen in a browser test: a step from
  // (-5.44, -2.15) to (-5.62, -2.00), 116 ms later).
  it("sends the corners it walks round, so every line the server judges could be walked", () => {
    const { sent, send } = recorder();
    const player = new LocalPlayer(send);
    const start = { x: -5.44, z: -2.15 };
    player.placeAt(start.x, start.z);
    player.walkTo(-5.62, -2.0);
    let t = 0;
    for (let i = 0; i < 200 && player.walking; i++) {
      t += 16;
      player.step(0.016, null);
      player.sync(t);
    }
    player.sync(t + 1000);
    expect(sent.length).toBeGreaterThan(0);
    let from = start;
    for (const step of sent) {
      expect(canWalk(from, step), `${from.x},${from.z} → ${step.x},${step.z}`).toBe(true);
      from = step;
    }
  });

  it("walks whole routes with every line it sends walkable", () => {
    for (const goal of [zoneById("classroom").label, zoneById("quiet").label, zoneById("counselling").label]) {
      const { sent, send } = recorder();
      const player = new LocalPlayer(send);
      player.placeAt(SPAWN.x, SPAWN.z);
      const route = planRoute(SPAWN, goal) ?? [];
      expect(route.length).toBeGreaterThan(0);
      let t = 0;
      for (const corner of route) {
        player.walkTo(corner.x, corner.z);
        for (let i = 0; i < 2000 && player.walking; i++) {
          t += 16;
          player.step(0.016, null);
          player.sync(t);
        }
      }
      player.sync(t + 1000);
      let from: { x: number; z: number } = SPAWN;
      for (const step of sent) {
        expect(canWalk(from, step), `${from.x},${from.z} → ${step.x},${step.z}`).toBe(true);
        from = step;
      }
      expect(Math.hypot(from.x - goal.x, from.z - goal.z)).toBeLessThan(0.1);
    }
  });
});

// Regression: a frame was counted as at most 0.1 s, so a page drawing fewer than 10 frames a
// second (software WebGL on a school tablet, or a busy one) walked slower than the clock: at 4
// frames a second a "go to" took two and a half times as long, and the others saw a crawl.
describe("LocalPlayer on a page drawing few frames", () => {
  it("walks a whole route at walking speed at 4 frames a second, and the server accepts every report", () => {
    const goal = zoneById("classroom").label;
    const route = planRoute(SPAWN, goal) ?? [];
    const { sent, send } = recorder();
    const player = new LocalPlayer(send);
    player.placeAt(SPAWN.x, SPAWN.z);
    let t = 0;
    let walked = 0;
    for (const corner of route) {
      player.walkTo(corner.x, corner.z);
      for (let i = 0; i < 2000 && player.walking; i++) {
        const before = { x: player.x, z: player.z };
        t += 250;
        if (player.step(0.25, null)) walked += Math.hypot(player.x - before.x, player.z - before.z);
        player.sync(t);
      }
    }
    expect(Math.hypot(player.x - goal.x, player.z - goal.z)).toBeLessThan(0.1);
    // As long as the walk takes at full speed, give or take the frames that end on a corner.
    const fullSpeed = (walked / (LIMITS.walkSpeed * 0.95)) * 1000;
    expect(t).toBeLessThan(fullSpeed + route.length * 250 + 250);
    // Each report as the server takes it (server/rooms/handlers/move.ts): no faster than walking,
    // walkable from the one before, and either along the walk that one announced or a step
    // walkable in the time since it.
    let before: Report = { x: SPAWN.x, z: SPAWN.z, vx: 0, vz: 0, heading: 0, at: 0 };
    for (const report of sent) {
      expect(Math.hypot(report.vx, report.vz)).toBeLessThanOrEqual(LIMITS.walkSpeed);
      expect(canWalk(before, report)).toBe(true);
      const along = isMoving(before) && distanceToSegment(report, before, positionAt(before, report.at)) <= LIMITS.walkSpeed * LIMITS.moveJitterSeconds;
      expect(along || judgeMove(before, report, report.at - before.at).ok, `${before.x},${before.z} → ${report.x},${report.z}`).toBe(true);
      before = report;
    }
  });
});
