import type { ClientArray, Delayed } from "@colyseus/core";
import type { Point } from "../../shared/domain/geometry.ts";
import { positionAt } from "../../shared/domain/motion.ts";
import { type ZoneId, zoneAt } from "../../shared/domain/zones.ts";
import type { LoggedEvent } from "../../shared/log/events.ts";
import type { ChatLine, ServerError } from "../../shared/protocol/events.ts";
import type { SpaceState } from "../../shared/state/SpaceState.ts";
import type { Logger } from "../log.ts";
import type { PlazaEvent } from "../store/plazas.ts";
import type { WithPatch } from "../net/withPatch.ts";
import { BoardShown } from "./BoardShown.ts";
import type { ChatHistory } from "./ChatHistory.ts";
import type { Classroom } from "./Classroom.ts";
import type { HelpQueue } from "./HelpQueue.ts";
import type { StudyCorner } from "./StudyCorner.ts";
import type { SpaceContext } from "./handlers/context.ts";
import { enterZone, standAt } from "./handlers/move.ts";
import { mediaRefused } from "./handlers/voice.ts";
import { OrderedLog } from "./orderedLog.ts";
import { type Member, type Participant, type SpaceClient, isMember, isStaffClient } from "./participants.ts";
import type { SpaceDeps } from "./deps.ts";
import { MediaGrants } from "./voice/MediaGrants.ts";
import { Talks } from "./voice/Talks.ts";

/** What of a SpaceRoom its handlers' context is made from: the room's own parts, read through these. */
export interface SpaceParts {
  deps: SpaceDeps;
  /** The organisation's id, or plaza:<event>. */
  space: string;
  event: PlazaEvent | null;
  roomId: string;
  state: SpaceState;
  clients: () => ClientArray<SpaceClient>;
  broadcast: (type: string, payload: unknown) => void;
  setTimeout: (act: () => void, ms: number) => Delayed;
  disconnect: (code: number) => void;
  history: ChatHistory;
  queue: HelpQueue;
  classroom: Classroom;
  studyCorner: StudyCorner;
  participants: ReadonlyMap<string, Participant>;
  withPatch: WithPatch;
  log: Logger;
  /** The space's clock (SpaceRoom #now): walks, budgets and mutes. */
  now: () => number;
  /** Marks the space as closing; false if it already was (closing is done once). */
  startClosing: () => boolean;
}

/**
 * The context every handler is given (handlers/context.ts): the space's state and parts, how to
 * reach people, and the log and audit with the space's own rules (a plaza's staff act in their
 * own organisation's log and in the child's). Made once per space, when it opens.
 */
export function makeSpaceContext(room: SpaceParts): SpaceContext {
  const { deps, participants } = room;
  const events = new OrderedLog<Parameters<SpaceContext["log"]>[0]>(
    (event, at) => deps.log.append({ ...event, v: 1, at, space: room.roomId } as LoggedEvent),
    () => deps.clock.now(),
    (err) => room.log.error({ err }, "session event not logged"),
  );
  const clients = () => room.clients();
  const staffClients = () => clients().filter(isStaffClient);
  let seq = 0;
  // Keyed by this room's id: a space closed and opened again never meets its old rooms.
  const media = deps.mediaServer
    ? new MediaGrants(deps.mediaServer, room.roomId, {
        changed: () => {
          ctx.talks.dirty = true;
        },
        refused: (session) => mediaRefused(ctx, session),
        error: (err, what) => room.log.error({ err }, what),
      })
    : null;
  const ctx: SpaceContext = {
    space: room.space,
    plaza: room.event !== null,
    state: room.state,
    history: room.history,
    queue: room.queue,
    classroom: room.classroom,
    board: new BoardShown(),
    decks: deps.decks,
    exhibits: deps.exhibits,
    wall: [],
    consents: new Map(),
    pinOwner: { session: "" },
    studyCorner: room.studyCorner,
    selfStudy: deps.selfStudy,
    reports: deps.reports,
    bookings: deps.bookings,
    checkIns: deps.checkIns,
    words: deps.words,
    directory: deps.directory,
    sessions: deps.sessions,
    registry: deps.registry,
    counsellingMembers: new Set(),
    walking: new Set(),
    invitations: new Map(),
    looking: new Map(),
    talks: new Talks(
      deps.iceServers ?? (() => []),
      (session, kind, action) => {
        const participant = participants.get(session)?.participant;
        if (participant) ctx.log({ type: "talk", participant, kind, action });
      },
      media ? (session) => media.grantOf(session) : null,
      deps.relayOnly ?? false,
    ),
    media,
    now: room.now,
    log: (event) => events.log(event),
    logWhen: (answer, build) => events.logWhen(answer, build),
    logClock: () => deps.clock.now(),
    audit: (actor, action, target, detail = {}, outcome = "done") => {
      const who = actor.userData?.identity;
      if (outcome === "done" && actor.userData) {
        const targetParticipant = target?.userData?.participant;
        ctx.log({ type: "staff_action", participant: actor.userData.participant, action, ...(targetParticipant ? { target: targetParticipant } : {}) });
      }
      // In the acting person's organisation, and (in a plaza) in the child's own too, so it
      // sees what other organisations' staff did to its children.
      // An act on the whole plaza (closing it, an announcement) reaches every participating organisation's log.
      const targetOrg = target?.userData?.identity.org;
      const touched = targetOrg ? [targetOrg] : (room.event?.orgs ?? []);
      deps.audit
        .recordIn([who?.org ?? room.event?.hostOrg ?? room.space, ...touched], {
          actorId: who?.accountId ?? null,
          actorRole: who?.role ?? "anonymous",
          action,
          target: target?.userData?.identity.accountId ?? null,
          outcome,
          detail: room.event ? { ...detail, plaza: room.event.id } : detail,
        })
        .catch((err: unknown) => room.log.error({ err, action }, "audit entry not written"));
    },
    logError: (err, what) => room.log.error({ err }, what),
    send: (client, type, payload) => client.send(type, payload),
    sendError: (client, error: ServerError) => client.send("error", error),
    deliverChat: (from, line: ChatLine, onlyZone?: ZoneId) => {
      const hearers = onlyZone === undefined ? clients() : clients().filter((c) => room.state.avatars.get(c.sessionId)?.zone === onlyZone);
      ctx.share(from, "chat", line, hearers);
    },
    share: (from, type, payload, to: Iterable<SpaceClient> = clients()) => {
      from.send(type, payload);
      room.withPatch.hold([...to].filter((c) => c !== from), type, payload);
    },
    broadcast: (type, payload) => room.broadcast(type, payload),
    publishQueue: () => {
      const items = room.queue.items();
      for (const c of staffClients()) c.send("queue", { items });
    },
    clientBySession: (sessionId) => clients().get(sessionId),
    clientsOf: (accountId) => clients().filter((c): c is Member => isMember(c) && c.userData.identity.accountId === accountId),
    isHere: (accountId) => [...participants.values()].some((p) => p.identity.accountId === accountId),
    later: (ms, act) => room.setTimeout(act, ms),
    staffClients,
    members: () => clients().filter(isMember),
    clientsIn: (zone) => clients().filter((c) => room.state.avatars.get(c.sessionId)?.zone === zone),
    whereNow: (client) => positionAt(client.userData.reported, room.now(), client.userData.reportedReach),
    participantOf: (sessionId) => participants.get(sessionId)?.participant,
    placeAt: (client, point: Point) => {
      if (!room.state.avatars.has(client.sessionId) || !client.userData) return;
      standAt(ctx, client, point, ctx.now());
      enterZone(ctx, client, zoneAt(point));
      client.userData.lastMoveAt = ctx.now();
      client.userData.placedAt = ctx.now();
      client.userData.carried = 0;
      // The student's own page keeps its local position: tell it where it now is.
      client.send("error", { code: "move_rejected", about: "placed", position: { x: point.x, z: point.z } });
    },
    dismiss: (client, code, afterMs = 200) => {
      client.userData.dismissed = true;
      if (afterMs <= 0) client.leave(code);
      // Leave a moment for the notice to arrive before the socket closes.
      else room.setTimeout(() => client.leave(code), afterMs);
    },
    closeSpace: () => {
      if (!room.startClosing()) return;
      deps.registry.closed(room.space);
      room.setTimeout(() => room.disconnect(4102), 500);
    },
    nextId: () => `${room.roomId}-${++seq}`,
  };
  return ctx;
}
