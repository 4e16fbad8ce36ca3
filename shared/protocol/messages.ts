import { z } from "zod";
import { ACCESSORY_IDS, COLOUR_IDS } from "../domain/avatar.ts";
import { LIMITS } from "../domain/limits.ts";
import { EMOTES, QUICK_PHRASE_IDS, STATUSES } from "../domain/presence.ts";
import { normaliseText } from "../domain/text.ts";

/** Every client→server message and the join options: the single wire contract for input. */

const finite = z.number().finite();
const text = (max: number) =>
  // Cap raw length first so a megabyte string is refused before any work is done on it.
  z
    .string()
    .max(max * 8)
    .transform((s) => normaliseText(s, max))
    .pipe(z.string().min(1));

export const Nickname = text(LIMITS.nicknameMaxChars);
/** Someone in the space, by session id (the console acts on people who are present). */
const Target = z.string().min(1).max(64);

export const AvatarLook = z.strictObject({
  colour: z.enum(COLOUR_IDS),
  accessory: z.enum(ACCESSORY_IDS),
});
export type AvatarLook = z.infer<typeof AvatarLook>;

/**
 * What the page sends when it joins. Who you are comes from your signed-in session (a cookie the
 * server set); `org` only routes you to a space, and the server checks it against your account.
 */
export const JoinOptions = z.object({
  protocol: z.number().int(),
  org: z.string().min(1).max(64),
  look: AvatarLook,
});
export type JoinOptions = z.input<typeof JoinOptions>;

export const ChatChannel = z.enum(["space", "zone"]);
export type ChatChannel = z.infer<typeof ChatChannel>;

export const ClientMessages = {
  /** Where my avatar is now (metres) and which way it faces (radians). */
  move: z.strictObject({
    x: finite.min(-1000).max(1000),
    z: finite.min(-1000).max(1000),
    heading: finite.min(-100).max(100),
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
  report: z.strictObject({ target: Target, line: z.string().max(80).optional(), reason: text(LIMITS.chatMaxChars).optional() }),
  // Staff only (the capability table decides; the schema only checks shape).
  greet: z.strictObject({ target: Target }),
  invite: z.strictObject({ target: Target }),
  lockCounselling: z.strictObject({ locked: z.boolean() }),
  announce: z.strictObject({ text: text(LIMITS.chatMaxChars) }),
  mute: z.strictObject({ target: Target, minutes: z.number().int().min(0).max(120) }),
  remove: z.strictObject({ target: Target }),
  block: z.strictObject({ target: Target }),
  answerHelp: z.strictObject({ id: z.string().min(1).max(80) }),
  closeSpace: z.strictObject({}),
} as const;

export type ClientMessageType = keyof typeof ClientMessages;
export type ClientMessage<T extends ClientMessageType> = z.input<(typeof ClientMessages)[T]>;
export type ParsedMessage<T extends ClientMessageType> = z.output<(typeof ClientMessages)[T]>;

export function isClientMessageType(type: unknown): type is ClientMessageType {
  return typeof type === "string" && Object.hasOwn(ClientMessages, type);
}
