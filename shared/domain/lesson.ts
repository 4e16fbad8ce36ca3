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

/**
 * What a child can ask the teacher with one tap, when typing is too much: each reader's page
 * words it in its own language (the wire carries the id).
 */
export const QUESTION_PHRASES = {
  unsure: { ja: "よく わかりません", en: "I don't quite understand" },
  again: { ja: "もう いちど おねがいします", en: "Could you say that again?" },
  slower: { ja: "もう すこし ゆっくり おねがいします", en: "A little slower, please" },
  done: { ja: "できました", en: "I've finished" },
} as const;
export type QuestionPhrase = keyof typeof QUESTION_PHRASES;
export const QUESTION_PHRASE_IDS = Object.keys(QUESTION_PHRASES) as [QuestionPhrase, ...QuestionPhrase[]];

/** A lesson's subjects, for the door and the research view: a short list, as timetables use. */
export const SUBJECTS = ["japanese", "maths", "science", "social", "english", "music", "art", "pe", "moral", "homeroom", "other"] as const;
export type Subject = (typeof SUBJECTS)[number];

/** School grades: 小1–小6 are 1–6, 中1–中3 are 7–9. 0: every grade. */
export const GRADE_MAX = 9;
