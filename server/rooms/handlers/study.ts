import { randomUUID } from "node:crypto";
import { can } from "../../../shared/domain/roles.ts";
import { STUDY_DESKS, isStudyDesk, seatNear } from "../../../shared/domain/seats.ts";
import { STUDY, minutesBetween } from "../../../shared/domain/study.ts";
import type { ZoneId } from "../../../shared/domain/zones.ts";
import type { ParsedMessage } from "../../../shared/protocol/messages.ts";
import type { StudyDid } from "../../store/selfStudy.ts";
import type { AtDesk } from "../StudyCorner.ts";
import { type Member, type SpaceClient, isStaffClient } from "../participants.ts";
import { heldBack } from "./chat.ts";
import type { SpaceContext } from "./context.ts";

/**
 * The self-study corner (issue 15; shared/domain/study.ts): a child sits at a self-study desk in
 * the quiet corner (`sit` there, as in the classroom), may set today's goal, may open one of the
 * organisation's learning sites (the page opens it in a new tab and says when the child is back),
 * and may say what they did when they stand up: with the stand-up button, or a little later when
 * they walked away instead. Nothing is asked twice and nothing is required. Their own staff see
 * who is studying, the goal and since when; the child's page fetches their history over HTTP.
 * What a child writes is filtered and muted as chat is, kept in the organisation's store for the
 * child and their staff, and never put into the session log (see shared/log/events.ts).
 */

/** Sits at the free self-study desk nearest the avatar (not `taken`), anywhere in the quiet corner, and begins a session there. */
export function sitToStudy(ctx: SpaceContext, client: Member, taken: (seat: number) => boolean): void {
  const avatar = ctx.state.avatars.get(client.sessionId);
  if (!avatar) return;
  // The desks are the children's: an adult sitting at one would take it from a child.
  if (!can(client.userData.identity.role, "selfStudy")) return ctx.sendError(client, { code: "not_allowed", about: "sit" });
  const desk = seatNear(ctx.whereNow(client), taken, STUDY_DESKS);
  if (!desk) return ctx.sendError(client, { code: "no_desk", about: "sit" });
  if (avatar.seat === desk.id) return;
  ctx.placeAt(client, desk);
  avatar.seat = desk.id;
  const me = client.userData;
  const entry: AtDesk = { record: randomUUID(), account: me.identity.accountId, org: me.identity.org, since: ctx.logClock(), goal: null, site: null };
  ctx.studyCorner.atDesk.set(client.sessionId, entry);
  // A new session: the one before it is not asked about any more.
  ctx.studyCorner.justEnded.delete(entry.account);
  write(ctx, () => ctx.selfStudy.start(entry.record, entry.org, entry.account, entry.since));
  ctx.log({ type: "self_study_started", participant: me.participant, desk: desk.id });
  tellChild(ctx, client, entry);
  publishStudying(ctx);
}

/** Today's goal, set or changed: one tap or the child's own words, filtered as chat is. */
export function onStudyGoal(ctx: SpaceContext, client: Member, msg: ParsedMessage<"studyGoal">): void {
  const entry = ctx.studyCorner.atDesk.get(client.sessionId);
  if (!entry) return ctx.sendError(client, { code: "not_studying", about: "studyGoal" });
  if (heldBack(ctx, client, zoneOf(ctx, client), msg.text, "studyGoal")) return;
  const goal = { ...(msg.preset ? { preset: msg.preset } : {}), ...(msg.text !== undefined ? { text: msg.text } : {}) };
  entry.goal = goal;
  write(ctx, () => ctx.selfStudy.setGoal(entry.record, goal));
  ctx.log({ type: "self_study_goal", participant: client.userData.participant, ...(msg.preset ? { preset: msg.preset } : {}), chars: chars(msg.text) });
  tellChild(ctx, client, entry);
  publishStudying(ctx);
}

/**
 * A listed learning site opened (in a new tab: the page does that), or the child back from it.
 * Only a site on the child's organisation's list counts, by its id; "returned" only from the one
 * opened. Staff see which site the child is on meanwhile, so a quiet avatar is not a worry.
 */
export async function onStudySite(ctx: SpaceContext, client: Member, msg: ParsedMessage<"studySite">): Promise<void> {
  const entry = ctx.studyCorner.atDesk.get(client.sessionId);
  if (!entry) return ctx.sendError(client, { code: "not_studying", about: "studySite" });
  const participant = client.userData.participant;
  if (msg.event === "returned") {
    if (entry.site?.id !== msg.site) return ctx.sendError(client, { code: "no_such_site", about: "studySite" });
    entry.site = null;
    ctx.log({ type: "self_study_site", participant, site: msg.site, action: "returned" });
    return publishStudying(ctx);
  }
  const site = await ctx.selfStudy.site(entry.org, msg.site);
  if (!site) return ctx.sendError(client, { code: "no_such_site", about: "studySite" });
  // The store answered after the child stood up: that session is over.
  if (ctx.studyCorner.atDesk.get(client.sessionId) !== entry) return;
  entry.site = { id: site.id, name: site.name };
  ctx.log({ type: "self_study_site", participant, site: site.id, action: "opened" });
  publishStudying(ctx);
}

/**
 * At a desk: stands up, keeping what they did if they said it (saying nothing is as fine).
 * Just after a session ended unrecorded (they walked away): what they did, for that session.
 */
export function onStudyEnd(ctx: SpaceContext, client: Member, msg: ParsedMessage<"studyEnd">): void {
  const did: StudyDid | null = msg.did !== undefined || msg.text !== undefined ? { ...(msg.did ? { preset: msg.did } : {}), ...(msg.text !== undefined ? { text: msg.text } : {}) } : null;
  if (heldBack(ctx, client, zoneOf(ctx, client), msg.text, "studyEnd")) return;
  if (ctx.studyCorner.atDesk.has(client.sessionId)) return leaveDesk(ctx, client, did);
  const account = client.userData.identity.accountId;
  const ended = ctx.studyCorner.justEnded.get(account);
  const stillAsked = ended !== undefined && ctx.logClock() - ended.endedAt <= STUDY.recordWithinMinutes * 60_000;
  if (!stillAsked) ctx.studyCorner.justEnded.delete(account);
  if (!did || !ended || !stillAsked) return ctx.sendError(client, { code: "not_studying", about: "studyEnd" });
  ctx.studyCorner.justEnded.delete(account);
  write(ctx, () => ctx.selfStudy.recordDid(ended.record, did));
  ctx.log({ type: "self_study_did", participant: client.userData.participant, ...(did.preset ? { did: did.preset } : {}), chars: chars(did.text) });
  ctx.send(client, "study", { state: "ended", minutes: ended.minutes, recorded: true });
}

/**
 * Off the desk, however it happened (the button, `stand`, walking away, the server placing them,
 * leaving the space): the session ends, with what they did if they said it. Unsaid, they are
 * asked once on the page and may still say it for a while (STUDY.recordWithinMinutes). `tell`:
 * false when the person is leaving and can no longer be told.
 */
export function leaveDesk(ctx: SpaceContext, client: Member, did: StudyDid | null = null, tell = true): void {
  const avatar = ctx.state.avatars.get(client.sessionId);
  if (avatar && isStudyDesk(avatar.seat)) avatar.seat = 0;
  const entry = ctx.studyCorner.atDesk.get(client.sessionId);
  if (!entry) return;
  ctx.studyCorner.atDesk.delete(client.sessionId);
  const endedAt = ctx.logClock();
  const minutes = minutesBetween(entry.since, endedAt);
  write(ctx, () => ctx.selfStudy.end(entry.record, endedAt, did));
  if (!did) ctx.studyCorner.justEnded.set(entry.account, { record: entry.record, endedAt, minutes });
  ctx.log({ type: "self_study_ended", participant: client.userData.participant, minutes, ...(did?.preset ? { did: did.preset } : {}), chars: chars(did?.text) });
  if (tell) ctx.send(client, "study", { state: "ended", minutes, recorded: did !== null });
  publishStudying(ctx);
}

/**
 * Staff see their own organisation's children at the desks (in a plaza, another organisation's
 * staff see nobody's goal): session id, since when, the goal, the site they are on now. To every
 * staff member present, or to `only` (just arrived, or back after a dropped link).
 */
export function publishStudying(ctx: SpaceContext, only?: SpaceClient): void {
  for (const staff of only ? [only] : ctx.staffClients()) {
    const org = staff.userData?.identity.org;
    const desks = [...ctx.studyCorner.atDesk]
      .filter(([, entry]) => entry.org === org)
      .map(([id, entry]) => ({ id, since: entry.since, ...(entry.goal ? { goal: entry.goal } : {}), ...(entry.site ? { site: entry.site.name } : {}) }));
    ctx.send(staff, "studying", { desks });
  }
}

/** What someone arriving, or back after a dropped link, needs of the corner: staff the list, a child at a desk their session. */
export function studyFor(ctx: SpaceContext, client: SpaceClient): void {
  if (isStaffClient(client)) return publishStudying(ctx, client);
  const entry = ctx.studyCorner.atDesk.get(client.sessionId);
  if (entry) tellChild(ctx, client, entry);
}

function tellChild(ctx: SpaceContext, client: SpaceClient, entry: AtDesk): void {
  ctx.send(client, "study", { state: "studying", since: entry.since, ...(entry.goal ? { goal: entry.goal } : {}) });
}

function write(ctx: SpaceContext, act: () => Promise<void>): void {
  ctx.studyCorner.write(act, (err) => ctx.logError(err, "self-study record not written"));
}

const zoneOf = (ctx: SpaceContext, client: Member) => (ctx.state.avatars.get(client.sessionId)?.zone ?? "quiet") as ZoneId;
const chars = (text: string | undefined) => (text === undefined ? 0 : Array.from(text).length);
