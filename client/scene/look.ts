import type { Point } from "../../shared/domain/geometry.ts";
import { FLOOR } from "../../shared/domain/zones.ts";

/** How long after the last drag movement the camera still moves with the finger, not eased. */
const HELD_MS = 150;
const RETURN_PER_SECOND = 3;

/**
 * Drag to look around: the camera slides over the floor like a map under the finger, north still
 * up (so the keys keep their meaning), never past the floor's edge. Walking brings it back to me.
 */
export class LookAround {
  x = 0;
  z = 0;
  #lastDrag = -Infinity;

  /** A drag of (dx, dy) pixels, at `metresPerPixel` across and `depthFactor` more along the floor's depth. */
  drag(dxPx: number, dyPx: number, metresPerPixel: number, depthFactor: number, me: Point, now: number): void {
    // Grabbing the floor: dragging right moves the floor right, so the view moves left.
    this.x = clamp(me.x + this.x - dxPx * metresPerPixel, FLOOR.x0, FLOOR.x1) - me.x;
    this.z = clamp(me.z + this.z - dyPx * metresPerPixel * depthFactor, FLOOR.z0, FLOOR.z1) - me.z;
    this.#lastDrag = now;
  }

  held(now: number): boolean {
    return now - this.#lastDrag < HELD_MS;
  }

  /** Eases back to me (at once with reduced motion); true while still on the way. */
  settle(dtSeconds: number, instant: boolean): boolean {
    if (this.x === 0 && this.z === 0) return false;
    const keep = instant ? 0 : Math.exp(-RETURN_PER_SECOND * dtSeconds);
    this.x *= keep;
    this.z *= keep;
    if (Math.hypot(this.x, this.z) < 0.01) this.x = this.z = 0;
    return true;
  }
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
