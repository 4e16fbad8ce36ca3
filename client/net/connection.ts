import { Callbacks, Client, type Room } from "@colyseus/sdk";
import { fromWire, headingFromWire, headingToWire } from "../../shared/domain/limits.ts";
import { velocityFromWire } from "../../shared/domain/motion.ts";
import type { Emote, Status } from "../../shared/domain/presence.ts";
import type { ZoneId } from "../../shared/domain/zones.ts";
import { type ChatLine, type HelpRequest, type Notice, type Question, type ServerError, type ServerEvent, type ServerEventType, ServerEvents } from "../../shared/protocol/events.ts";
import type { PollView } from "../../shared/protocol/lessonEvents.ts";
import { type ClientMessage, type ClientMessageType, EveryoneMessages, type JoinOptions } from "../../shared/protocol/messages.ts";
import type { PollTally } from "../../shared/protocol/staffEvents.ts";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.ts";
import { type Avatar, SpaceState } from "../../shared/state/SpaceState.ts";
import { Emitter } from "./emitter.ts";
import { ServerClock } from "./serverClock.ts";

type Speaks = Partial<Record<ClientMessageType, { safeParse(payload: unknown): { success: boolean } }>>;
/** Schemas of events a later part of the page shows (shared/protocol/lessonEvents.ts, staffEvents.ts). */
type Hears = Partial<Record<HeardEventType, { safeParse(payload: unknown): { success: boolean; data?: unknown } }>>;
type HeardEventType = "poll" | "pollTally";

/** An avatar as the rest of the client sees it: metres and radians, never wire units. */
export interface AvatarView {
  id: string;
  nickname: string;
  colour: string;
  accessory: string;
  zone: ZoneId;
  /** Where they were at `at` (this page's clock, ms) and their velocity from then on (m/s). */
  x: number;
  z: number;
  vx: number;
  vz: number;
  at: number;
  heading: number;
  staff: boolean;
  status: Status;
  hand: boolean;
  /** Their link dropped; the seat is kept while they reconnect. */
  away: boolean;
  /** Staff-only fields: zero/false for everyone else. */
  since: number;
  greeted: boolean;
  mutedUntil: number;
  /** Whether these staff-only fields reach me (my own organisation's people, to its staff). */
  overseen: boolean;
  /** In a shared plaza: their organisation's name ("" on one's own floor). */
  badge: string;
  /** Staff handed them the announcements (an event's MC). */
  emcee: boolean;
  /** The classroom seat they sit in (shared/domain/lesson.ts), 0 when not seated. */
  seat: number;
}

/** The lesson on now, as the space shows it; null when there is none. */
export interface LessonView {
  title: string;
  subject: string;
  grade: number;
  teacher: string;
  /** Epoch seconds. */
  since: number;
}

export interface NetEvents {
  /** `arrived` is false for people who were already there when I entered. */
  avatarAdded: (avatar: AvatarView, isMe: boolean, arrived: boolean) => void;
  avatarChanged: (avatar: AvatarView, isMe: boolean) => void;
  avatarRemoved: (id: string) => void;
  counsellingLocked: (locked: boolean) => void;
  /** A lesson started, changed or ended (null). */
  lesson: (lesson: LessonView | null) => void;
  /** The lesson board changed: where to fetch its picture ("" when empty) and its title. */
  board: (url: string, title: string) => void;
  chat: (line: ChatLine) => void;
  history: (lines: ChatLine[]) => void;
  emote: (from: string, emote: Emote) => void;
  notice: (notice: Notice) => void;
  /** To everyone: staff's, or an event's MC's (a line of the space channel too). */
  announcement: (line: ChatLine) => void;
  knock: (by: string) => void;
  queue: (items: HelpRequest[]) => void;
  /** Staff: raised hands in order (session ids). */
  hands: (order: string[]) => void;
  /** My place in the hand queue (1 = next), 0 when my hand is down. */
  handPlace: (place: number) => void;
  /** The teacher: a child's question. */
  question: (question: Question) => void;
  answer: (answer: ServerEvent<"answer">) => void;
  /** A quick check, open or with its result (heard once the lesson's parts are here: hear()). */
  poll: (poll: PollView) => void;
  /** Staff: a quick check's tally (heard by the staff page). */
  pollTally: (tally: PollTally) => void;
  serverError: (error: ServerError) => void;
  /** My link dropped; the SDK is trying to get the same seat back. */
  reconnecting: () => void;
  reconnected: () => void;
  disconnected: (code: number) => void;
}

/**
 * The only module that talks to the socket. It turns synced state and server events into typed,
 * validated events, and checks outgoing messages against the same schemas the server uses.
 */
export class Connection extends Emitter<NetEvents> {
  readonly #client: Client;
  #room: Room | null = null;

  constructor(endpoint: string) {
    super();
    this.#client = new Client(endpoint);
  }

  get sessionId(): string | null {
    return this.#room?.sessionId ?? null;
  }

  async join(options: Omit<JoinOptions, "protocol">): Promise<void> {
    const room = await this.#client.joinOrCreate("space", { ...options, protocol: PROTOCOL_VERSION }, SpaceState);
    this.#room = room;
    const me = room.sessionId;
    const callbacks = Callbacks.get<SpaceState>(room);
    // Callbacks for the first state fire before onStateChange does; later adds are arrivals.
    let initial = true;
    room.onStateChange.once(() => {
      initial = false;
    });

    const clock = new ServerClock();
    const seen = (avatar: Avatar) => {
      const now = performance.now();
      if (avatar.vx !== 0 || avatar.vz !== 0) clock.observe(avatar.at, now);
      return clock.toLocal(avatar.at, now);
    };
    callbacks.onAdd("avatars", (avatar, key) => {
      const id = String(key);
      this.emit("avatarAdded", view(id, avatar, seen(avatar)), id === me, !initial);
      callbacks.onChange(avatar, () => this.emit("avatarChanged", view(id, avatar, seen(avatar)), id === me));
    });
    callbacks.onRemove("avatars", (_avatar, key) => this.emit("avatarRemoved", String(key)));
    callbacks.listen("counsellingLocked", (locked) => this.emit("counsellingLocked", locked));
    const board = () => this.emit("board", room.state.boardUrl, room.state.boardTitle);
    callbacks.listen("boardUrl", board);
    callbacks.listen("boardTitle", board);
    const lesson = () => {
      const s = room.state;
      this.emit("lesson", s.lessonTitle ? { title: s.lessonTitle, subject: s.lessonSubject, grade: s.lessonGrade, teacher: s.lessonTeacher, since: s.lessonSince } : null);
    };
    for (const field of ["lessonTitle", "lessonSubject", "lessonGrade", "lessonTeacher", "lessonSince"] as const) callbacks.listen(field, lesson);

    room.onMessage("*", (type: string | number, payload: unknown) => this.#receive(String(type), payload));
    room.onDrop(() => this.emit("reconnecting"));
    room.onReconnect(() => this.emit("reconnected"));
    room.onLeave((code) => this.emit("disconnected", code));
  }

  sendMove(x: number, z: number, heading: number, vx: number, vz: number): void {
    // Quantise the heading the way state stores it, so unchanged headings compare equal.
    this.send("move", { x, z, heading: headingFromWire(headingToWire(heading)), vx, vz });
  }

  /** The messages this page may send, by type: everyone's, and staff's once the staff page adds them (speak). */
  #speaks: Speaks = { ...EveryoneMessages };

  /** The staff page adds the staff messages (shared/protocol/staffMessages.ts), which a student's page never loads. */
  speak(messages: Speaks): void {
    Object.assign(this.#speaks, messages);
  }

  /** Sends a message if it passes its schema (the server would refuse it anyway); false if not, or if this page does not send it. */
  send<T extends ClientMessageType>(type: T, payload: ClientMessage<T>): boolean {
    if (!this.#room || !this.#speaks[type]?.safeParse(payload).success) return false;
    this.#room.send(type, payload);
    return true;
  }

  async leave(): Promise<void> {
    await this.#room?.leave(true);
  }

  /** What each server event becomes for the rest of the page, once it passed its schema. */
  readonly #handlers: { [T in ServerEventType]: (data: ServerEvent<T>) => void } = {
    chat: (d) => this.emit("chat", d),
    history: (d) => this.emit("history", d.lines),
    error: (d) => this.emit("serverError", d),
    emote: (d) => this.emit("emote", d.from, d.emote),
    notice: (d) => this.emit("notice", d),
    announcement: (d) => this.emit("announcement", d),
    knock: (d) => this.emit("knock", d.by),
    queue: (d) => this.emit("queue", d.items),
    hands: (d) => this.emit("hands", d.order),
    handPlace: (d) => this.emit("handPlace", d.place),
    question: (d) => this.emit("question", d),
    answer: (d) => this.emit("answer", d),
  };

  #hears: Hears = {};
  /** The last event of each type no schema here hears yet (a few types at most). */
  readonly #unheard = new Map<string, unknown>();

  /**
   * A part of the page fetched later (the lesson's, the staff console) adds the schemas of the
   * events it shows, so a first visit carries none of them. An event of theirs that came before
   * is heard now: the last of each type, as the server sends whole states (a quick check as it is).
   */
  hear(events: Hears): void {
    Object.assign(this.#hears, events);
    for (const [type, payload] of this.#unheard) {
      if (!Object.hasOwn(events, type)) continue;
      this.#unheard.delete(type);
      this.#receive(type, payload);
    }
  }

  /** Every server event is checked against shared/protocol before anyone sees it. */
  #receive(type: string, payload: unknown): void {
    if (!Object.hasOwn(ServerEvents, type)) {
      const heard = Object.hasOwn(this.#hears, type) ? this.#hears[type as HeardEventType] : undefined;
      const parsed = heard?.safeParse(payload);
      if (parsed?.success) (this.emit as (event: string, data: unknown) => void)(type, parsed.data);
      else if (!heard && (this.#unheard.size < 4 || this.#unheard.has(type))) this.#unheard.set(type, payload);
      return;
    }
    const event = type as ServerEventType;
    const parsed = ServerEvents[event].safeParse(payload);
    // The table pairs each type with its own handler; TypeScript cannot see through the index.
    if (parsed.success) (this.#handlers[event] as (data: unknown) => void)(parsed.data);
  }
}

function view(id: string, a: Avatar, at: number): AvatarView {
  return {
    id,
    nickname: a.nickname,
    colour: a.colour,
    accessory: a.accessory,
    zone: a.zone as ZoneId,
    x: fromWire(a.x),
    z: fromWire(a.z),
    vx: velocityFromWire(a.vx),
    vz: velocityFromWire(a.vz),
    at,
    heading: headingFromWire(a.heading),
    staff: a.kind === "staff",
    status: (a.status || "none") as Status,
    hand: a.hand,
    away: a.away,
    since: a.since ?? 0,
    greeted: a.greeted ?? false,
    mutedUntil: a.mutedUntil ?? 0,
    overseen: a.since !== undefined,
    badge: a.badge ?? "",
    emcee: a.emcee ?? false,
    seat: a.seat ?? 0,
  };
}
