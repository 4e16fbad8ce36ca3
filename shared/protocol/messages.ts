import { z } from "zod";
import { ACCESSORY_IDS, COLOUR_IDS } from "../domain/avatar.ts";
import { LIMITS } from "../domain/limits.ts";
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

export const AvatarLook = z.strictObject({
  colour: z.enum(COLOUR_IDS),
  accessory: z.enum(ACCESSORY_IDS),
});
export type AvatarLook = z.infer<typeof AvatarLook>;

/** What the join screen sends. Identity and role never come from here (see server/auth). */
export const JoinOptions = z.object({
  protocol: z.number().int(),
  nickname: Nickname,
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
  chat: z.strictObject({
    channel: ChatChannel,
    text: text(LIMITS.chatMaxChars),
  }),
} as const;

export type ClientMessageType = keyof typeof ClientMessages;
export type ClientMessage<T extends ClientMessageType> = z.input<(typeof ClientMessages)[T]>;
export type ParsedMessage<T extends ClientMessageType> = z.output<(typeof ClientMessages)[T]>;

export function isClientMessageType(type: unknown): type is ClientMessageType {
  return typeof type === "string" && Object.hasOwn(ClientMessages, type);
}
