import { FURNITURE } from "./furniture.ts";
import { type Point, centre } from "./geometry.ts";
import type { ZoneId } from "./zones.ts";

/**
 * Where avatars sit: a chair behind each desk, on its south side. The classroom's seats face the
 * board on the north wall; the quiet corner's self-study desks face that corner's north wall (a
 * child studying has a wall in front of them, not the room). Numbered from 1 in the furniture's
 * order: the classroom's first (front row first), then the self-study desks, then the quiet
 * corner's floor cushions. 0 means "not seated" on the wire (Avatar.seat), which carries every kind.
 */
export interface Seat {
  readonly id: number;
  readonly x: number;
  readonly z: number;
}

/** How far the chair stands behind its desk's edge, metres (clear of the desk for the avatar's body). */
const CHAIR_GAP = 0.45;

const chairsIn = (zone: ZoneId, firstId: number): Seat[] =>
  FURNITURE.filter((f) => f.kind === "desk" && f.zone === zone).map((desk, i) => ({
    id: firstId + i,
    x: centre(desk.footprint).x,
    z: desk.footprint.z1 + CHAIR_GAP,
  }));

/** The classroom's seats. */
export const SEATS: readonly Seat[] = chairsIn("classroom", 1);
/** The self-study desks in the quiet corner (shared/domain/study.ts), numbered after the classroom's seats. */
export const STUDY_DESKS: readonly Seat[] = chairsIn("quiet", SEATS.length + 1);
/**
 * The floor cushions in the quiet corner, numbered after the desks: a place to sit and rest,
 * nothing more (no lesson's seat, no study session). One sits in the middle of the cushion.
 */
export const CUSHIONS: readonly Seat[] = FURNITURE.filter((f) => f.kind === "cushion").map((cushion, i) => ({
  id: SEATS.length + STUDY_DESKS.length + 1 + i,
  ...centre(cushion.footprint),
}));
const EVERY_SEAT: readonly Seat[] = [...SEATS, ...STUDY_DESKS, ...CUSHIONS];

/** A classroom seat, a self-study desk or a cushion, by its id. */
export function seatById(id: number): Seat | undefined {
  return id >= 1 ? EVERY_SEAT[id - 1] : undefined;
}

/** A chair at a classroom desk (what a lesson's seating and tables count). */
export function isClassroomSeat(id: number): boolean {
  return id >= 1 && id <= SEATS.length;
}

export function isStudyDesk(id: number): boolean {
  return id > SEATS.length && id <= SEATS.length + STUDY_DESKS.length;
}

export function isCushion(id: number): boolean {
  return id > SEATS.length + STUDY_DESKS.length && id <= EVERY_SEAT.length;
}

/**
 * The free seat nearest to `p` among `seats` (the classroom's unless said), if any is free.
 * Anywhere in the room will do: "sit" from the doorway takes the nearest free chair (the server
 * seats the avatar there), so a child on a touch screen or a keyboard need not steer between
 * desks first.
 */
export function seatNear(p: Point, taken: (id: number) => boolean, seats: readonly Seat[] = SEATS): Seat | undefined {
  let best: Seat | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const seat of seats) {
    const d = Math.hypot(seat.x - p.x, seat.z - p.z);
    if (d <= bestDistance && !taken(seat.id)) {
      best = seat;
      bestDistance = d;
    }
  }
  return best;
}
