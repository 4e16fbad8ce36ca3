import { HEADING_STEPS, POSITION_SCALE } from "../../../shared/domain/limits.ts";
import { EMOTES, QUICK_PHRASE_IDS, STATUSES } from "../../../shared/domain/presence.ts";
import { FLOOR } from "../../../shared/domain/zones.ts";

/**
 * The information-theoretic floor: the fewest bits any encoding could use to tell each student
 * what actually happened in their space, at Hidamari's precision. Anything above it is overhead
 * (framing, keys, repeats, precision nobody sees).
 *
 * A position update names who moved among the people in the space, where they are (1 cm over the
 * 40 × 24 m floor, every cell equally likely: no prediction from the previous position) and which
 * way they face (256 headings). A chat line is its UTF-8 text taken as incompressible, plus who
 * and which channel; a quick phrase, emote or status names one of a few choices. Positions the
 * mover sent are not owed back to the mover.
 */
const cells = (span: number) => Math.round(span * POSITION_SCALE) + 1;
export const POSITION_BITS = Math.log2(cells(FLOOR.x1 - FLOOR.x0) * cells(FLOOR.z1 - FLOOR.z0));
export const HEADING_BITS = Math.log2(HEADING_STEPS);

/** Who, among `people` in the space. */
const who = (people: number) => Math.log2(Math.max(2, people));

export function positionUpdateBits(people: number): number {
  return POSITION_BITS + HEADING_BITS + who(people);
}

/** A tighter bound, for reference: a 10 Hz step stays within a 0.35 m disc of the last position. */
export function deltaUpdateBits(people: number, stepRadiusMetres = 0.35): number {
  return Math.log2(Math.PI * (stepRadiusMetres * POSITION_SCALE) ** 2) + HEADING_BITS + who(people);
}

export function chatBits(line: { text?: string; phrase?: string }, people: number): number {
  const content = line.text !== undefined ? 8 * Buffer.byteLength(line.text, "utf8") : Math.log2(QUICK_PHRASE_IDS.length);
  return content + 1 /* channel */ + who(people);
}

export const emoteBits = (people: number) => Math.log2(EMOTES.length) + who(people);
export const statusBits = (people: number) => Math.log2(STATUSES.length) + who(people);
export const handBits = (people: number) => 1 + who(people);
