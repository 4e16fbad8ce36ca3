import { z } from "zod";
import { ChatChannel } from "../protocol/messages.ts";
import { ZONE_IDS } from "../domain/zones.ts";

/**
 * What the server records about a session, as versioned, validated events. Content of chat is
 * not recorded (research consent arrives with issue 4); only that a message was sent, where.
 * `participant` is a per-visit id, never a nickname.
 */
export const LOG_VERSION = 1;

const Zone = z.enum(ZONE_IDS);
const base = { v: z.literal(LOG_VERSION), at: z.number().int(), space: z.string().min(1) };

export const LoggedEvent = z.discriminatedUnion("type", [
  z.object({ ...base, type: z.literal("space_opened") }),
  /** `interrupted`: the server stopped without closing the space (a crash); written at the next start. */
  z.object({ ...base, type: z.literal("space_closed"), reason: z.enum(["closed", "interrupted"]).optional() }),
  z.object({ ...base, type: z.literal("entered"), participant: z.string(), zone: Zone }),
  z.object({ ...base, type: z.literal("left"), participant: z.string(), zone: Zone }),
  z.object({ ...base, type: z.literal("reconnected"), participant: z.string(), zone: Zone }),
  z.object({ ...base, type: z.literal("zone_changed"), participant: z.string(), from: Zone, to: Zone }),
  z.object({ ...base, type: z.literal("chat_sent"), participant: z.string(), channel: ChatChannel, zone: Zone, chars: z.number().int() }),
]);
export type LoggedEvent = z.infer<typeof LoggedEvent>;
export type LoggedEventType = LoggedEvent["type"];
