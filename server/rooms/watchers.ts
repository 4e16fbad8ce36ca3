import type { Presence } from "@colyseus/core";
import { LIMITS } from "../../shared/domain/limits.ts";
import { mayStillCome } from "../auth/signedIn.ts";
import { SIGNED_OUT_TOPIC } from "../auth/signOut.ts";
import type { Directory } from "../store/directory.ts";
import { type Boards, boardUrl } from "../store/boards.ts";
import type { Exhibits } from "../store/exhibits.ts";
import { PLAZA_CLOSED_TOPIC, PLAZA_KEPT_OUT_TOPIC } from "../store/plazas.ts";
import type { Logger } from "../log.ts";
import type { SpaceContext } from "./handlers/context.ts";
import { pictureChanged } from "./handlers/deck.ts";
import { wallChanged } from "./handlers/exhibit.ts";
import { CLOSE, type Member, type SpaceClient, isMember } from "./participants.ts";

/**
 * What a space hears from outside itself, on this process or another: the organisation's board
 * picture and exhibit wall changing, a plaza's event ending or a child kept out of plazas, a
 * child erased or signed out, and (asked of the store now and then) a child no longer let in.
 * SpaceRoom starts them all when it is made and stops them when it goes.
 */
export interface Watching {
  readonly ctx: SpaceContext;
  readonly boards: Boards;
  readonly exhibits: Exhibits;
  readonly directory: Directory;
  readonly presence: Presence;
  readonly log: Logger;
  /** The plaza's event, or null on an organisation's floor. */
  readonly eventId: string | null;
  /** Everyone connected now (the wall is sent to each as they may see it). */
  clients(): Iterable<SpaceClient>;
  /** The space is already closing (an ending heard twice is said once). */
  closing(): boolean;
  /** Takes a student from every seat here: a kept one given up, a connected one let go by `dismiss`. */
  letGo(studentId: unknown, why: string, dismiss: (client: Member) => void): void;
}

type Stop = () => void;

/**
 * Starts every watch at once (each is a round trip to the store or the presence); returns how to
 * stop them all. If one cannot start, those that did are stopped before the error goes on: a
 * space that fails to open leaves no listener behind on the presence.
 */
export async function watch(w: Watching): Promise<Stop> {
  const started = await Promise.allSettled([watchBoard(w), watchWall(w), w.eventId !== null ? watchPlaza(w, w.eventId) : null, watchAccounts(w), watchRoll(w)]);
  const stopAll = () => {
    for (const s of started) if (s.status === "fulfilled") s.value?.();
  };
  const failed = started.find((s) => s.status === "rejected");
  if (failed) {
    stopAll();
    throw failed.reason;
  }
  return stopAll;
}

/** The organisation's picture on the board: listening before reading, so a change while it is read is not lost. */
async function watchBoard({ ctx, boards }: Watching): Promise<Stop> {
  const showBoard = (board: { file: string; title: string } | null) => pictureChanged(ctx, { url: boardUrl(board), title: board?.title ?? "" });
  let changed = false;
  const stop = await boards.onChange((org, board) => {
    if (org !== ctx.space) return;
    changed = true;
    showBoard(board);
  });
  const current = await boards.current(ctx.space);
  if (!changed) showBoard(current);
  return stop;
}

/** The exhibit wall: listening before reading, as for the board. */
async function watchWall({ ctx, exhibits, log, clients }: Watching): Promise<Stop> {
  let changed = false;
  const stop = await exhibits.onChange((org) => {
    if (org !== ctx.space) return;
    changed = true;
    wallChanged(ctx, clients()).catch((err: unknown) => log.error({ err }, "exhibit wall not read"));
  });
  const wall = await exhibits.list(ctx.space);
  if (!changed) ctx.wall.push(...wall);
  return stop;
}

/**
 * What other processes tell a plaza: its event has ended (everyone is told and the space
 * closes), or a child's own staff keep them out (told kindly and sent back; a seat kept for a
 * dropped link is given up too, so a sleeping tablet does not wake up inside).
 */
async function watchPlaza({ ctx, presence, closing, letGo }: Watching, eventId: string): Promise<Stop> {
  const closed = (id: unknown) => {
    if (id !== eventId || closing()) return;
    ctx.broadcast("notice", { code: "space_closing" });
    ctx.closeSpace();
  };
  const keptOut = (studentId: unknown) =>
    letGo(studentId, "kept out of plazas", (client) => {
      client.send("notice", { code: "plaza_kept_out" });
      ctx.dismiss(client, CLOSE.keptOutOfPlaza);
    });
  await presence.subscribe(PLAZA_CLOSED_TOPIC, closed);
  await presence.subscribe(PLAZA_KEPT_OUT_TOPIC, keptOut);
  return () => {
    presence.unsubscribe(PLAZA_CLOSED_TOPIC, closed);
    presence.unsubscribe(PLAZA_KEPT_OUT_TOPIC, keptOut);
  };
}

/**
 * A child whose sign-ins ended (server/auth/signOut.ts: blocked or their code taken back or
 * replaced on the staff page, or erased on a guardian's request) leaves at once, told that a
 * supporter paused their code; a seat kept for their dropped link is given up too.
 */
async function watchAccounts({ ctx, presence, letGo }: Watching): Promise<Stop> {
  const ended = (studentId: unknown) => letGo(studentId, "signed out", (client) => leaveBlocked(ctx, client));
  await presence.subscribe(SIGNED_OUT_TOPIC, ended);
  return () => presence.unsubscribe(SIGNED_OUT_TOPIC, ended);
}

/**
 * Every LIMITS.rollCheckSeconds, each child here is asked of the store again (the rule of a dropped
 * link coming back, signedIn.ts mayStillCome): a code replaced or taken back, or a child blocked,
 * where nobody told this space, ends the visit as watchAccounts does. The CLI
 * (`npm run admin -- reissue-code`) writes the database only, and an embedded server has no
 * channel it could reach: without this, whoever came in with a lost card stayed until they left.
 * One check at a time; the next is set when this one has answered.
 */
async function watchRoll({ ctx, directory, log, clients, letGo }: Watching): Promise<Stop> {
  let next: { clear(): void } | null = null;
  let stopped = false;
  const check = async () => {
    const children = [...clients()].filter(isMember).filter((c) => c.userData.identity.role === "student" && !c.userData.dismissed);
    for (const { userData } of children) {
      if (!(await mayStillCome(directory, userData.identity))) letGo(userData.identity.accountId, "no longer let in", (client) => leaveBlocked(ctx, client));
    }
  };
  const schedule = () => {
    next = ctx.later(LIMITS.rollCheckSeconds * 1000, () => {
      check()
        .catch((err: unknown) => log.error({ err }, "the children here not checked against the store"))
        .finally(() => {
          if (!stopped) schedule();
        });
    });
  };
  schedule();
  return () => {
    stopped = true;
    next?.clear();
  };
}

/** Told that a supporter paused their code, and let go (no seat is kept). */
function leaveBlocked(ctx: SpaceContext, client: Member): void {
  client.send("notice", { code: "blocked" });
  ctx.dismiss(client, CLOSE.blocked);
}
