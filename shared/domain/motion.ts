import type { Point } from "./geometry.ts";
import { LIMITS, fromWire, headingToWire, toWire } from "./limits.ts";
import { canWalk, clearFraction } from "./movement.ts";

/**
 * A walk as it travels: where someone was at time `at` (milliseconds on one clock) and their
 * velocity (metres per second) from then on. Walking in a straight line then costs nothing on
 * the wire until it changes: the walker says so when it turns, stops or drifts, everyone else
 * works out where the walk has got to. Sent every fifth of a second instead, positions were most
 * of what the server received and a patch for every space five times a second (docs/benchmarks.md).
 */
export interface Motion {
  x: number;
  z: number;
  vx: number;
  vz: number;
  at: number;
}

/** Velocities travel as centimetres per second (int16). */
export const velocityToWire = (metresPerSecond: number): number => Math.round(metresPerSecond * 100);
export const velocityFromWire = (cmPerSecond: number): number => cmPerSecond / 100;

export function isMoving(m: { vx: number; vz: number }): boolean {
  return m.vx !== 0 || m.vz !== 0;
}

/** The longest a walk is followed without hearing from the walker, seconds (a silent walk stops at a wall long before). */
const HORIZON_SECONDS = 60;

/**
 * How many seconds the walk can go on in a straight line before it would touch a wall or
 * furniture (HORIZON_SECONDS if nothing is in the way). Computed once per walk, not per frame.
 */
export function reachSeconds(m: Motion): number {
  if (!isMoving(m)) return 0;
  const end = { x: m.x + m.vx * HORIZON_SECONDS, z: m.z + m.vz * HORIZON_SECONDS };
  const fraction = clearFraction(m, end);
  if (fraction >= 1) return HORIZON_SECONDS;
  // Stop a centimetre short of what it would touch, so where it stops is a place to stand.
  const speed = Math.hypot(m.vx, m.vz);
  return Math.max(0, fraction * HORIZON_SECONDS - 0.01 / speed);
}

/** Where the walk has got to at `now`: along its line, and no further than `reach` seconds. */
export function positionAt(m: Motion, now: number, reach = reachSeconds(m)): Point {
  const s = Math.min(Math.max(0, (now - m.at) / 1000), reach);
  return { x: m.x + m.vx * s, z: m.z + m.vz * s };
}

/** What a walker reports: its motion, and which way it faces (radians). */
export interface Report extends Motion {
  heading: number;
}

/**
 * When a walker tells the server where it is, for the page and the benchmark's bots alike: when
 * it starts or stops, turns (its velocity changes by more than LIMITS.motionTurnMetresPerSecond),
 * drifts more than LIMITS.motionDriftMetres from what it last said, turns on the spot, and every
 * LIMITS.moveHeartbeatSeconds while a walk goes on; never more than LIMITS.moveSendHz times a
 * second. A heartbeat repeats the walk as announced, so the server has nothing to change for
 * anyone. Positions and velocities are compared as the wire carries them (centimetres, cm/s,
 * a byte of heading), so rounding never reads as a change.
 */
export class Reporter {
  #sent: Report | null = null;
  #sentReach = 0;
  #lastSendAt = Number.NEGATIVE_INFINITY;

  /** Where the server put me (arrival, or a refused step): the next report starts from here. */
  reset(x: number, z: number, heading: number, now: number): void {
    this.#sent = { x, z, vx: 0, vz: 0, heading, at: now };
    this.#sentReach = 0;
  }

  /** The report worth sending at `now`, recorded as sent; null when there is nothing to tell. */
  report(current: Report, now: number): Report | null {
    const sent = this.#sent;
    if (!sent || now - this.#lastSendAt < 1000 / LIMITS.moveSendHz) return null;
    const q = { ...quantised(current), at: now };
    const moving = isMoving(q);
    if (moving !== isMoving(sent)) return this.#record(q, now);
    if (!moving) {
      const moved = q.x !== sent.x || q.z !== sent.z || headingToWire(q.heading) !== headingToWire(sent.heading);
      return moved ? this.#record(q, now) : null;
    }
    if (Math.hypot(q.vx - sent.vx, q.vz - sent.vz) > LIMITS.motionTurnMetresPerSecond) return this.#record(q, now);
    const expected = positionAt(sent, now, this.#sentReach);
    if (Math.hypot(current.x - expected.x, current.z - expected.z) > LIMITS.motionDriftMetres) return this.#record(q, now);
    if (now - this.#lastSendAt < LIMITS.moveHeartbeatSeconds * 1000) return null;
    // Still on the walk I announced: say so, from where I am.
    return this.#record({ ...q, vx: sent.vx, vz: sent.vz, heading: sent.heading }, now);
  }

  /**
   * The server judges the straight line between two reports. Where a path bends round a corner
   * (sliding past a desk, turning at a route's waypoint) that line could clip the corner: before
   * a step to `next` that would make it do so, the bend itself (`current`) must be reported.
   */
  cornerBefore(current: Report, next: Point, now: number): Report | null {
    const sent = this.#sent;
    if (!sent || (current.x === sent.x && current.z === sent.z)) return null;
    return canWalk(sent, { x: fromWire(toWire(next.x)), z: fromWire(toWire(next.z)) }) ? null : this.force(current, now);
  }

  /** Does the server still think I walk? (A stop may have to wait for the send interval.) */
  get owed(): boolean {
    return this.#sent !== null && isMoving(this.#sent);
  }

  /** Sends `current` whatever the rules say. */
  force(current: Report, now: number): Report {
    return this.#record({ ...quantised(current), at: now }, now);
  }

  #record(report: Report, now: number): Report {
    this.#sent = report;
    this.#sentReach = reachSeconds(report);
    this.#lastSendAt = now;
    return report;
  }
}
function quantised(r: Report): Report {
  return {
    x: fromWire(toWire(r.x)),
    z: fromWire(toWire(r.z)),
    vx: velocityFromWire(velocityToWire(r.vx)),
    vz: velocityFromWire(velocityToWire(r.vz)),
    heading: r.heading,
    at: r.at,
  };
}
