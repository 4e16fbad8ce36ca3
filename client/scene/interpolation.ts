import { LIMITS } from "../../shared/domain/limits.ts";
import { type Motion, isMoving, positionAt, reachSeconds } from "../../shared/domain/motion.ts";

/**
 * Other people's walks, replayed a little in the past. Each keyframe says where someone was at a
 * moment (this page's clock) and how they moved from then on (shared/domain/motion.ts): between
 * two keyframes the walk is followed and bent to meet the second; after the last one it goes on
 * along its line until a wall. A walk in a straight line needs no keyframes in between at all.
 */
export interface Snapshot {
  t: number;
  x: number;
  z: number;
  heading: number;
}

export interface Keyframe extends Snapshot {
  vx: number;
  vz: number;
}

/**
 * How far in the past others are shown: a keyframe is stamped when the server heard it and
 * reaches this page after waiting for the next patch (up to LIMITS.patchMs) and the link's jitter.
 */
export const INTERPOLATION_DELAY_MS = LIMITS.patchMs + 150;
/** A turn shows in the last fraction of a second before the keyframe that made it. */
const TURN_MS = 150;
const CAPACITY = 16;

/** A keyframe as a walk (`at` is its time), kept with how long it can go on before a wall stops it. */
interface Stored extends Keyframe, Motion {
  reach: number;
}

export class SnapshotBuffer {
  readonly #items: Stored[] = [];

  /** Adds a keyframe; one that says nothing new (a status change, the same stop) is ignored. */
  push(k: Keyframe): void {
    const last = this.#items[this.#items.length - 1];
    if (last && last.x === k.x && last.z === k.z && last.vx === k.vx && last.vz === k.vz && last.heading === k.heading) return;
    // Stamps come from one clock, but a joiner's first estimate of it can be early: keep order.
    const t = last ? Math.max(k.t, last.t) : k.t;
    const walk = { ...k, t, at: t };
    this.#items.push({ ...walk, reach: reachSeconds(walk) });
    if (this.#items.length > CAPACITY) this.#items.shift();
  }

  /**
   * Where they are now by the latest word of them: the last keyframe, carried along its walk to
   * `now` (to the wall at most). Not delayed or smoothed for drawing: what one walks towards.
   */
  latest(now: number): { x: number; z: number } | null {
    const last = this.#items[this.#items.length - 1];
    return last ? positionAt(last, Math.max(now, last.t), last.reach) : null;
  }

  /** Writes the position at time t into `out`; returns false once nothing changes after t. */
  sample(t: number, out: Snapshot): boolean {
    const items = this.#items;
    const last = items[items.length - 1];
    if (!last) return false;
    out.t = t;
    let i = items.length - 1;
    while (i > 0 && (items[i] as Stored).t > t) i--;
    const a = items[i] as Stored;
    if (t < a.t) {
      copy(a, out); // before the first keyframe: where they were first seen
      return true;
    }
    const here = positionAt(a, t, a.reach);
    const b = items[i + 1];
    if (!b) {
      out.x = here.x;
      out.z = here.z;
      out.heading = a.heading;
      return isMoving(a) && (t - a.t) / 1000 < a.reach;
    }
    // Follow a's walk, spreading whatever separates its end from b evenly over the way. Someone
    // standing stays put until just before b (a walk starting, or staff placing them elsewhere).
    const end = positionAt(a, b.t, a.reach);
    const k = isMoving(a) && b.t > a.t ? (t - a.t) / (b.t - a.t) : Math.min(1, Math.max(0, (t - (b.t - TURN_MS)) / TURN_MS));
    out.x = here.x + (b.x - end.x) * k;
    out.z = here.z + (b.z - end.z) * k;
    out.heading = lerpAngle(a.heading, b.heading, Math.min(1, Math.max(0, (t - (b.t - TURN_MS)) / TURN_MS)));
    return true;
  }
}

export function lerpAngle(a: number, b: number, k: number): number {
  const d = ((((b - a) % (2 * Math.PI)) + 3 * Math.PI) % (2 * Math.PI)) - Math.PI;
  return a + d * k;
}

function copy(from: Snapshot, to: Snapshot): void {
  to.t = from.t;
  to.x = from.x;
  to.z = from.z;
  to.heading = from.heading;
}
