import { ServerError } from "@colyseus/core";
import type { Role } from "../../shared/domain/roles.ts";
import { can } from "../../shared/domain/roles.ts";
import { isPlazaSpace } from "../../shared/domain/plaza.ts";
import type { JoinError } from "../../shared/protocol/events.ts";
import { type AvatarLook, JoinOptions } from "../../shared/protocol/messages.ts";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.ts";
import type { Directory } from "../store/directory.ts";
import type { Sessions } from "./sessions.ts";
import { signedIn } from "./signedIn.ts";

/** Who is joining, as the server decided it. Rooms read identity only from here. */
export interface Identity {
  readonly role: Role;
  readonly org: string;
  /** The staff account or registered student behind this person. */
  readonly accountId: string;
  readonly nickname: string;
  readonly look: AvatarLook;
  /** A child who came in with their access code: its mark (Directory.codeMark), checked again when a dropped link comes back. */
  readonly codeMark?: string;
  /** In a shared plaza: the name of their organisation, shown beside theirs. */
  readonly badge?: string;
}

export function joinRefused(reason: JoinError): ServerError {
  // 4xx so the SDK reports it as a refusal; the message is a code the client translates.
  return new ServerError(403, reason);
}

/** Whether an error is a refusal made by joinRefused (an answer to the person, not a failure). */
export function isJoinRefusal(error: unknown): boolean {
  return error instanceof ServerError && error.code === 403;
}

export interface IdentifyDeps {
  sessions: Sessions;
  directory: Directory;
}

/**
 * The door of the space. The person is whoever their sign-in cookie says (a staff account, or a
 * student who entered an access code); join options only choose the look and which space.
 */
export async function identify(deps: IdentifyDeps, cookieHeader: string | null | undefined, options: unknown): Promise<Identity> {
  const protocol = (options as { protocol?: unknown } | null)?.protocol;
  if (protocol !== PROTOCOL_VERSION) throw joinRefused("stale_client");
  const parsed = JoinOptions.safeParse(options);
  if (!parsed.success) throw joinRefused("invalid_join");

  const { staff, student, codeMark } = await signedIn(deps, cookieHeader);
  let identity: Identity;
  if (student) {
    if (student.blocked || !student.hasCode) throw joinRefused("not_signed_in");
    identity = { role: "student", org: student.orgId, accountId: student.id, nickname: student.nickname, look: parsed.data.look, ...(codeMark ? { codeMark } : {}) };
  } else if (staff) {
    identity = { role: staff.role, org: staff.orgId, accountId: staff.id, nickname: staff.displayName, look: parsed.data.look };
  } else throw joinRefused("not_signed_in");
  if (!can(identity.role, "enterSpace")) throw joinRefused("not_allowed");
  // A plaza is checked by the room's door (which organisations take part); a floor here.
  if (identity.org !== parsed.data.org && !isPlazaSpace(parsed.data.org)) throw joinRefused("wrong_space");
  return identity;
}
