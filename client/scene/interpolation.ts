import { LIMITS } from "../../shared/domain/limits.ts";
import { type Motion, isMoving, positionAt, reachSeconds } from "../../shared/domain/motion.ts";
import { canWalk } from "../../shared/domain/movement.ts";

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

/**
 * A keyframe as a walk (`at` is its time), kept with how long it can go on before a wall stops it,
 * and for a catch-up, the heading it turns from in its first moments (the walk drawn before it).
 */
interface Stored extends Keyframe, Motion {
  reach: number;
  turnFrom?: number;
}

/** A catch-up shorter than this keeps the heading it had: a shuffle, not a walk to face along. */
const FACE_ALONG_M = 0.3;

export class SnapshotBuffer {
  readonly #items: Stored[] = [];
  /** What was drawn last (sample's t and where): a keyframe older than this comes too late to meet. */
  readonly #drawn: Snapshot = { t: Number.NEGATIVE_INFINITY, x: 0, z: 0, heading: 0 };
  /** The last keyframe as it was heard: one that says nothing new after it is ignored. */
  #heard: Keyframe | null = null;
  /** The last item is where a catch-up meets the walk (made here, not heard). */
  #meeting = false;
  /**
   * Whether what was drawn last was sampled with the last item already here: then, drawn after
   * it, it lies on its walk. Not so for an item added since (a placement shown at once), which
   * may be across a wall from what was drawn.
   */
  #sampledSinceAdd = false;

  /** Adds a keyframe; one that says nothing new (a status change, the same stop) is ignored. */
  push(k: Keyframe): void {
    const heard = this.#heard;
    if (heard && heard.x === k.x && heard.z === k.z && heard.vx === k.vx && heard.vz === k.vz && heard.heading === k.heading) return;
    this.#heard = k;
    // A catch-up not yet drawn to its end is only a plan: what is heard now replans it, from where the figure is drawn.
    const replan = this.#meeting && (this.#items[this.#items.length - 1]?.t ?? 0) > this.#drawn.t;
    if (replan) this.#items.pop();
    this.#meeting = false;
    const last = this.#items[this.#items.length - 1];
    // Stamps come from one clock, but a joiner's first estimate of it can be early: keep order,
    // carrying the walk on to the later stamp.
    const next = last && last.t > k.t ? along(k, last.t) : k;
    const onLastWalk = last !== undefined && this.#drawnAlong(last);
    // Where a bend to `next` would start: the drawn place if the replay is on the last walk,
    // the last keyframe if the replay has not reached it yet (then a replan starts there too:
    // the items stay in time order).
    const reached = last !== undefined && last.t <= this.#drawn.t;
    const bendFrom = onLastWalk ? this.#drawn : last && !reached && isMoving(last) ? last : null;
    const tooLate = last !== undefined && bendFrom !== null && tooShortToBend(last, next, bendFrom.t);
    if (((replan && reached) || next.t < this.#drawn.t || tooLate) && this.#catchUp(next, bendFrom ?? this.#drawn)) return;
    // A bend starts where the figure is drawn; a placement shown at once (drawn past, no line to
    // it) needs no start, and one there would stand after it in time.
    if (onLastWalk && next.t >= this.#drawn.t) this.#add(moving(this.#drawn, last.vx, last.vz));
    this.#add(next);
  }

  /** Has the replay drawn part of the last item's walk (so a bend to what comes next must start where it is drawn)? */
  #drawnAlong(last: Stored): boolean {
    return this.#sampledSinceAdd && isMoving(last) && this.#drawn.t > last.t;
  }

  /**
   * A keyframe the page has already drawn past (the link stalled for longer than the replay's
   * delay), one heard during a catch-up, or one too far off the walk to bend to in the time
   * before it: the replay went on along the old walk, and meeting the keyframe where it was said
   * would be a jump. Instead the figure walks from `from` (where it is drawn, or the last keyframe
   * if the replay has not reached it), in a straight line at no more than twice walking pace, to
   * where the new walk will have got to (not before the keyframe's own time); false if no line
   * leads there (a placement across a wall), which is then shown at once, as it would have been.
   */
  #catchUp(k: Keyframe, from: Snapshot): boolean {
    const now = along(k, Math.max(k.t, from.t));
    const ms = Math.max(TURN_MS, k.t - from.t, (1000 * Math.hypot(now.x - from.x, now.z - from.z)) / LIMITS.walkSpeed);
    const met = along(k, from.t + ms);
    if (!canWalk(from, met)) return false;
    const line = moving(from, (1000 * (met.x - from.x)) / ms, (1000 * (met.z - from.z)) / ms);
    // Facing where it walks (turning from the old heading), not side-stepping or backing there.
    const far = Math.hypot(met.x - from.x, met.z - from.z) > FACE_ALONG_M;
    this.#add(line, far ? { turnFrom: from.heading, heading: Math.atan2(-(met.x - from.x), -(met.z - from.z)) } : {});
    this.#add(met);
    this.#meeting = true;
    return true;
  }

  #add(k: Keyframe, turn: { turnFrom?: number; heading?: number } = {}): void {
    const walk = { ...k, ...turn, at: k.t };
    this.#items.push({ ...walk, reach: reachSeconds(walk) });
    if (this.#items.length > CAPACITY) this.#items.shift();
    this.#sampledSinceAdd = false;
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
    const moving = this.#sample(t, out);
    copy(out, this.#drawn);
    this.#drawn.t = t;
    this.#sampledSinceAdd = this.#items.length > 0;
    return moving;
  }

  #sample(t: number, out: Snapshot): boolean {
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
    const heading = a.turnFrom === undefined ? a.heading : lerpAngle(a.turnFrom, a.heading, Math.min(1, (t - a.t) / TURN_MS));
    if (!b) {
      out.x = here.x;
      out.z = here.z;
      out.heading = heading;
      return isMoving(a) && (t - a.t) / 1000 < a.reach;
    }
    // Follow a's walk, spreading whatever separates its end from b evenly over the way. Someone
    // standing stays put until just before b (a walk starting, or staff placing them elsewhere).
    const end = positionAt(a, b.t, a.reach);
    const k = isMoving(a) && b.t > a.t ? (t - a.t) / (b.t - a.t) : Math.min(1, Math.max(0, (t - (b.t - TURN_MS)) / TURN_MS));
    out.x = here.x + (b.x - end.x) * k;
    out.z = here.z + (b.z - end.z) * k;
    out.heading = lerpAngle(heading, b.heading, Math.min(1, Math.max(0, (t - (b.t - TURN_MS)) / TURN_MS)));
    return true;
  }
}

export function lerpAngle(a: number, b: number, k: number): number {
  const d = ((((b - a) % (2 * Math.PI)) + 3 * Math.PI) % (2 * Math.PI)) - Math.PI;
  return a + d * k;
}

/**
 * Would bending the last walk, from `start` on, to meet `k` outrun walking pace? (The walker's own
 * page stalled and fell behind its word, and the correction came only just before the replay got
 * there, or was stamped just after the last word.)
 */
function tooShortToBend(last: Stored, k: Keyframe, start: number): boolean {
  const end = positionAt(last, k.t, last.reach);
  return Math.hypot(k.x - end.x, k.z - end.z) > (LIMITS.walkSpeed * (k.t - start)) / 1000;
}

/** A place drawn or heard, as a keyframe moving on from it at (vx, vz): where a bend or a catch-up starts. */
function moving(from: Snapshot, vx: number, vz: number): Keyframe {
  return { t: from.t, x: from.x, z: from.z, heading: from.heading, vx, vz };
}

/** The keyframe's walk as it will be at `t` (stopped by a wall as drawing is), stamped `t`. */
function along(k: Keyframe, t: number): Keyframe {
  const p = positionAt({ ...k, at: k.t }, t);
  return { ...k, t, x: p.x, z: p.z };
}

function copy(from: Snapshot, to: Snapshot): void {
  to.t = from.t;
  to.x = from.x;
  to.z = from.z;
  to.heading = from.heading;
}
