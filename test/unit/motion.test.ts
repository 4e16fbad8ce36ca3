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

describe("how far a walk can go", () => {
  it("a standing walk goes nowhere", () => {
    expect(reachSeconds(walk(4, 0, 0, 0))).toBe(0);
  });

  it("a slow walk with nothing in its way is followed for the whole minute", () => {
    // 0.1 m/s east from the spawn point: 6 m in a minute, all open floor.
    expect(reachSeconds(walk(4, 0, 0.1, 0))).toBe(60);
  });
});

describe("Reporter, rule by rule", () => {
  /** A reporter that has announced walking east at 2 m/s from (4, 0) at t = 0. */
  function walkingEast() {
    const reporter = new Reporter();
    reporter.reset(4, 0, 0, 0);
    expect(reporter.report(walk(4, 0, 2, 0, 0), 0)).toMatchObject({ vx: 2, vz: 0 });
    return reporter;
  }
  const facing = (x: number, z: number, heading: number, at: number): Report => ({ x, z, vx: 0, vz: 0, heading, at });

  it("says nothing before it knows where the server put it", () => {
    const reporter = new Reporter();
    expect(reporter.report(walk(4, 0, 2, 0, 0), 0)).toBeNull();
    expect(reporter.cornerBefore(walk(4, 0, 2, 0, 0), { x: -5, z: 0 }, 0)).toBeNull();
    expect(reporter.owed).toBe(false);
  });

  it("owes the server a stop while it has announced a walk, and only then", () => {
    const reporter = new Reporter();
    reporter.reset(4, 0, 0, 0);
    expect(reporter.owed).toBe(false);
    reporter.report(walk(4, 0, 2, 0, 0), 0);
    expect(reporter.owed).toBe(true);
    reporter.report(walk(4.4, 0, 0, 0, 200), 200);
    expect(reporter.owed).toBe(false);
  });

  it("tells a slow start at once, however slow", () => {
    const reporter = new Reporter();
    reporter.reset(4, 0, 0, 0);
    expect(reporter.report(walk(4, 0, 0.1, 0, 0), 0)).toMatchObject({ vx: 0.1 });
  });

  it("tells a stop even where the walk began (it never got anywhere)", () => {
    const reporter = walkingEast();
    expect(reporter.report(walk(4, 0, 0, 0, 300), 300)).toMatchObject({ x: 4, z: 0, vx: 0, vz: 0 });
  });

  it("tells a turn at once, before it has drifted", () => {
    const reporter = walkingEast();
    // Exactly where the announced walk would be at 200 ms, now heading south.
    expect(reporter.report(walk(4.4, 0, 0, 2, 200), 200)).toMatchObject({ x: 4.4, z: 0, vx: 0, vz: 2 });
  });

  it("lets a change of velocity up to the turn threshold go", () => {
    const reporter = walkingEast();
    expect(reporter.report(walk(4.4, 0, 2 + LIMITS.motionTurnMetresPerSecond, 0, 200), 200)).toBeNull();
  });

  it("tells a drift beyond 10 cm from the announced walk, and lets exactly 10 cm go", () => {
    const drifted = walkingEast();
    expect(drifted.report(walk(6, 0.11, 2, 0, 1000), 1000)).toMatchObject({ x: 6, z: 0.11, vx: 2 });
    const onLine = walkingEast();
    expect(onLine.report(walk(6, LIMITS.motionDriftMetres, 2, 0, 1000), 1000)).toBeNull();
  });

  it("repeats the walk as announced when the heartbeat is due, not before", () => {
    const reporter = walkingEast();
    const beat = LIMITS.moveHeartbeatSeconds * 1000;
    expect(reporter.report(walk(4 + 2 * (beat - 16) / 1000, 0, 2, 0, beat - 16), beat - 16)).toBeNull();
    expect(reporter.report(walk(4 + (2 * beat) / 1000, 0, 2.1, 0, beat), beat)).toMatchObject({ x: 4 + (2 * beat) / 1000, vx: 2, vz: 0 });
  });

  it("while standing, tells a step in either direction and a turn on the spot, and nothing else", () => {
    const reporter = new Reporter();
    reporter.reset(4, 0, 0, 0);
    expect(reporter.report(facing(4, 0, 0, 1000), 1000)).toBeNull();
    expect(reporter.report(facing(4, 0, 0.001, 1200), 1200)).toBeNull(); // less than a byte of heading
    expect(reporter.report(facing(4.05, 0, 0, 1400), 1400)).toMatchObject({ x: 4.05, z: 0 });
    expect(reporter.report(facing(4.05, 0.05, 0, 1600), 1600)).toMatchObject({ x: 4.05, z: 0.05 });
    expect(reporter.report(facing(4.05, 0.05, Math.PI / 2, 1800), 1800)).toMatchObject({ x: 4.05, z: 0.05, heading: Math.PI / 2 });
    expect(reporter.report(facing(4.05, 0.05, Math.PI / 2, 2000), 2000)).toBeNull();
  });

  it("reports a corner only when it has moved since its last report, in either direction", () => {
    // From (2, 3) the line to beyond the quiet corner's doorway cuts the wall's end.
    const beyond = { x: -1, z: 6.5 };
    const still = new Reporter();
    still.reset(2, 3, 0, 0);
    expect(still.cornerBefore(walk(2, 3, -1, 0), beyond, 100)).toBeNull(); // nothing new to tell
    const north = new Reporter();
    north.reset(2, 3, 0, 0);
    expect(north.cornerBefore(walk(2, 6.5, -1, 0), beyond, 100)).toMatchObject({ x: 2, z: 6.5 });
    const west = new Reporter();
    west.reset(0.5, 3, 0, 0);
    expect(west.cornerBefore(walk(0.6, 3, 0, 1), { x: -1, z: 6.5 }, 100)).toMatchObject({ x: 0.6, z: 3 });
  });
});
