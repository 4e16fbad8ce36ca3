import { Callbacks, Client, type Room } from "@colyseus/sdk";
import type { z } from "zod/mini";
import { fromWire, headingFromWire, headingToWire } from "../../shared/domain/limits.ts";
import { velocityFromWire } from "../../shared/domain/motion.ts";
import { pageSizeFor } from "../../shared/domain/deck.ts";
import type { Mark, Studying } from "../../shared/protocol/lessonEvents.ts";
import type { Emote, Status } from "../../shared/domain/presence.ts";
import type { ZoneId } from "../../shared/domain/zones.ts";
import { type ChatLine, type HelpRequest, type Notice, type Question, type ServerError, type ServerEvent, type ServerEventType, ServerEvents } from "../../shared/protocol/events.ts";
import type { PollView } from "../../shared/protocol/pollEvents.ts";
import type { MyQuestions } from "../../shared/protocol/questionEvents.ts";
import { type ClientMessage, type ClientMessageType, EveryoneMessages, type JoinOptions } from "../../shared/protocol/messages.ts";
import type { ChildDetails, PollTally } from "../../shared/protocol/staffEvents.ts";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.ts";
import { type Avatar, SpaceState } from "../../shared/state/SpaceState.ts";
import type { VoiceEvents } from "../../shared/protocol/voice.ts";
import { Emitter } from "./emitter.ts";
import { ServerClock } from "./serverClock.ts";

/** Schemas of the events a page reads, by type (events.ts; lessonEvents.ts; pollEvents.ts and staffEvents.ts, heard later). */
type Reads = Partial<Record<string, { safeParse(payload: unknown): { success: boolean; data?: unknown } }>>;
type Speaks = Partial<Record<ClientMessageType, { safeParse(payload: unknown): { success: boolean } }>>;

type VoiceEvent<T extends keyof typeof VoiceEvents> = z.infer<(typeof VoiceEvents)[T]>;

/** An avatar as the rest of the client sees it: metres and radians, never wire units. */
export interface AvatarView {
  id: string;
  nickname: string;
  /** The look's ids (shared/domain/avatar.ts); unknown ones are drawn as the first of their list. */
  hair: string;
  hairColour: string;
  outfit: string;
  colour: string;
  skin: string;
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
  /** The same person came in again: the id of their earlier avatar, about to give way ("" for none). */
  replaces: string;
}

/** The screen's longest side in device pixels: what a board page is sized for. */
function screenPixels(): number {
  return typeof screen === "undefined" ? 0 : Math.max(screen.width, screen.height) * (globalThis.devicePixelRatio || 1);
}

/** What is on the lesson board: a picture, or a deck's page (page 0 of 0 for a picture); url "" when empty. */
export interface BoardView {
  url: string;
  title: string;
  page: number;
  pages: number;
  /** The page's words for screen readers (a deck's page only). */
  text: string;
  /** A child's answer on the board (with their consent), and their nickname ("" when they chose not to show it). */
  pin: string;
  pinBy: string;
  /** A screen is shared to the board (the voice part shows it: SpaceState.boardScreen). */
  screen: boolean;
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
  welcomeSession: (on: boolean) => void;
  /** A lesson started, changed or ended (null). */
  lesson: (lesson: LessonView | null) => void;
  /** The lesson board changed: its picture or a deck's page. */
  board: (board: BoardView) => void;
  chat: (line: ChatLine) => void;
  history: (lines: ChatLine[]) => void;
  emote: (from: string, emote: Emote) => void;
  notice: (notice: Notice) => void;
  /** To everyone: staff's, or an event's MC's (a line of the space channel too). */
  announcement: (line: ChatLine) => void;
  /** Staff took a line down (its id). */
  lineRemoved: (line: string) => void;
  /** An invitation to the counselling room; `booked`: at the time of the child's own booking. */
  knock: (by: string, booked: boolean) => void;
  queue: (items: HelpRequest[]) => void;
  /** Staff: raised hands in order (session ids). */
  hands: (order: string[]) => void;
  /** My place in the hand queue (1 = next), 0 when my hand is down. */
  handPlace: (place: number) => void;
  /** The teacher: a child's question. */
  question: (question: Question) => void;
  answer: (answer: ServerEvent<"answer">) => void;
  /** What the teacher wrote on the board's page `page` (its address, without a size): all of it, or one more. */
  boardMarks: (page: string, marks: Mark[]) => void;
  boardMark: (page: string, mark: Mark) => void;
  /** Staff ask me something only I decide (may my answer go on the board, may my work be shown). */
  consentAsk: (ask: ServerEvent<"consentAsk">) => void;
  /** The exhibit wall, newest first (my own works marked). */
  exhibits: (items: ServerEvent<"exhibits">["items"]) => void;
  /** Staff: the child agreed; send the picture with this grant. */
  exhibitGrant: (grant: ServerEvent<"exhibitGrant">) => void;
  /** A quick check, open or with its result (heard once the lesson's parts are here: hear()). */
  poll: (poll: PollView) => void;
  /** My questions the teacher has not answered yet (heard once the lesson's panel is here). */
  myQuestions: (mine: MyQuestions) => void;
  /** Staff: a quick check's tally (heard by the staff page). */
  pollTally: (tally: PollTally) => void;
  /** Staff: the details of a child the console opened (heard by the staff page). */
  childDetails: (details: ChildDetails) => void;
  /** A staff member has a child's details open: staff are looking after the space (never whose). */
  staffLooking: (on: boolean) => void;
  /** Staff: every voice group and who is in it; the answer to my offer of a voice talk (heard by the console's voice part). */
  voiceGroups: (groups: VoiceEvent<"voiceGroups">) => void;
  voiceAnswer: (answer: VoiceEvent<"voiceAnswer">) => void;
  /** My own self-study session: at a desk since when, with what goal; or just ended. */
  study: (study: ServerEvent<"study">) => void;
  /** Staff: my organisation's children at self-study desks. */
  studying: (desks: Studying[]) => void;
  /** Group tables: whether the classroom is split into them, and which table staff visit. */
  tables: (tables: ServerEvent<"tables">) => void;
  /** A table's board (mine, or every table's for staff). */
  tableBoard: (board: ServerEvent<"tableBoard">) => void;
  serverError: (error: ServerError) => void;
  /** Voice (issue 16), heard once the voice part is here (client/voice/): my talk, signalling, a counsellor's offer, a refusal. */
  talk: (talk: VoiceEvent<"talk">) => void;
  signal: (signal: VoiceEvent<"signal">) => void;
  voiceOffer: (offer: VoiceEvent<"voiceOffer">) => void;
  talkRefused: (refused: VoiceEvent<"talkRefused">) => void;
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
    callbacks.listen("welcomeSession", (on) => this.emit("welcomeSession", on));
    callbacks.listen("staffLooking", (on) => this.emit("staffLooking", on));
    // The fields of one change arrive together; the board is told once, after the last of them.
    let boardDue = false;
    const board = () => {
      if (boardDue) return;
      boardDue = true;
      queueMicrotask(() => {
        boardDue = false;
        const s = room.state;
        // A deck's page in the one size this screen needs, for the 3D board and the full-screen
        // view alike: the browser fetches it once per page turn.
        const url = s.boardPages && s.boardUrl ? `${s.boardUrl}?size=${pageSizeFor(screenPixels())}` : s.boardUrl;
        this.emit("board", { url, title: s.boardTitle, page: s.boardPage, pages: s.boardPages, text: s.boardText, pin: s.boardPin, pinBy: s.boardPinBy, screen: s.boardScreen });
      });
    };
    for (const field of ["boardUrl", "boardTitle", "boardPage", "boardPages", "boardText", "boardPin", "boardPinBy", "boardScreen"] as const) callbacks.listen(field, board);
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
    lineRemoved: (d) => this.emit("lineRemoved", d.line),
    knock: (d) => this.emit("knock", d.by, d.booked === true),
    queue: (d) => this.emit("queue", d.items),
    hands: (d) => this.emit("hands", d.order),
    handPlace: (d) => this.emit("handPlace", d.place),
    question: (d) => this.emit("question", d),
    answer: (d) => this.emit("answer", d),
    boardMarks: (d) => this.emit("boardMarks", d.page, d.marks),
    boardMark: (d) => this.emit("boardMark", d.page, d.mark),
    consentAsk: (d) => this.emit("consentAsk", d),
    exhibits: (d) => this.emit("exhibits", d.items),
    exhibitGrant: (d) => this.emit("exhibitGrant", d),
    study: (d) => this.emit("study", d),
    studying: (d) => this.emit("studying", d.desks),
    tables: (d) => this.emit("tables", d),
    tableBoard: (d) => this.emit("tableBoard", d),
  };

  /** The schemas of the events this page reads: the lesson's are added when the first arrives, a quick check's by hear(). */
  #reads: Reads = { ...ServerEvents };
  #lessonLoaded = false;
  /** Events waiting for the lesson's schemas, in the order they came; null when none wait. */
  #waiting: Array<[string, unknown]> | null = null;
  /** The last event of each type a part fetched later shows, until it hears them (a few types at most). */
  readonly #unheard = new Map<string, unknown>();

  /**
   * A part of the page fetched later (the lesson's panel, the staff console) adds the schemas of
   * the events it shows, so a first visit carries none of them. An event of theirs that came before
   * is heard now: the last of each type, as the server sends whole states (a quick check as it is).
   */
  hear(events: Reads): void {
    Object.assign(this.#reads, events);
    for (const [type, payload] of this.#unheard) {
      if (!Object.hasOwn(events, type)) continue;
      this.#unheard.delete(type);
      this.#receive(type, payload);
    }
  }

  /** Every server event is checked against shared/protocol before anyone sees it, in the order they came. */
  #receive(type: string, payload: unknown): void {
    if (this.#waiting) {
      this.#waiting.push([type, payload]);
      return;
    }
    if (Object.hasOwn(this.#reads, type)) return this.#read(type, payload);
    // A type this page does not know yet: the lesson's schemas are fetched once, and it is read again.
    if (!this.#lessonLoaded) {
      this.#lessonLoaded = true;
      this.#waiting = [[type, payload]];
      void import("../../shared/protocol/lessonEvents.ts").then(
        (lesson) => this.#resume(lesson.LessonEvents),
        () => this.#resume({}), // not fetched (offline): those events are dropped, the others go on
      );
      return;
    }
    // Still unknown: a part fetched later shows it (hear()); the last of each type waits for it.
    if (this.#unheard.size < 4 || this.#unheard.has(type)) this.#unheard.set(type, payload);
  }

  #resume(schemas: Reads): void {
    Object.assign(this.#reads, schemas);
    const waiting = this.#waiting ?? [];
    this.#waiting = null;
    for (const [type, payload] of waiting) this.#receive(type, payload);
  }

  #read(type: string, payload: unknown): void {
    const parsed = this.#reads[type]?.safeParse(payload);
    if (!parsed?.success) return;
    // The table pairs each type with its own handler; TypeScript cannot see through the index.
    // A type heard later (a quick check's) is passed on as it is.
    const handler = Object.hasOwn(this.#handlers, type) ? (this.#handlers[type as ServerEventType] as (data: unknown) => void) : null;
    if (handler) handler(parsed.data);
    else (this.emit as (event: string, data: unknown) => void)(type, parsed.data);
  }
}

function view(id: string, a: Avatar, at: number): AvatarView {
  return {
    id,
    nickname: a.nickname,
    hair: a.hair,
    hairColour: a.hairColour,
    outfit: a.outfit,
    colour: a.colour,
    skin: a.skin,
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
    replaces: a.replaces ?? "",
  };
}
