import type { Client } from "@colyseus/core";
import type { Identity } from "../auth/identify.ts";

/** What the server keeps about each connected person, beside the synced avatar. */
export interface Participant {
  readonly identity: Identity;
  /** Per-visit id used in the session log (never the nickname). */
  readonly participant: string;
  /** Server time of the last accepted position, for the speed check. */
  lastMoveAt: number;
}

export type SpaceClient = Client<{ userData: Participant; auth: Identity }>;
