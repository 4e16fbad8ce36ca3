import type { Point } from "./geometry.ts";

/**
 * Voice (issue 16) as data: where people may talk together, and how many. Text comes first and
 * voice is never forced: standing in a spot turns nothing on; a person joins the talk (listens)
 * and then speaks, each by their own choice, and either can be undone at any time.
 */

/** A marked spot on the floor of the talk area: those standing in it may talk by voice. */
export interface TalkSpot {
  readonly id: string;
  readonly at: Point;
  /** Metres: standing within it is standing in the spot. */
  readonly radius: number;
  readonly name: { readonly ja: string; readonly en: string };
}

/** Clear of the benches, the doorways and where newcomers appear (shared/domain/zones.ts SPAWN). */
export const TALK_SPOTS: readonly TalkSpot[] = [
  { id: "rug", at: { x: 11, z: -5 }, radius: 2, name: { ja: "ラグのおしゃべりスポット", en: "Rug talk spot" } },
  { id: "window", at: { x: 4, z: -9 }, radius: 1.6, name: { ja: "まどべのおしゃべりスポット", en: "Window talk spot" } },
  { id: "nook", at: { x: 4, z: 8.5 }, radius: 1.6, name: { ja: "すみっこのおしゃべりスポット", en: "Nook talk spot" } },
];

export const VOICE_LIMITS = {
  /** People talking in one spot at a time (the 6): a seventh may still stand there and type. */
  spotPeople: 6,
  /**
   * Peer-to-peer, the speaker's upload grows with every listener: a lesson's teacher sends to at
   * most this many children without a media server (HIDAMARI_JANUS_URL); beyond it, the console
   * says why.
   */
  p2pListeners: 8,
  /**
   * How long a counsellor's offer of a voice talk waits for the child's answer (seconds). A child
   * who keeps voice off has no voice part to hear the offer with: the counsellor is told it went
   * unanswered, and the talk stays in text.
   */
  offerSeconds: 90,
  /** How long the TURN credentials handed out with a talk stay valid (seconds). */
  turnSeconds: 3600,
  /**
   * A session description and an ICE candidate fit well within these: Chromium's audio offer is
   * about 1.2 KB (1 KB with Opus alone), audio with a VP8-only screen share about 2.3 KB. A
   * message must stay under the socket's 4 KB frame limit (server/app.ts), so pages send
   * candidates one by one (trickle ICE) and prefer Opus and VP8 alone (setCodecPreferences).
   */
  sdpMaxChars: 3_600,
  candidateMaxChars: 1_000,
} as const;

/** The talk spot a point stands in, or null. */
export function spotAt(p: Point): TalkSpot | null {
  return TALK_SPOTS.find((s) => Math.hypot(s.at.x - p.x, s.at.z - p.z) <= s.radius) ?? null;
}

/**
 * A voice group: the people who may hear each other. A talk spot's (`spot:<id>`), the counselling
 * room's, or the lesson's (the classroom while a lesson's teacher has voice on).
 */
export type VoiceGroupId = `spot:${string}` | "counselling" | "lesson";
export const spotGroup = (spot: TalkSpot): VoiceGroupId => `spot:${spot.id}`;
