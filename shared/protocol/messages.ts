import { z } from "zod/mini";
import { ACCESSORY_IDS, COLOUR_IDS, DEFAULT_LOOK, HAIR_COLOUR_IDS, HAIR_STYLE_IDS, OUTFIT_IDS, SKIN_TONE_IDS } from "../domain/avatar.ts";
import { LIMITS } from "../domain/limits.ts";
import { EMOTES, QUICK_PHRASE_IDS, STATUSES } from "../domain/presence.ts";
import { CONSENT_CHOICES, QUESTION_PHRASE_IDS, TABLE_COUNT } from "../domain/lesson.ts";
import { normaliseText } from "../domain/text.ts";
import type { LessonMessages } from "./lessonMessages.ts";
import type { StaffMessages } from "./staffMessages.ts";
import type { StudyMessages } from "./study.ts";
import type { VoiceMessages } from "./voice.ts";
import type { CheckInMessages } from "./checkIn.ts";

/**
 * Every client→server message and the join options: the single wire contract for input.
 * Written with zod/mini, as the student page's other schemas are: the same checks as classic
 * zod, without its method chains, which keeps the first visit smaller (issue 6).
 */

export const between = (min: number, max: number) => z.number().check(z.gte(min), z.lte(max));
export const int = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));
export const bounded = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
/** Normalised text of 1–max characters. */
export const text = (max: number) =>
  // Cap raw length first so a megabyte string is refused before any work is done on it.
  z.pipe(z.pipe(z.string().check(z.maxLength(max * 8)), z.transform((s: string) => normaliseText(s, max))), z.string().check(z.minLength(1)));

export const Nickname = text(LIMITS.nicknameMaxChars);
/** Someone in the space, by session id (the console acts on people who are present). */
export const Target = bounded(1, 64);

/** A look as chosen on the door (shared/domain/avatar.ts); a page saved before there were hair and outfits gets the defaults. */
export const AvatarLook = z.strictObject({
  hair: z._default(z.enum(HAIR_STYLE_IDS), DEFAULT_LOOK.hair),
  hairColour: z._default(z.enum(HAIR_COLOUR_IDS), DEFAULT_LOOK.hairColour),
  outfit: z._default(z.enum(OUTFIT_IDS), DEFAULT_LOOK.outfit),
  colour: z.enum(COLOUR_IDS),
  skin: z._default(z.enum(SKIN_TONE_IDS), DEFAULT_LOOK.skin),
  accessory: z.enum(ACCESSORY_IDS),
});
export type AvatarLook = z.infer<typeof AvatarLook>;

/**
 * What the page sends when it joins. Who you are comes from your signed-in session (a cookie the
 * server set); `org` only routes you to a space, and the server checks it against your account.
 */
export const JoinOptions = z.object({
  protocol: z.int(),
  org: bounded(1, 64),
  look: AvatarLook,
});
export type JoinOptions = z.input<typeof JoinOptions>;

/** Everyone in the space, the sender's zone, or (in a lesson's table time) the sender's table and staff. */
export const ChatChannel = z.enum(["space", "zone", "table"]);
export type ChatChannel = z.infer<typeof ChatChannel>;

/**
 * What anyone in a space may send (the capability table still decides who may do what). Staff
 * alone send the messages of staffMessages.ts, kept apart so a student's first visit carries none
 * of their schemas.
 */
export const EveryoneMessages = {
  /**
   * Where my avatar is now (metres), which way it faces (radians) and how it moves from now on
   * (metres per second; 0, 0 when standing). See shared/domain/motion.ts.
   */
  move: z.strictObject({
    x: between(-1000, 1000),
    z: between(-1000, 1000),
    heading: between(-100, 100),
    vx: between(-100, 100),
    vz: between(-100, 100),
  }),
  chat: z.union([
    z.strictObject({ channel: ChatChannel, text: text(LIMITS.chatMaxChars) }),
    z.strictObject({ channel: ChatChannel, phrase: z.enum(QUICK_PHRASE_IDS) }),
  ]),
  status: z.strictObject({ status: z.enum(STATUSES) }),
  emote: z.strictObject({ emote: z.enum(EMOTES) }),
  hand: z.strictObject({ raised: z.boolean() }),
  help: z.strictObject({}),
  askToTalk: z.strictObject({}),
  knockReply: z.strictObject({ accept: z.boolean() }),
  /** `line`: the id of the line reported (the server shows staff its text), empty for none. */
  report: z.strictObject({ target: Target, line: z.optional(bounded(0, 80)), reason: z.optional(text(LIMITS.chatMaxChars)) }),
  /**
   * Staff, and an event's MC (a child staff handed the right): the capability table decides.
   * `zone: "classroom"`: to those in the classroom only (staff alone: the teacher's voice to the room).
   */
  announce: z.strictObject({ text: text(LIMITS.chatMaxChars), zone: z.optional(z.literal("classroom")) }),
  // The lesson (shared/domain/lesson.ts). Children: a seat, a question to the teacher.
  /**
   * Sits in the free seat nearest the avatar, anywhere in the classroom, or at that table's
   * (shared/domain/tables.ts), or at the nearest free self-study desk anywhere in the quiet corner;
   * standing up is walking away or `stand`.
   */
  /** The nearest free chair where I am (in the classroom, of a table if named; a self-study desk in the quiet corner), or a floor cushion of the quiet corner. */
  sit: z.union([z.strictObject({ table: z.optional(int(1, TABLE_COUNT)) }), z.strictObject({ cushion: z.literal(true) })]),
  stand: z.strictObject({}),
  /** The child's answer to "may your answer go on the board?": with their nickname, without it, or not. */
  consentReply: z.strictObject({ id: bounded(1, 80), choice: z.enum(CONSENT_CHOICES) }),
  /** Takes the answer on the board down: staff, or the child whose answer it is. */
  unpin: z.strictObject({}),
  /** A question for the teacher only: text, or a quick phrase. */
  question: z.union([z.strictObject({ text: text(LIMITS.chatMaxChars) }), z.strictObject({ phrase: z.enum(QUESTION_PHRASE_IDS) })]),
} as const;

/** Every message the server takes: everyone's, the lesson's, staff's and the self-study corner's (the table is ClientMessages in staffMessages.ts). */
type AllMessages = typeof EveryoneMessages & typeof LessonMessages & typeof StaffMessages & typeof StudyMessages & typeof VoiceMessages & typeof CheckInMessages;
export type ClientMessageType = keyof AllMessages;
export type ClientMessage<T extends ClientMessageType> = z.input<AllMessages[T]>;
export type ParsedMessage<T extends ClientMessageType> = z.output<AllMessages[T]>;
