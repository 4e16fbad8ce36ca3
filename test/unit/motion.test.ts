import { describe, expect, it } from "vitest";
import { LIMITS } from "../../shared/domain/limits.ts";
import { type Report, Reporter, positionAt, reachSeconds } from "../../shared/domain/motion.ts";
import { canStandAt, canWalk } from "../../shared/domain/movement.ts";

const walk = (x: number, z: number, vx: number, vz: number, at = 0): Report => ({ x, z, vx, vz, heading: 0, at });

describe("following a walk", () => {
  it("goes on along its line in open floor", () => {
    const p = positionAt(walk(4, 0, 1, 0), 1500);
    expect(p.x).toBeCloseTo(5.5);
    expect(p.z).toBeCloseTo(0);
  });

  it("stops at the first wall in its way, never inside it", () => {
    // West from the talk area into the wall at x = 0 (solid at z = -2).
    const w = walk(2, -2, -2, 0);
    const reach = reachSeconds(w);
    expect(reach).toBeGreaterThan(0.5);
    expect(reach).toBeLessThan(1);
    const later = positionAt(w, 60_000, reach);
    expect(canStandAt(later)).toBe(true);
    expect(later.x).toBeGreaterThan(0);
    expect(later.x).toBeLessThan(0.5);
  });

  it("stops exactly where the floor runs out or something is in the way, for any walk", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 500; i++) {
      const start = { x: -19 + random() * 38, z: -11 + random() * 22 };
      if (!canStandAt(start)) continue;
      const angle = random() * 2 * Math.PI;
      const w = walk(start.x, start.z, Math.cos(angle) * 3, Math.sin(angle) * 3);
      const reach = reachSeconds(w);
      const stop = positionAt(w, reach * 1000, reach);
      expect(canWalk(start, stop), `${start.x},${start.z} at ${angle}`).toBe(true);
      if (reach < 60) expect(canWalk(start, positionAt(w, (reach + 0.02) * 1000, 60))).toBe(false);
    }
  });

  it("does not move before its start, nor when standing", () => {
    expect(positionAt(walk(4, 0, 1, 0, 1000), 500)).toEqual({ x: 4, z: 0 });
    expect(positionAt(walk(4, 0, 0, 0), 9000)).toEqual({ x: 4, z: 0 });
  });
});

describe("Reporter", () => {
  /** Walks `v` from (4, 0) for `ms`, asking every 16 ms; `wobble` bends the velocity a little each frame. */
  function run(ms: number, v: { vx: number; vz: number }, wobble = 0) {
    const reporter = new Reporter();
    reporter.reset(4, 0, 0, 0);
    const sent: Report[] = [];
    let x = 4;
    let z = 0;
    for (let t = 16; t <= ms; t += 16) {
      const vx = v.vx + Math.sin(t / 100) * wobble;
      x += vx * 0.016;
      z += v.vz * 0.016;
      const r = reporter.report({ x, z, vx, vz: v.vz, heading: 0, at: t }, t);
      if (r) sent.push(r);
    }
    return sent;
  }

  it("tells a straight walk once, then repeats it as announced every heartbeat", () => {
    const sent = run(4000, { vx: 2, vz: 0 });
    expect(sent.length).toBe(1 + Math.floor((4000 - 16) / (LIMITS.moveHeartbeatSeconds * 1000)));
    for (const r of sent) expect([r.vx, r.vz]).toEqual([2, 0]);
  });

  it("lets a small wobble go until it drifts, and never sends faster than the send rate", () => {
    const sent = run(4000, { vx: 2, vz: 0 }, 0.2);
    expect(sent.length).toBeLessThanOrEqual(4 * LIMITS.moveSendHz);
    for (let i = 1; i < sent.length; i++) expect((sent[i] as Report).at - (sent[i - 1] as Report).at).toBeGreaterThanOrEqual(1000 / LIMITS.moveSendHz);
  });

  it("tells a turn and a stop at the next chance", () => {
    const reporter = new Reporter();
    reporter.reset(4, 0, 0, 0);
    expect(reporter.report(walk(4, 0, 2, 0, 0), 0)).toMatchObject({ vx: 2, vz: 0 });
    expect(reporter.report(walk(4.2, 0, 0, 2, 100), 100)).toBeNull(); // within the send interval
    expect(reporter.report(walk(4.2, 0.2, 0, 2, 200), 200)).toMatchObject({ vx: 0, vz: 2 });
    expect(reporter.report(walk(4.2, 0.6, 0, 0, 400), 400)).toMatchObject({ x: 4.2, z: 0.6, vx: 0, vz: 0 });
    expect(reporter.report(walk(4.2, 0.6, 0, 0, 2000), 2000)).toBeNull(); // standing says nothing more
  });

  it("reports the corner before a step whose straight line from the last report would clip a wall", () => {
    const reporter = new Reporter();
    reporter.reset(2, 3, 0, 0);
    // North to the doorway between the talk area and the quiet corner (x = 0, z 5..8), then west
    // through it: the line from (2, 3) to beyond the doorway would cut through the wall's end.
    expect(reporter.cornerBefore(walk(1, 6.5, -1, 0), { x: 0.9, z: 6.5 }, 100)).toBeNull();
    expect(reporter.cornerBefore(walk(0.5, 6.5, -1, 0), { x: -1, z: 6.5 }, 100)).toMatchObject({ x: 0.5, z: 6.5, vx: -1 });
  });
});
