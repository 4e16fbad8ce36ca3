import type { Client } from "@colyseus/core";
import type { Motion } from "../../shared/domain/motion.ts";
import { isStaff } from "../../shared/domain/roles.ts";
import type { Identity } from "../auth/identify.ts";
import type { RateLimiter } from "./RateLimiter.ts";

/** What the server keeps about each connected person, beside the synced avatar. */
export interface Participant {
  readonly identity: Identity;
  /** Per-visit id used in the session log (never the nickname). */
  readonly participant: string;
  /** Server time of the last accepted position, for the speed check. */
  lastMoveAt: number;
  /** Walking time not yet used, carried to the next step (LIMITS.moveCarrySeconds). */
  carried: number;
  /** The walk as last reported (the next report is judged against it) and how long it can go on. */
  reported: Motion;
  reportedReach: number;
  /** The walk as the state shows it to everyone (older than `reported` while heartbeats agree). */
  shown: Motion;
  shownReach: number;
  /** When a position sample was last logged (about one a second while moving). */
  lastSampleAt: number;
  /** When the server last put the avatar somewhere itself (a seat taken, a knock answered): see onMove. */
  placedAt: number;
  readonly limiter: RateLimiter;
  /** Set when staff (or the flood guard) take this person out: no seat is kept for them. */
  dismissed: boolean;
}

export type SpaceClient = Client<{ userData: Participant; auth: Identity }>;
/** A client whose join completed: it has its participant record. Handlers only ever see these. */
export type Member = SpaceClient & { userData: Participant };

export function isMember(client: SpaceClient | undefined): client is Member {
  return !!client?.userData;
}

export function isStaffClient(client: SpaceClient): boolean {
  return !!client.userData && isStaff(client.userData.identity.role);
}

export { CLOSE_CODES as CLOSE } from "../../shared/protocol/events.ts";

/**
 * Close codes after which a seat is kept for a while (the link dropped; nobody asked to leave).
 * 1001 "going away" is a tab closed or a page left: that person is gone, no seat is kept.
 */
export const RECONNECTABLE = new Set([1005, 1006, 4010]);
