import type { Presence } from "@colyseus/core";
import type { IceServer } from "../../shared/protocol/voice.ts";
import type { Sessions } from "../auth/sessions.ts";
import type { Logger } from "../log.ts";
import type { WordFilter } from "../moderation/wordFilter.ts";
import type { AuditLog } from "../store/audit.ts";
import type { Boards } from "../store/boards.ts";
import type { Bookings } from "../store/bookings.ts";
import type { CheckIns } from "../store/checkIns.ts";
import type { Decks } from "../store/decks.ts";
import type { Directory } from "../store/directory.ts";
import type { Exhibits } from "../store/exhibits.ts";
import type { HelpQueueStore } from "../store/helpQueue.ts";
import type { PlazaEvents } from "../store/plazas.ts";
import type { Reports } from "../store/reports.ts";
import type { SelfStudyStore } from "../store/selfStudy.ts";
import type { SessionLog } from "../store/SessionLog.ts";
import type { MediaServer } from "../voice/mediaServer.ts";
import type { RateLimits } from "./RateLimiter.ts";
import type { SpaceRegistry } from "./registry.ts";

/** What a space is given by the process (server/services.ts): its stores, the presence, its settings. */
export interface SpaceDeps {
  log: SessionLog;
  plazas: PlazaEvents;
  presence: Presence;
  helpQueue: HelpQueueStore;
  directory: Directory;
  sessions: Sessions;
  audit: AuditLog;
  registry: SpaceRegistry;
  words: WordFilter;
  boards: Boards;
  decks: Decks;
  exhibits: Exhibits;
  selfStudy: SelfStudyStore;
  reports: Reports;
  /** The daily check-in (issue 19). */
  checkIns: CheckIns;
  /** Counselling and tutoring bookings: the space invites a child at their booking's time. */
  bookings: Bookings;
  rateLimits: RateLimits;
  logger: Logger;
  clock: { now(): number };
  /** The ICE servers a person joining a talk is given (server/voice/iceServers.ts: STUN, and TURN with short-lived credentials). */
  iceServers?: (pseudonym: string) => IceServer[];
  /** Talks go through TURN only (server/voice/iceServers.ts relayOnly). */
  relayOnly?: boolean;
  /** Voice's media server (server/voice/janus.ts), or null: talks go peer to peer. */
  mediaServer?: MediaServer | null;
}
