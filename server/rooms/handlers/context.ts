import type { Point } from "../../../shared/domain/geometry.ts";
import type { ZoneId } from "../../../shared/domain/zones.ts";
import type { LoggedEvent } from "../../../shared/log/events.ts";
import type { ChatLine, ServerError } from "../../../shared/protocol/events.ts";
import type { AnyServerEvent as ServerEvent, AnyServerEventType as ServerEventType } from "../../../shared/protocol/staffEvents.ts";
import type { SpaceState } from "../../../shared/state/SpaceState.ts";
import type { WordFilter } from "../../moderation/wordFilter.ts";
import type { Directory } from "../../store/directory.ts";
import type { Sessions } from "../../auth/sessions.ts";
import type { ChatHistory } from "../ChatHistory.ts";
import type { Classroom } from "../Classroom.ts";
import type { ConsentAsked } from "./consent.ts";
import type { BoardShown } from "../BoardShown.ts";
import type { Decks } from "../../store/decks.ts";
import type { Exhibit, Exhibits } from "../../store/exhibits.ts";
import type { SelfStudyStore } from "../../store/selfStudy.ts";
import type { Reports } from "../../store/reports.ts";
import type { Bookings } from "../../store/bookings.ts";
import type { CheckIns } from "../../store/checkIns.ts";
import type { StudyCorner } from "../StudyCorner.ts";
import type { HelpQueue } from "../HelpQueue.ts";
import type { SpaceRegistry } from "../registry.ts";
import type { Member, SpaceClient } from "../participants.ts";
import type { Talks } from "../voice/Talks.ts";
import type { MediaGrants } from "../voice/MediaGrants.ts";

/** What a message handler may touch. Handlers are plain functions so they can be read alone. */
export interface SpaceContext {
  /** The space: an organisation's id for its floor, or plaza:<event> (shared/domain/plaza.ts). */
  readonly space: string;
  /** Whether this is a shared plaza, where several organisations' people meet. */
  readonly plaza: boolean;
  readonly state: SpaceState;
  readonly history: ChatHistory;
  readonly queue: HelpQueue;
  /** The lesson's teacher, hands in order, questions waiting (handlers/lesson.ts). */
  readonly classroom: Classroom;
  /** The organisation's picture and the deck on the board (handlers/deck.ts). */
  readonly board: BoardShown;
  readonly decks: Decks;
  readonly exhibits: Exhibits;
  /** The organisation's exhibit wall as last read (handlers/exhibit.ts). */
  readonly wall: Exhibit[];
  /** What staff asked one child's consent for, by the question's id, not answered yet (handlers/consent.ts). */
  readonly consents: Map<string, ConsentAsked>;
  /** Whose answer is on the board (a session id; "" when none): they may take it down (handlers/pin.ts). */
  readonly pinOwner: { session: string };
  /** Who sits at a self-study desk (handlers/study.ts), and the store their sessions are kept in. */
  readonly studyCorner: StudyCorner;
  readonly selfStudy: SelfStudyStore;
  /** Reports children made, and how far staff have got with each (the child sees it). */
  readonly reports: Reports;
  /** Counselling and tutoring bookings (a child's next one, in their details). */
  readonly bookings: Bookings;
  /** The daily check-in's store (handlers/checkIn.ts). */
  readonly checkIns: CheckIns;
  readonly words: WordFilter;
  readonly directory: Directory;
  readonly sessions: Sessions;
  readonly registry: SpaceRegistry;
  /** Who may be in the counselling room while it is locked (session ids). */
  readonly counsellingMembers: Set<string>;
  /** Who is walking now: the walks the server follows before each patch (move.ts). */
  readonly walking: Set<Member>;
  /** Voice: who is in which talk, voice mutes, locked spots, the lesson's voice (handlers/voice.ts). */
  readonly talks: Talks;
  /** With a media server (HIDAMARI_JANUS_URL): each joined person's admission to their talk's rooms; null peer to peer. */
  readonly media: MediaGrants | null;
  /** Whose details each staff member has open in the console: staff session id → the child's session id. */
  readonly looking: Map<string, string>;
  /**
   * Open invitations: invited student's session id → the inviting staff member's session id, and
   * whether it is a booking's (sent by the space at the booked time, to the first staff member here).
   */
  readonly invitations: Map<string, { by: string; booked: boolean }>;
  /** Real time, for the rules (walking speed, mutes). */
  now(): number;
  /** The log's time, for what is recorded and measured for research (help waits). */
  logClock(): number;
  log(event: DistributiveOmit<LoggedEvent, "v" | "at" | "space">): void;
  /** Logs the event made of an answer still to come (the store's), in its place among the others (see OrderedLog). */
  logWhen<T>(answer: Promise<T>, build: (value: T) => DistributiveOmit<LoggedEvent, "v" | "at" | "space">): void;
  audit(actor: SpaceClient, action: string, target: SpaceClient | null, detail?: Record<string, unknown>, outcome?: "done" | "denied"): void;
  /** For the operator: something failed that nobody in the space can act on (a store or the presence did not answer). */
  logError(err: unknown, what: string): void;
  send<T extends ServerEventType>(client: SpaceClient, type: T, payload: ServerEvent<T>): void;
  sendError(client: SpaceClient, error: ServerError): void;
  /** Sends `from`'s chat line to everyone, or only to those standing in `zone` (as share()). */
  deliverChat(from: SpaceClient, line: ChatLine, onlyZone?: ZoneId): void;
  /**
   * Something a person did that everyone sees (a reaction): to them at once, to everyone else
   * with the next patch, in the same write. Others draw walks a patch in the past anyway
   * (client/scene/interpolation.ts), so it stays in step with what they see. `to`: who it is for
   * (everyone present unless said; the sender gets it either way).
   */
  share<T extends ServerEventType>(from: SpaceClient, type: T, payload: ServerEvent<T>, to?: Iterable<SpaceClient>): void;
  /** To everyone at once: notices and announcements from staff. */
  broadcast<T extends ServerEventType>(type: T, payload: ServerEvent<T>): void;
  /** The current queue to every staff member present. */
  publishQueue(): void;
  clientBySession(sessionId: string): SpaceClient | undefined;
  /** The connected sessions of an account: one, or two for the moment a new tab replaces an old. */
  clientsOf(accountId: string): Member[];
  /** Whether the account is in the space: connected, or its seat kept for a dropped link. */
  isHere(accountId: string): boolean;
  /** Runs `act` after `ms` of the space's clock (the one a test holds), unless cleared first. */
  later(ms: number, act: () => void): { clear(): void };
  /** Everyone present whose join completed. */
  members(): Member[];
  /** Staff present, and everyone standing in a zone. */
  staffClients(): SpaceClient[];
  clientsIn(zone: ZoneId): SpaceClient[];
  /** Where someone is now, metres: along the walk last reported. */
  whereNow(client: Member): Point;
  /** The log's per-visit id of someone present (or recently present) by session id. */
  participantOf(sessionId: string): string | undefined;
  /** Puts an avatar somewhere the server chose (accepting a knock), bypassing the walking rules. */
  placeAt(client: Member, point: Point): void;
  /**
   * Takes a person out of the space with a reason they will see (the close code), after
   * `afterMs` (a moment for a notice sent just before to arrive). Nothing they send meanwhile is acted on.
   */
  dismiss(client: Member, code: number, afterMs?: number): void;
  closeSpace(): void;
  nextId(): string;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
