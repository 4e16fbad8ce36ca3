import type { Expression } from "../../assets/characters/rig.ts";
import type { Emote, Status } from "../../shared/domain/presence.ts";
import type { Gesture } from "../../assets/characters/rig.ts";

/**
 * What a character's face and body show (issue 17), from what the person chose: their status
 * (きもち) and their last reaction. Pure, so the rules are testable:
 *  - a reaction shows for a while: a wave waves with a smile, a thumbs-up nods with a smile, a
 *    smile smiles, a question tilts the head with a "?" beside it, a raised-hand reaction raises it;
 *  - a hand up in the hand queue stays up for as long as it is up;
 *  - 休憩中 (break) is a sleepy face while no reaction shows;
 *  - sitting is the seat's business (figure.ts), and any of this may happen seated.
 */
export const REACTIONS: Record<Emote, { face: Expression; gesture: Gesture; ms: number }> = {
  wave: { face: "happy", gesture: "wave", ms: 2500 },
  thumbs_up: { face: "happy", gesture: "nod", ms: 1600 },
  smile: { face: "happy", gesture: "none", ms: 3000 },
  raise_hand: { face: "calm", gesture: "handUp", ms: 3000 },
  question: { face: "question", gesture: "tilt", ms: 3000 },
};

export interface Showing {
  face: Expression;
  gesture: Gesture;
}

export function showing(person: { status: Status; hand: boolean }, reaction: { emote: Emote; until: number } | null, now: number): Showing {
  const active = reaction && now < reaction.until ? REACTIONS[reaction.emote] : null;
  const face = active?.face ?? (person.status === "break" ? "sleepy" : "calm");
  const gesture = person.hand ? "handUp" : (active?.gesture ?? "none");
  return { face, gesture };
}

/** Gestures that move by themselves (the page draws while they play). */
export const MOVING_GESTURES: ReadonlySet<Gesture> = new Set(["wave", "nod"]);
