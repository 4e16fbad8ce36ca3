import { ServerError } from "@colyseus/core";
import type { AvatarLook } from "../../shared/protocol/messages.ts";
import { JoinOptions } from "../../shared/protocol/messages.ts";
import type { JoinError } from "../../shared/protocol/events.ts";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.ts";
import type { Role } from "../../shared/domain/roles.ts";

/** Who is joining, as the server decided it. Rooms read identity only from here. */
export interface Identity {
  readonly role: Role;
  readonly nickname: string;
  readonly look: AvatarLook;
}

export function joinRefused(reason: JoinError): ServerError {
  // 4xx so the SDK reports it as a refusal; the message is a code the client translates.
  return new ServerError(400, reason);
}

/**
 * Issue 2's door: anyone who opens the page enters as a student with the nickname and look they
 * chose. This is the seam where access codes and staff sign-in plug in: they will return an
 * Identity from a verified token, and the role will never be read from join options.
 */
export function identifyGuest(options: unknown): Identity {
  const protocol = (options as { protocol?: unknown } | null)?.protocol;
  if (protocol !== PROTOCOL_VERSION) throw joinRefused("stale_client");
  const parsed = JoinOptions.safeParse(options);
  if (!parsed.success) throw joinRefused("invalid_join");
  return { role: "student", nickname: parsed.data.nickname, look: parsed.data.look };
}
