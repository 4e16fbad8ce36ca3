import { z } from "zod";
import { ChatChannel } from "./messages.ts";
import { ZONE_IDS } from "../domain/zones.ts";

/** Server→client events that are not state: chat lines and errors. State lives in shared/state. */

export const ChatLine = z.object({
  id: z.string(),
  from: z.string(), // sessionId of the sender
  nickname: z.string(),
  channel: ChatChannel,
  zone: z.enum(ZONE_IDS),
  text: z.string(),
  at: z.number(), // epoch ms
});
export type ChatLine = z.infer<typeof ChatLine>;

export const ChatHistory = z.object({ lines: z.array(ChatLine) });
export type ChatHistory = z.infer<typeof ChatHistory>;

/**
 * Why the server refused something. The client shows a kind sentence per code from its
 * dictionary; `detail` is for developers and never shown as-is.
 */
export const ERROR_CODES = [
  "invalid_message", // failed its schema
  "unknown_message", // no such message type
  "move_rejected", // teleport, wall, bounds or speed
  "empty_text",
  "not_allowed", // the role lacks the capability
  "server_error", // a handler failed; nothing was changed
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ServerError = z.object({
  code: z.enum(ERROR_CODES),
  /** The message type that caused it, when known. */
  about: z.string().optional(),
  detail: z.string().optional(),
  /** For move_rejected: where the server says you are, so the client can snap back. */
  position: z.object({ x: z.number(), z: z.number() }).optional(),
});
export type ServerError = z.infer<typeof ServerError>;

/** Reasons a join is refused (thrown from onAuth; the SDK surfaces them as the error message). */
export const JOIN_ERRORS = ["invalid_join", "stale_client", "space_full"] as const;
export type JoinError = (typeof JOIN_ERRORS)[number];

export const ServerEvents = {
  chat: ChatLine,
  history: ChatHistory,
  error: ServerError,
} as const;
export type ServerEventType = keyof typeof ServerEvents;
export type ServerEvent<T extends ServerEventType> = z.infer<(typeof ServerEvents)[T]>;
