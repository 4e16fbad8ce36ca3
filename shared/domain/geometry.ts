/** Axis-aligned rectangle on the floor plane, in metres. x grows east, z grows south. */
export interface Rect {
  readonly x0: number;
  readonly z0: number;
  readonly x1: number;
  readonly z1: number;
}

export interface Point {
  readonly x: number;
  readonly z: number;
}

export function rect(x0: number, z0: number, x1: number, z1: number): Rect {
  return { x0: Math.min(x0, x1), z0: Math.min(z0, z1), x1: Math.max(x0, x1), z1: Math.max(z0, z1) };
}

export function contains(r: Rect, p: Point): boolean {
  return p.x >= r.x0 && p.x <= r.x1 && p.z >= r.z0 && p.z <= r.z1;
}

export function grow(r: Rect, by: number): Rect {
  return { x0: r.x0 - by, z0: r.z0 - by, x1: r.x1 + by, z1: r.z1 + by };
}

export function centre(r: Rect): Point {
  return { x: (r.x0 + r.x1) / 2, z: (r.z0 + r.z1) / 2 };
}

/** How far p is from the nearest point of the segment a→b. */
export function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dz = b.z - a.z;
  const lengthSquared = dx * dx + dz * dz;
  const t = lengthSquared === 0 ? 0 : Math.min(1, Math.max(0, ((p.x - a.x) * dx + (p.z - a.z) * dz) / lengthSquared));
  return Math.hypot(p.x - (a.x + t * dx), p.z - (a.z + t * dz));
}

/**
 * Where along a→b (0 at a, 1 at b) the segment first touches rectangle r; Infinity if it never
 * does. Liang–Barsky, as segmentHitsRect.
 */
export function segmentEntersRect(a: Point, b: Point, r: Rect): number {
  const dx = b.x - a.x;
  const dz = b.z - a.z;
  const clip = { t0: 0, t1: 1 };
  const hits = clipEdge(-dx, a.x - r.x0, clip) && clipEdge(dx, r.x1 - a.x, clip) && clipEdge(-dz, a.z - r.z0, clip) && clipEdge(dz, r.z1 - a.z, clip);
  return hits ? clip.t0 : Number.POSITIVE_INFINITY;
}

/**
 * Does the segment a→b touch rectangle r? (Liang–Barsky clipping.) The server runs this against
 * every obstacle for every step it judges, so the four edges are unrolled rather than built as
 * arrays: the same arithmetic in the same order, without the garbage.
 */
export function segmentHitsRect(a: Point, b: Point, r: Rect): boolean {
  const dx = b.x - a.x;
  const dz = b.z - a.z;
  const clip = { t0: 0, t1: 1 };
  return clipEdge(-dx, a.x - r.x0, clip) && clipEdge(dx, r.x1 - a.x, clip) && clipEdge(-dz, a.z - r.z0, clip) && clipEdge(dz, r.z1 - a.z, clip);
}

/** One edge of the clip: false when the segment is entirely outside it. */
function clipEdge(p: number, q: number, clip: { t0: number; t1: number }): boolean {
  if (p === 0) return !(q < 0); // not `q >= 0`: NaN passes, as it always has
  const t = q / p;
  if (p < 0) {
    if (t > clip.t1) return false;
    if (t > clip.t0) clip.t0 = t;
  } else {
    if (t < clip.t0) return false;
    if (t < clip.t1) clip.t1 = t;
  }
  return true;
}
