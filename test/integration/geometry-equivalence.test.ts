import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Point, type Rect, rect, segmentHitsRect } from "../../shared/domain/geometry.ts";
import { canWalk } from "../../shared/domain/movement.ts";

/** segmentHitsRect as it was before it was unrolled (the server judges every step with it). */
function reference(a: Point, b: Point, r: Rect): boolean {
  const dx = b.x - a.x;
  const dz = b.z - a.z;
  let t0 = 0;
  let t1 = 1;
  const edges: Array<[number, number]> = [
    [-dx, a.x - r.x0],
    [dx, r.x1 - a.x],
    [-dz, a.z - r.z0],
    [dz, r.z1 - a.z],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) {
        if (t > t1) return false;
        if (t > t0) t0 = t;
      } else {
        if (t < t0) return false;
        if (t < t1) t1 = t;
      }
    }
  }
  return true;
}

// Coordinates on a coarse grid hit edges, corners and degenerate segments often; the rest anywhere.
const coordinate = fc.oneof(fc.integer({ min: -4, max: 4 }).map((n) => n / 2), fc.double({ min: -5, max: 5 }), fc.constantFrom(Number.NaN, Infinity, -Infinity, -0));
const point = fc.record({ x: coordinate, z: coordinate });
const box = fc.tuple(coordinate, coordinate, coordinate, coordinate).map(([a, b, c, d]) => rect(a, b, c, d));

describe("segmentHitsRect, unrolled", () => {
  it("answers exactly as before for any segment and rectangle", () => {
    fc.assert(
      fc.property(point, point, box, (a, b, r) => {
        expect(segmentHitsRect(a, b, r)).toBe(reference(a, b, r));
      }),
      { numRuns: 100_000 },
    );
  });

  it("still stops a walk through a wall and lets one along it pass", () => {
    // The classroom | talk-area wall stands at x = 0 between z = -4 and 0 (shared/domain/zones.ts).
    expect(canWalk({ x: -1, z: -2 }, { x: 1, z: -2 })).toBe(false);
    expect(canWalk({ x: -1, z: -2 }, { x: -1, z: -1.5 })).toBe(true);
  });
});
