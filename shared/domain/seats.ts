import { FURNITURE } from "./furniture.ts";
import { type Point, centre } from "./geometry.ts";

/**
 * The classroom's seats: a chair behind each desk, on its south side (the board is on the north
 * wall, so a seated child faces it). Numbered from 1 in the furniture's order, front row first;
 * 0 means "not seated" on the wire (Avatar.seat).
 */
export interface Seat {
  readonly id: number;
  readonly x: number;
  readonly z: number;
}

/** How far the chair stands behind its desk's edge, metres (clear of the desk for the avatar's body). */
const CHAIR_GAP = 0.45;

export const SEATS: readonly Seat[] = FURNITURE.filter((f) => f.kind === "desk").map((desk, i) => ({
  id: i + 1,
  x: centre(desk.footprint).x,
  z: desk.footprint.z1 + CHAIR_GAP,
}));

export function seatById(id: number): Seat | undefined {
  return SEATS[id - 1];
}

/**
 * The free seat nearest to `p`, if any is free. Anywhere in the classroom will do: "sit" from
 * the doorway takes the nearest free chair (the server seats the avatar there), so a child on a
 * touch screen or a keyboard need not steer between desks first.
 */
export function seatNear(p: Point, taken: (id: number) => boolean): Seat | undefined {
  let best: Seat | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const seat of SEATS) {
    const d = Math.hypot(seat.x - p.x, seat.z - p.z);
    if (d <= bestDistance && !taken(seat.id)) {
      best = seat;
      bestDistance = d;
    }
  }
  return best;
}
