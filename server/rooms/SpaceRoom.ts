import { randomUUID } from "node:crypto";
import { type AuthContext, type Delayed, Room, matchMaker, type RoomException, type RoomMethodName } from "@colyseus/core";
import { StateView } from "@colyseus/schema";
import { LIMITS, fromWire, toWire } from "../../shared/domain/limits.ts";
import { freeSpotNear } from "../../shared/domain/movement.ts";
import { STAFF_ROLES, type StaffRole, isStaff } from "../../shared/domain/roles.ts";
import { plazaEventOf } from "../../shared/domain/plaza.ts";
import { BOOKINGS } from "../../shared/domain/bookings.ts";
import { remindDueBookings } from "./bookingsDue.ts";
import { forgetLooking } from "./handlers/looking.ts";
import type { PlazaEvent } from "../store/plazas.ts";
import { SPAWN, type ZoneId, zoneAt } from "../../shared/domain/zones.ts";
import { Avatar, SpaceState } from "../../shared/state/SpaceState.ts";
import { type Identity, isJoinRefusal, joinRefused } from "../auth/identify.ts";
import type { Logger } from "../log.ts";
import { mayStillCome } from "../auth/signedIn.ts";
import { WithPatch } from "../net/withPatch.ts";
import { ChatHistory } from "./ChatHistory.ts";
import { dispatch } from "./dispatch.ts";
import { advanceWalks, stopWalk } from "./handlers/move.ts";
import type { SpaceContext } from "./handlers/context.ts";
import { HelpQueue } from "./HelpQueue.ts";
import { Classroom } from "./Classroom.ts";
import { marksFor } from "./handlers/deck.ts";
import { leftPins } from "./handlers/pin.ts";
import { forgetConsents } from "./handlers/consent.ts";
import { exhibitsFor } from "./handlers/exhibit.ts";
import { endLesson, leaveClassroom, lessonFor } from "./handlers/lesson.ts";
import { pollFor } from "./handlers/polls.ts";
import { leaveDesk, studyFor } from "./handlers/study.ts";
import { StudyCorner } from "./StudyCorner.ts";
import { tablesFor } from "./handlers/tables.ts";
import { leftTalks, publishTalks, talksFor } from "./handlers/voice.ts";
import { tablesVisibleTo } from "./handlers/atTable.ts";
import { QueueKeeper } from "./queueKeeper.ts";
import { watch } from "./watchers.ts";
import { makeSpaceContext } from "./spaceContext.ts";
import { OPENER, admit } from "./door.ts";
import { CLOSE, type Member, type Participant, RECONNECTABLE, type SpaceClient, isMember, isStaffClient } from "./participants.ts";
import { RateLimiter } from "./RateLimiter.ts";
import type { SpaceDeps } from "./deps.ts";


/**
 * One organisation's open space: lifecycle and the message entrance. The rules live in
 * shared/domain and the handlers; this class wires them to Colyseus. Students may be here only
 * while a staff member is: the space opens when the first one arrives, and closes a minute after
 * the last one has gone (see #checkSupervision).
 */
export class SpaceRoom extends Room<{ state: SpaceState; client: SpaceClient }> {
  override maxClients = LIMITS.maxParticipants;
  // See LIMITS.patchMs: the frames a student receives are most of what the server's CPU goes to.
  override patchRate = LIMITS.patchMs;
  // A last resort behind the per-type budgets in dispatch: a client this loud is broken or hostile.
  override maxMessagesPerSecond = 120;
  override state = new SpaceState();

  /** Set by createSpaceRoom(); a room never builds its own dependencies. */
  protected deps!: SpaceDeps;
  /** The organisation whose floor this is, or plaza:<event> for a shared plaza. */
  #space = "";
  /** The plaza's event (who takes part), or null on an organisation's floor. */
  #event: PlazaEvent | null = null;
  /** Stops what the space hears from outside itself (watchers.ts). */
  #stopWatching: () => void = () => {};
  #history = new ChatHistory(LIMITS.chatHistory);
  #queue = new HelpQueue(100, () => this.#keeper?.keep());
  #classroom = new Classroom();
  #studyCorner = new StudyCorner();
  #keeper: QueueKeeper | null = null;
  #shuttingDown = false;
  #ctx!: SpaceContext;
  #closing = false;
  /** Whether onCreate let this space open (a refused one is disposed of at once, never having been here). */
  #opened = false;
  readonly #withPatch = new WithPatch();
  /** Set while students are here without any staff member; closes the space when it fires. */
  #unsupervised: Delayed | null = null;
  #log!: Logger;
  /** Participants by session id: a reconnecting link gets a new client object, and this back. */
  readonly #participants = new Map<string, Participant>();
  /** Seats kept for dropped links, so a newer arrival of the same person can release them. */
  readonly #keptSeats = new Map<string, ReturnType<Room["allowReconnection"]>>();

  override async onCreate(options: { org?: unknown; [OPENER]?: unknown }): Promise<void> {
    this.#space = typeof options.org === "string" ? options.org : "";
    this.#log = this.deps.logger.child({ space: this.roomId, org: this.#space });
    await this.#mayOpen(options[OPENER]);
    this.#opened = true;
    const eventId = plazaEventOf(this.#space);
    if (eventId !== null) this.#event = await this.deps.plazas.get(eventId);
    this.#keeper = new QueueKeeper(this.deps.helpQueue, this.#space, this.#queue, (sessionId) => this.#participants.get(sessionId)?.identity.accountId, (err, what) => this.#log.error({ err }, what));
    this.#ctx = this.#makeContext();
    // No lesson until staff start one (strings are sent only once set).
    Object.assign(this.state, { lessonTitle: "", lessonSubject: "", lessonTeacher: "", boardText: "", boardPage: 0, boardPages: 0, boardPin: "", boardPinBy: "", boardScreen: false, staffLooking: false });
    this.onMessage("*", (client: SpaceClient, type: string | number, payload: unknown) => this.#receive(client, type, payload));
    this.#ctx.log({ type: "space_opened", org: this.#space, registration: randomUUID() });
    // Bookings are an organisation's (a plaza has no counselling room): checked on the space's clock.
    if (eventId === null)
      this.clock.setInterval(() => remindDueBookings(this.#ctx, this.deps.bookings).catch((err: unknown) => this.#log.error({ err }, "bookings not reminded")), BOOKINGS.checkEveryMs);
    // What a space needs before its first person comes in, asked all at once: each answer is a
    // round trip to the store or the presence (PostgreSQL, Redis), and the person waits on them all.
    await Promise.all([
      // A lesson the door still shows was left by a process that stopped mid-lesson (its onDispose
      // never ran): it ended with that process. Cleared before anyone can start a new one.
      this.deps.registry.lessonOff(this.#space).catch((err: unknown) => this.#log.error({ err }, "stale lesson not cleared from the door")),
      this.deps.registry.welcome(this.#space, false).catch((err: unknown) => this.#log.error({ err }, "stale welcome session not cleared from the door")),
      watch({
        ctx: this.#ctx,
        boards: this.deps.boards,
        exhibits: this.deps.exhibits,
        directory: this.deps.directory,
        presence: this.deps.presence,
        log: this.#log,
        eventId,
        clients: () => this.clients,
        closing: () => this.#closing,
        letGo: (studentId, why, dismiss) => this.#letGo(studentId, why, dismiss),
      }).then((stop) => {
        this.#stopWatching = stop;
      }),
      this.#keeper.restore(),
    ]);
  }

  /**
   * One space per organisation (or plaza), opened by a member of staff. Matchmaking opens a new
   * one when it finds none to join: none open yet (a student may not open it: nobody would be
   * watching, and it would start an organisation's day, its welcome session and lesson marks
   * cleared), or the one open is full (a second one would split the school in two). Refused
   * before anything here has happened; onDispose then has nothing to undo.
   */
  async #mayOpen(opener: unknown): Promise<void> {
    const others = await matchMaker.query({ name: this.roomName, org: this.#space });
    if (others.some((room) => room.clients >= room.maxClients)) throw joinRefused("space_full");
    if (!STAFF_ROLES.includes(opener as StaffRole)) throw joinRefused("space_closed");
  }

  override onJoin(client: SpaceClient, _options: unknown, identity: Identity): void {
    if (!this.#admits(identity)) throw joinRefused("wrong_space");
    const staff = isStaff(identity.role);
    // Between onAuth and here the last staff member may have left: check again.
    if (!staff && !this.deps.registry.isOpenHere(this.#space)) throw joinRefused("space_closed");

    const replaces = this.#releaseEarlierSeats(identity.accountId);
    const spot = freeSpotNear(SPAWN, [...this.state.avatars.values()].map((a) => ({ x: fromWire(a.x), z: fromWire(a.z) })));
    const zone = (zoneAt(spot)?.id ?? "talk") satisfies ZoneId;
    const now = this.#ctx.now();
    const standing = { x: fromWire(toWire(spot.x)), z: fromWire(toWire(spot.z)), vx: 0, vz: 0, at: now };
    client.userData = {
      identity,
      participant: randomUUID(),
      lastMoveAt: now,
      carried: 0,
      reported: standing,
      reportedReach: 0,
      shown: standing,
      shownReach: 0,
      limiter: new RateLimiter(this.deps.rateLimits),
      dismissed: false,
      lastSampleAt: 0,
      placedAt: Number.NEGATIVE_INFINITY,
    };
    this.#participants.set(client.sessionId, client.userData);
    this.#watchSocket(client);
    const avatar = new Avatar({
      nickname: identity.nickname,
      ...identity.look,
      zone,
      x: toWire(spot.x),
      z: toWire(spot.z),
      vx: 0,
      vz: 0,
      at: now & 0xffff,
      heading: 0,
      kind: staff ? "staff" : "student",
      status: "none",
      hand: false,
      away: false,
      since: Math.floor(Date.now() / 1000),
      greeted: false,
      mutedUntil: 0,
      emcee: false,
      seat: 0,
      badge: this.#event ? (identity.badge ?? "") : "",
      replaces,
    });
    this.state.avatars.set(client.sessionId, avatar);

    // Staff see the staff-only fields of everyone; everyone else sees none of them.
    if (staff) {
      // Back within the minute: the children were told the space would close, so they are told it will not.
      if (this.#unsupervised) this.broadcast("notice", { code: "supporter_back" }, { except: client });
      this.#unsupervised?.clear();
      this.#unsupervised = null;
      this.#giveStaffView(client);
      this.deps.registry.staffArrived(this.#space);
      this.deps.audit
        .record({ orgId: identity.org, actorId: identity.accountId, actorRole: identity.role, action: "open_space", target: null, outcome: "done", ...(this.#event ? { detail: { plaza: this.#event.id } } : {}) })
        .catch((err: unknown) => this.#log.error({ err }, "audit entry not written"));
    }
    for (const other of this.clients) if (other !== client && isStaffClient(other) && other.userData && this.#oversees(other.userData.identity, identity)) other.view?.add(avatar);

    // Back after a crash with help still wished for: it waits in the queue again, theirs.
    if (this.#keeper?.returned(identity.accountId, client.sessionId)) this.#ctx.publishQueue();
    if (staff) client.send("queue", { items: this.#queue.items() });
    this.#tellWhatIsOn(client, zone, false);
    this.#ctx.log({ type: "entered", participant: client.userData.participant, zone, account: identity.accountId, role: staff ? "staff" : "student" });
    // A child's first day is the day they first came in (a welcome session lets them in all that day).
    if (!staff) this.deps.directory.markEntered(identity.accountId, this.deps.clock.now()).catch((err: unknown) => this.#log.error({ err }, "first entry not kept"));
  }

  /**
   * A link dropped (an LTE blip, a sleeping tablet): keep the seat, avatar, zone and status for a
   * while. People taken out by staff or by the flood guard, and sockets closed for abuse, are not
   * kept.
   */
  override async onDrop(client: SpaceClient, code?: number): Promise<void> {
    if (!isMember(client) || client.userData.dismissed || code === undefined || !RECONNECTABLE.has(code)) return;
    const avatar = this.state.avatars.get(client.sessionId);
    if (avatar) avatar.away = true;
    stopWalk(this.#ctx, client);
    // Its voice links died with the socket: out of the talk, joined again by choice when back.
    leftTalks(this.#ctx, client.sessionId);
    // The grace is timed by the space's clock, as the unsupervised minute is (#checkSupervision),
    // rather than by Colyseus's own timer: one clock for both, which a test can move.
    const seat = this.allowReconnection(client, "manual");
    const graceEnds = this.clock.setTimeout(() => seat.reject(new Error("grace ended")), LIMITS.reconnectSeconds * 1000);
    this.#keptSeats.set(client.sessionId, seat);
    try {
      await seat;
    } catch {
      // The grace period ended, the person came back on a new seat, or the space is closing:
      // onLeave gives the seat up.
    } finally {
      graceEnds.clear();
      this.#keptSeats.delete(client.sessionId);
    }
  }

  /**
   * One person, one avatar: when someone arrives while an earlier seat of theirs is still here
   * (a dropped link waiting, or another tab), the earlier one gives way. Returns the earlier
   * avatar's session id ("" for none): it leaves the state a moment after the new one comes.
   */
  #releaseEarlierSeats(accountId: string): string {
    let replaced = "";
    for (const [sessionId, participant] of this.#participants) {
      if (participant.identity.accountId !== accountId) continue;
      if (this.state.avatars.has(sessionId)) replaced = sessionId;
      const kept = this.#keptSeats.get(sessionId);
      if (kept) {
        kept.reject(new Error("replaced"));
        continue;
      }
      const earlier = this.clients.getById(sessionId);
      if (isMember(earlier)) this.#ctx.dismiss(earlier, CLOSE.replaced);
    }
    return replaced;
  }

  /** Back on the same seat: restore what the server knows, and what was said meanwhile. */
  override async onReconnect(client: SpaceClient): Promise<void> {
    const me = this.#participants.get(client.sessionId);
    const avatar = this.state.avatars.get(client.sessionId);
    if (!me || !avatar) throw new Error("reconnection without a seat");
    client.userData = me;
    // A reconnection brings no cookie: a child blocked, or whose code was replaced or taken back
    // (with the CLI, which tells no space), while the link was down does not come back in.
    if (me.identity.role === "student" && isMember(client) && !(await mayStillCome(this.deps.directory, me.identity))) {
      this.#ctx.dismiss(client, CLOSE.blocked, 0);
      return;
    }
    this.#watchSocket(client);
    avatar.away = false;
    if (isStaff(me.identity.role)) {
      this.#giveStaffView(client);
      client.send("queue", { items: this.#queue.items() });
    }
    this.#tellWhatIsOn(client, avatar.zone as ZoneId, true);
    this.#ctx.log({ type: "reconnected", participant: me.participant, zone: avatar.zone as ZoneId });
  }

  /**
   * What someone coming in, or back on their kept seat, is told of what is on: the lines they may
   * see, the lesson, the tables, the board's marks, the exhibit wall, a poll, the study corner and
   * the talks. `back`: after a dropped link, "no tables" is said too (one may have ended meanwhile).
   */
  #tellWhatIsOn(client: SpaceClient, zone: ZoneId, back: boolean): void {
    client.send("history", { lines: this.#history.visibleFrom(zone, tablesVisibleTo(this.#ctx, client)) });
    lessonFor(this.#ctx, client);
    tablesFor(this.#ctx, client, back);
    marksFor(this.#ctx, client);
    exhibitsFor(this.#ctx, client, true);
    pollFor(this.#ctx, client);
    studyFor(this.#ctx, client);
    talksFor(this.#ctx, client);
  }

  override onLeave(client: SpaceClient): void {
    const avatar = this.state.avatars.get(client.sessionId);
    const me = this.#participants.get(client.sessionId);
    // Someone at a self-study desk stands up as they go (after a dropped link, once its seat is given up).
    if (isMember(client)) leaveDesk(this.#ctx, client, null, false);
    // Out of their talk while the log still knows who they were.
    leftTalks(this.#ctx, client.sessionId);
    if (avatar && me) {
      this.#ctx.log({ type: "left", participant: me.participant, zone: avatar.zone as ZoneId });
      if (isStaff(me.identity.role)) this.deps.registry.staffLeft(this.#space);
    }
    this.state.avatars.delete(client.sessionId);
    this.#participants.delete(client.sessionId);
    if (this.#queue.forget(client.sessionId)) this.#ctx.publishQueue();
    // A seat still marked away was kept for a dropped link that did not come back: its grace is over.
    if (isMember(client)) leaveClassroom(this.#ctx, client, avatar?.away === true);
    leftPins(this.#ctx, client.sessionId);
    forgetConsents(this.#ctx, client.sessionId);
    this.#ctx.counsellingMembers.delete(client.sessionId);
    if (isMember(client)) this.#ctx.walking.delete(client);
    this.#ctx.invitations.delete(client.sessionId);
    forgetLooking(this.#ctx, client.sessionId);
    if (me && isStaff(me.identity.role)) this.#checkSupervision();
  }

  /**
   * The last staff member has gone (a dropped link kept its seat first and did not come back):
   * students are told, and unless someone from staff arrives within LIMITS.unsupervisedSeconds,
   * the space closes for them kindly. Nobody new can enter meanwhile (the registry says closed).
   */
  #checkSupervision(): void {
    if (this.#closing || this.#unsupervised || this.#participants.size === 0 || this.#staffPresent()) return;
    this.broadcast("notice", { code: "supporter_away" });
    this.#unsupervised = this.clock.setTimeout(() => {
      this.#unsupervised = null;
      if (this.#staffPresent()) return;
      this.broadcast("notice", { code: "space_closing" });
      this.#ctx.closeSpace();
    }, LIMITS.unsupervisedSeconds * 1000);
  }

  /**
   * The space's time, for walks, message budgets and mutes: read where the space's clock reads it
   * (Date.now), so that one clock times everything here and a test that holds it
   * (test/support/time.ts) holds all of it.
   */
  #now(): number {
    return (this.clock as unknown as { now(): number }).now();
  }

  /** Staff seats count while kept for a dropped link: the counsellor is still, in effect, here. */
  #staffPresent(): boolean {
    for (const p of this.#participants.values()) if (isStaff(p.identity.role)) return true;
    return false;
  }

  /** Where every walk has got to, just before everyone is told what changed. */
  override onBeforePatch(): void {
    advanceWalks(this.#ctx);
    publishTalks(this.#ctx);
  }

  /** A patch and the lines held back for it (share()) leave in one write per person. */
  override broadcastPatch(): boolean {
    return this.#withPatch.patch(this.clients, () => super.broadcastPatch());
  }

  /** SIGTERM: tell everyone the space will be back, then close (the log is flushed in onDispose). */
  override onBeforeShutdown(): void {
    this.#shuttingDown = true;
    this.broadcast("notice", { code: "server_restarting" });
    this.clock.setTimeout(() => super.onBeforeShutdown(), 100);
  }

  override onDispose(): void {
    if (!this.#opened) return; // refused in onCreate (#mayOpen)
    this.#stopWatching();
    // Closed on purpose, nothing waits any more; stopped for a restart, it waits for the next start.
    if (!this.#shuttingDown) this.#keeper?.clear();
    endLesson(this.#ctx); // a lesson still on ends with its space, in the log and on the door
    this.#ctx.media?.close(); // its talks' media rooms with it
    this.#ctx.log({ type: "space_closed", reason: "closed" });
    // The log flushes by itself on its interval; a failed write stays buffered for the next one.
    this.deps.log.flush().catch((err: unknown) => this.#log.error({ err }, "session log flush failed"));
  }

  /** One failing handler must never close the space for everyone else. */
  override onUncaughtException(error: RoomException, method: RoomMethodName): void {
    const cause = error.cause ?? error;
    // A refusal at the door (joinRefused: a full space, a child where no adult is) is an answer, not a failure.
    if (isJoinRefusal(cause)) return;
    this.#log.error({ err: cause, method }, "room hook failed");
  }

  /**
   * A frame over the size limit makes the socket library drop the connection, which looks like a
   * dropped link (1006). It is not one: no seat is kept for it.
   */
  #watchSocket(client: SpaceClient): void {
    client.ref.once("error", (error: { code?: string }) => {
      if (error?.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH" && client.userData) client.userData.dismissed = true;
    });
  }

  /** A student told of by another process goes from every seat here: a kept one given up, a connected one let go by `dismiss`. */
  #letGo(studentId: unknown, why: string, dismiss: (client: Member) => void): void {
    for (const [sessionId, me] of this.#participants) {
      if (me.identity.role !== "student" || me.identity.accountId !== studentId) continue;
      this.#keptSeats.get(sessionId)?.reject(new Error(why));
      const client = this.clients.getById(sessionId);
      if (isMember(client)) dismiss(client);
    }
  }

  #giveStaffView(client: SpaceClient): void {
    client.view = new StateView();
    const me = client.userData?.identity;
    for (const [sessionId, a] of this.state.avatars) {
      const them = this.#participants.get(sessionId)?.identity;
      if (me && them && this.#oversees(me, them)) client.view.add(a);
    }
  }

  /** Who may come in: the organisation's own people, or in a plaza, its participating organisations'. */
  #admits(identity: Identity): boolean {
    return this.#event ? this.#event.orgs.includes(identity.org) : identity.org === this.#space;
  }

  /**
   * Whose staff-only fields (minutes present, greeted, muted) a staff member sees: everyone's on
   * their own floor; in a plaza only their own organisation's people (other organisations' staff
   * see a child's nickname and badge, as any child does).
   */
  #oversees(staff: Identity, person: Identity): boolean {
    return staff.org === person.org;
  }

  #receive(client: SpaceClient, type: string | number, payload: unknown): void {
    const failed = (error: unknown) => {
      this.#log.error({ err: error, session: client.sessionId, type: String(type).slice(0, 40) }, "message handler failed");
      this.#ctx.sendError(client, { code: "server_error", about: String(type).slice(0, 40) });
    };
    try {
      dispatch(this.#ctx, client, type, payload)?.catch(failed);
    } catch (error) {
      failed(error);
    }
  }

  #makeContext(): SpaceContext {
    return makeSpaceContext({
      deps: this.deps,
      space: this.#space,
      event: this.#event,
      roomId: this.roomId,
      state: this.state,
      clients: () => this.clients,
      broadcast: (type, payload) => this.broadcast(type, payload),
      setTimeout: (act, ms) => this.clock.setTimeout(act, ms),
      disconnect: (code) => void this.disconnect(code),
      history: this.#history,
      queue: this.#queue,
      classroom: this.#classroom,
      studyCorner: this.#studyCorner,
      participants: this.#participants,
      withPatch: this.#withPatch,
      log: this.#log,
      now: () => this.#now(),
      startClosing: () => {
        if (this.#closing) return false;
        this.#closing = true;
        return true;
      },
    });
  }
}

/** A SpaceRoom bound to its dependencies, for defineRoom(). Colyseus calls onAuth unbound, hence the closure. */
export function createSpaceRoom(deps: SpaceDeps): typeof SpaceRoom {
  return class BoundSpaceRoom extends SpaceRoom {
    static override async onAuth(_token: string, options: unknown, context: AuthContext): Promise<Identity> {
      return admit(deps, options, context);
    }
    protected override deps = deps;
  };
}
