import { FURNITURE } from "./furniture.ts";
import { type Point, type Rect, contains, grow, segmentEntersRect, segmentHitsRect } from "./geometry.ts";
import { LIMITS, fromWire, toWire } from "./limits.ts";
import { FLOOR, WALLS } from "./zones.ts";

/**
 * Movement rules both sides run: the client to walk smoothly and slide along walls, the server
 * to decide. Obstacles are grown by the avatar's radius so a point test is a body test.
 */
const OBSTACLES: readonly Rect[] = [...WALLS, ...FURNITURE.filter((f) => f.solid).map((f) => f.footprint)].map(
  (r) => grow(r, LIMITS.avatarRadius),
);
const WALKABLE: Rect = grow(FLOOR, -LIMITS.avatarRadius);

export function canStandAt(p: Point): boolean {
  return Number.isFinite(p.x) && Number.isFinite(p.z) && contains(WALKABLE, p) && !OBSTACLES.some((o) => contains(o, p));
}

/** Can an avatar walk in a straight line from a to b without touching a wall? */
export function canWalk(a: Point, b: Point): boolean {
  return canStandAt(b) && !OBSTACLES.some((o) => segmentHitsRect(a, b, o));
}

/**
 * How far along a→b (0 at a, 1 at b) an avatar standing at a can walk before touching a wall or
 * furniture or leaving the floor: 1 if the whole line is clear. One pass over the obstacles.
 */
export function clearFraction(a: Point, b: Point): number {
  let first = 1;
  for (const o of OBSTACLES) first = Math.min(first, segmentEntersRect(a, b, o));
  // Leaving the floor: where the line crosses the walkable rectangle's edges.
  const exit = (from: number, to: number, lo: number, hi: number) => (to > hi ? (hi - from) / (to - from) : to < lo ? (lo - from) / (to - from) : 1);
  first = Math.min(first, exit(a.x, b.x, WALKABLE.x0, WALKABLE.x1), exit(a.z, b.z, WALKABLE.z0, WALKABLE.z1));
  return Math.max(0, first);
}

export type MoveVerdict = { ok: true } | { ok: false; reason: "out_of_bounds" | "blocked" | "too_fast" };

/**
 * The server's judgement of one reported step. `elapsedMs` is the time since the last accepted
 * position; a step may cover what walking speed allows in that time plus jitter slack, and never
 * more than `maxStep` (so a long silence cannot be spent as one teleport).
 */
export function judgeMove(from: Point, to: Point, elapsedMs: number, carriedSeconds = 0): MoveVerdict {
  if (!canStandAt(to)) return { ok: false, reason: contains(WALKABLE, to) ? "blocked" : "out_of_bounds" };
  const distance = Math.hypot(to.x - from.x, to.z - from.z);
  const allowed = Math.min(LIMITS.maxStep, LIMITS.walkSpeed * (Math.max(0, elapsedMs) / 1000 + LIMITS.moveJitterSeconds + carriedSeconds));
  if (distance > allowed) return { ok: false, reason: "too_fast" };
  if (!canWalk(from, to)) return { ok: false, reason: "blocked" };
  return { ok: true };
}

/**
 * The walking time carried to the next step once a step of `distance` metres is accepted
 * `elapsedMs` after the one before: what was not used, at most LIMITS.moveCarrySeconds, never
 * less than nothing. The link's jitter is not carried; judgeMove gives it to each step afresh
 * (so reports sent back to back can each go that much further: README, "The server decides").
 */
export function carryAfter(carriedSeconds: number, elapsedMs: number, distance: number): number {
  const unused = carriedSeconds + Math.max(0, elapsedMs) / 1000 - distance / LIMITS.walkSpeed;
  return Math.min(LIMITS.moveCarrySeconds, Math.max(0, unused));
}

/**
 * The same after a step judged on its own (not along an announced walk): it spends what was
 * carried and at most LIMITS.moveCarrySeconds of the time since, so a long silence is not a run
 * of long leaps.
 */
export function carryAfterOwnStep(carriedSeconds: number, elapsedMs: number, distance: number): number {
  return carryAfter(Math.min(LIMITS.moveCarrySeconds, carriedSeconds + Math.max(0, elapsedMs) / 1000), 0, distance);
}

/**
 * Where a step from `from` by (dx, dz) ends, sliding along whatever it bumps into:
 * try the full step, then each axis alone, else stay. Each candidate is judged as the wire will
 * carry it, rounded to the centimetre, because that is the position the server stores and
 * judges: a step that only clears a wall before rounding would be refused. The point returned is
 * not rounded: a walk keeps its exact pace (rounding every frame made diagonal walks 12 % fast),
 * which is what lets others follow it from its velocity (motion.ts).
 */
export function slide(from: Point, dx: number, dz: number): Point {
  const q = (p: Point): Point => ({ x: fromWire(toWire(p.x)), z: fromWire(toWire(p.z)) });
  const start = q(from);
  const candidates: Point[] = [
    { x: from.x + dx, z: from.z + dz },
    { x: from.x + dx, z: from.z },
    { x: from.x, z: from.z + dz },
  ];
  for (const c of candidates) {
    if ((c.x !== from.x || c.z !== from.z) && canWalk(start, q(c))) return c;
  }
  return from;
}

/** The first free spot on a spiral around the spawn point, so newcomers don't stand inside anyone. */
export function freeSpotNear(spawn: Point, others: Point[]): Point {
  for (let i = 0; i < 120; i++) {
    const angle = i * 2.4;
    const radius = 0.9 * Math.sqrt(i);
    const spot = { x: spawn.x + Math.cos(angle) * radius, z: spawn.z + Math.sin(angle) * radius };
    if (canStandAt(spot) && others.every((o) => Math.hypot(o.x - spot.x, o.z - spot.z) >= 0.8)) return spot;
  }
  return spawn;
}
