import { describe, expect, it } from "vitest";
import { type Point, type Rect, centre, contains, distanceToSegment, grow, rect, segmentEntersRect, segmentHitsRect } from "../../shared/domain/geometry.ts";

/** The floor geometry the server's movement rules are built on (walls and furniture are rectangles). */

const box: Rect = rect(0, 0, 2, 1);

describe("rectangles", () => {
  it("are the same whichever corners they are given by", () => {
    expect(rect(2, 1, 0, 0)).toEqual({ x0: 0, z0: 0, x1: 2, z1: 1 });
    expect(rect(0, 1, 2, 0)).toEqual({ x0: 0, z0: 0, x1: 2, z1: 1 });
  });

  it("contain their inside and their edges, and nothing beyond", () => {
    expect(contains(box, { x: 1, z: 0.5 })).toBe(true);
    // Each edge belongs to the rectangle (a wall's face is part of the wall).
    expect(contains(box, { x: 0, z: 0.5 })).toBe(true);
    expect(contains(box, { x: 2, z: 0.5 })).toBe(true);
    expect(contains(box, { x: 1, z: 0 })).toBe(true);
    expect(contains(box, { x: 1, z: 1 })).toBe(true);
    expect(contains(box, { x: 0, z: 0 })).toBe(true);
    expect(contains(box, { x: 2, z: 1 })).toBe(true);
    // Just beyond each edge.
    expect(contains(box, { x: -0.01, z: 0.5 })).toBe(false);
    expect(contains(box, { x: 2.01, z: 0.5 })).toBe(false);
    expect(contains(box, { x: 1, z: -0.01 })).toBe(false);
    expect(contains(box, { x: 1, z: 1.01 })).toBe(false);
    expect(contains(box, { x: Number.NaN, z: 0.5 })).toBe(false);
  });

  it("grow on every side by the same amount, and shrink when it is negative", () => {
    expect(grow(box, 0.5)).toEqual({ x0: -0.5, z0: -0.5, x1: 2.5, z1: 1.5 });
    expect(grow(box, -0.25)).toEqual({ x0: 0.25, z0: 0.25, x1: 1.75, z1: 0.75 });
  });

  it("have a centre halfway between their edges", () => {
    expect(centre(box)).toEqual({ x: 1, z: 0.5 });
    expect(centre(rect(-4, 2, -2, 8))).toEqual({ x: -3, z: 5 });
  });
});

describe("distance to a segment", () => {
  const a = { x: 1, z: 1 };
  const b = { x: 5, z: 1 };

  it("is measured square to the segment beside it", () => {
    expect(distanceToSegment({ x: 3, z: 4 }, a, b)).toBeCloseTo(3);
    expect(distanceToSegment({ x: 2, z: -1 }, a, b)).toBeCloseTo(2);
    expect(distanceToSegment({ x: 3, z: 1 }, a, b)).toBe(0);
  });

  it("is measured to the nearer end beyond either end", () => {
    expect(distanceToSegment({ x: -2, z: 5 }, a, b)).toBeCloseTo(5); // 3-4-5 from a
    expect(distanceToSegment({ x: 8, z: -3 }, a, b)).toBeCloseTo(5); // 3-4-5 from b
  });

  it("works for slanted segments and either direction", () => {
    const c = { x: 0, z: 0 };
    const d = { x: 4, z: 4 };
    expect(distanceToSegment({ x: 0, z: 4 }, c, d)).toBeCloseTo(Math.SQRT2 * 2);
    expect(distanceToSegment({ x: 0, z: 4 }, d, c)).toBeCloseTo(Math.SQRT2 * 2);
    // 5 m square off the middle of a 10 m segment running 8 m east and 6 m south.
    expect(distanceToSegment({ x: 1, z: 7 }, { x: 0, z: 0 }, { x: 8, z: 6 })).toBeCloseTo(5);
    expect(distanceToSegment({ x: 7, z: -1 }, { x: 8, z: 6 }, { x: 0, z: 0 })).toBeCloseTo(5);
  });

  it("is the distance to the point when the segment has no length", () => {
    expect(distanceToSegment({ x: 4, z: 5 }, a, a)).toBeCloseTo(5);
    expect(distanceToSegment(a, a, a)).toBe(0);
  });
});

describe("a straight step against a rectangle", () => {
  /** Dense sampling along the segment: the slow, obvious answer. */
  function sampledFirstTouch(a: Point, b: Point, r: Rect): number {
    const steps = 4000;
    for (let i = 0; i <= steps; i++) {
      const t = i / steps;
      if (contains(r, { x: a.x + (b.x - a.x) * t, z: a.z + (b.z - a.z) * t })) return t;
    }
    return Number.POSITIVE_INFINITY;
  }

  it("touches a rectangle it crosses, and says where it first does", () => {
    expect(segmentHitsRect({ x: -1, z: 0.5 }, { x: 3, z: 0.5 }, box)).toBe(true);
    expect(segmentEntersRect({ x: -1, z: 0.5 }, { x: 3, z: 0.5 }, box)).toBeCloseTo(0.25);
    expect(segmentEntersRect({ x: 3, z: 0.5 }, { x: -1, z: 0.5 }, box)).toBeCloseTo(0.25);
    expect(segmentEntersRect({ x: 1, z: -2 }, { x: 1, z: 2 }, box)).toBeCloseTo(0.5);
    expect(segmentEntersRect({ x: 1, z: 3 }, { x: 1, z: -1 }, box)).toBeCloseTo(0.5);
  });

  it("touches from inside at once", () => {
    expect(segmentHitsRect({ x: 1, z: 0.5 }, { x: 5, z: 5 }, box)).toBe(true);
    expect(segmentEntersRect({ x: 1, z: 0.5 }, { x: 5, z: 5 }, box)).toBe(0);
  });

  it("does not touch a rectangle it stops short of, passes beside, or never reaches", () => {
    const short = [{ x: -3, z: 0.5 }, { x: -1, z: 0.5 }] as const;
    const beside = [{ x: -1, z: 1.5 }, { x: 3, z: 1.5 }] as const;
    // Diagonals that pass each corner of the rectangle without touching it.
    const pastCorners = [
      [{ x: -1, z: -3 }, { x: 3, z: 1 - 4 }],
      [{ x: 1, z: -3 }, { x: 4, z: 0 }],
      [{ x: 4, z: 0 }, { x: 1, z: -3 }],
      [{ x: -2, z: 0 }, { x: 0, z: 2 }].map((p) => ({ x: p.x - 0.1, z: p.z })),
      [{ x: 3, z: 0 }, { x: 1, z: 2 }].map((p) => ({ x: p.x + 0.1, z: p.z + 0.1 })),
      [{ x: 1, z: 2 }, { x: 3, z: 0 }].map((p) => ({ x: p.x + 0.1, z: p.z + 0.1 })),
      [{ x: -1, z: -3 }, { x: 3, z: 1 }].map((p) => ({ x: p.x + 0.3, z: p.z - 0.3 })),
      [{ x: 3, z: 1 }, { x: -1, z: -3 }].map((p) => ({ x: p.x + 0.3, z: p.z - 0.3 })),
    ];
    for (const [a, b] of [short, beside, ...pastCorners] as [Point, Point][]) {
      expect(sampledFirstTouch(a, b, box), `${JSON.stringify([a, b])} (sampled)`).toBe(Number.POSITIVE_INFINITY);
      expect(segmentHitsRect(a, b, box), JSON.stringify([a, b])).toBe(false);
      expect(segmentEntersRect(a, b, box), JSON.stringify([a, b])).toBe(Number.POSITIVE_INFINITY);
    }
  });

  it("touches a rectangle it only grazes: along an edge, or through a corner, in either direction", () => {
    const grazes: [Point, Point, number][] = [
      // Along the north and the west edge.
      [{ x: -1, z: 0 }, { x: 3, z: 0 }, 0.25],
      [{ x: 3, z: 0 }, { x: -1, z: 0 }, 0.25],
      [{ x: 0, z: -1 }, { x: 0, z: 3 }, 0.25],
      [{ x: 2, z: 3 }, { x: 2, z: -1 }, 0.5],
      // Through one corner only, each corner from each side.
      [{ x: -1, z: 1 }, { x: 1, z: -1 }, 0.5], // (0, 0)
      [{ x: 1, z: -1 }, { x: -1, z: 1 }, 0.5],
      [{ x: 1, z: -1 }, { x: 3, z: 1 }, 0.5], // (2, 0)
      [{ x: 3, z: 1 }, { x: 1, z: -1 }, 0.5],
      [{ x: 1, z: 2 }, { x: 3, z: 0 }, 0.5], // (2, 1)
      [{ x: 3, z: 0 }, { x: 1, z: 2 }, 0.5],
      [{ x: -1, z: 0 }, { x: 1, z: 2 }, 0.5], // (0, 1)
      [{ x: 1, z: 2 }, { x: -1, z: 0 }, 0.5],
      // Ending exactly on the edge.
      [{ x: -1, z: 0.5 }, { x: 0, z: 0.5 }, 1],
      [{ x: 1, z: 2 }, { x: 1, z: 1 }, 1],
    ];
    for (const [a, b, t] of grazes) {
      expect(segmentHitsRect(a, b, box), JSON.stringify([a, b])).toBe(true);
      expect(segmentEntersRect(a, b, box), JSON.stringify([a, b])).toBeCloseTo(t);
    }
  });

  it("agrees with sampling the step densely, for many steps", () => {
    let seed = 11;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    let touching = 0;
    for (let i = 0; i < 400; i++) {
      const a = { x: -2 + random() * 6, z: -2 + random() * 5 };
      const b = { x: -2 + random() * 6, z: -2 + random() * 5 };
      const sampled = sampledFirstTouch(a, b, box);
      // Skip near-grazes, where sampling is not precise enough to judge.
      const nearMiss = [0, 1, 2, 3].some((k) => {
        const corners = [{ x: 0, z: 0 }, { x: 2, z: 0 }, { x: 2, z: 1 }, { x: 0, z: 1 }];
        return distanceToSegment(corners[k] as Point, a, b) < 0.01;
      });
      if (nearMiss) continue;
      const entered = segmentEntersRect(a, b, box);
      expect(segmentHitsRect(a, b, box), JSON.stringify([a, b])).toBe(sampled !== Number.POSITIVE_INFINITY);
      if (sampled === Number.POSITIVE_INFINITY) expect(entered).toBe(Number.POSITIVE_INFINITY);
      else {
        touching++;
        expect(Math.abs(entered - sampled), JSON.stringify([a, b])).toBeLessThanOrEqual(1 / 4000 + 1e-9);
      }
    }
    expect(touching).toBeGreaterThan(50);
  });
});
