import { describe, expect, it } from "vitest";
import { LocalPlayer } from "../../client/player.ts";
import { planRoute } from "../../client/input/routes.ts";
import { LIMITS } from "../../shared/domain/limits.ts";
import { canWalk, judgeMove } from "../../shared/domain/movement.ts";
import { SPAWN, zoneById } from "../../shared/domain/zones.ts";

function recorder() {
  const sent: Array<{ x: number; z: number; heading: number }> = [];
  return { sent, send: (x: number, z: number, heading: number) => sent.push({ x, z, heading }) };
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

  it(`walks at a pace the server accepts, at most ${LIMITS.moveSendHz} times a second`, () => {
    const { sent, send } = recorder();
    const player = new LocalPlayer(send);
    player.placeAt(SPAWN.x, SPAWN.z);
    for (let t = 0; t <= 2000; t += 16) {
      player.step(0.016, { x: 0, z: 1 });
      player.sync(t);
    }
    // Two seconds of walking: about two seconds' worth of sends, never more.
    expect(sent.length).toBeGreaterThanOrEqual(2 * LIMITS.moveSendHz - 1);
    expect(sent.length).toBeLessThanOrEqual(2 * LIMITS.moveSendHz + 1);
    let from = { x: SPAWN.x, z: SPAWN.z };
    for (const step of sent) {
      expect(judgeMove(from, step, 1000 / LIMITS.moveSendHz)).toEqual({ ok: true });
      from = step;
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
