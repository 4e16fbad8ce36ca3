/**
 * Snapshot interpolation for other people's avatars: positions arrive ~10 times a second and are
 * shown a little in the past, blended between the two snapshots around that moment.
 */
export interface Snapshot {
  t: number;
  x: number;
  z: number;
  heading: number;
}

/** How far behind the newest snapshot avatars are shown: a little under two patch intervals (200 ms). */
export const INTERPOLATION_DELAY_MS = 350;
const CAPACITY = 16;

export class SnapshotBuffer {
  readonly #items: Snapshot[] = [];

  push(s: Snapshot): void {
    this.#items.push(s);
    if (this.#items.length > CAPACITY) this.#items.shift();
  }

  /** Writes the position at time t into `out`; returns false once t is past the newest snapshot. */
  sample(t: number, out: Snapshot): boolean {
    const items = this.#items;
    const last = items[items.length - 1];
    if (!last) return false;
    if (t >= last.t) {
      copy(last, out);
      return false;
    }
    for (let i = items.length - 2; i >= 0; i--) {
      const a = items[i] as Snapshot;
      if (a.t <= t) {
        const b = items[i + 1] as Snapshot;
        const k = b.t === a.t ? 1 : (t - a.t) / (b.t - a.t);
        out.t = t;
        out.x = a.x + (b.x - a.x) * k;
        out.z = a.z + (b.z - a.z) * k;
        out.heading = lerpAngle(a.heading, b.heading, k);
        return true;
      }
    }
    copy(items[0] as Snapshot, out);
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
