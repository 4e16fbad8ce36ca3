import type { ZoneId } from "../../../shared/domain/zones.ts";
import type { ChatLine, HelpRequest } from "../../../shared/protocol/events.ts";
import type { ParsedMessage } from "../../../shared/protocol/messages.ts";
import { CLOSE, type Member, isMember, isStaffClient } from "../participants.ts";
import { heldBack } from "./chat.ts";
import type { SpaceContext } from "./context.ts";

/**
 * What counsellors do in the space. The dispatcher has already checked the capability; every
 * handler here records an audit entry naming who did what to whom.
 */

/**
 * The student a staff action is aimed at, or an error back to the staff member. In the shared
 * plaza, what reaches past the moment (a private room, an access code) stays with the child's
 * own organisation's staff: `ownOnly` refuses anyone else's, audited.
 */
function studentTarget(ctx: SpaceContext, staff: Member, sessionId: string, action: string, ownOnly = false): Member | null {
  const target = ctx.clientBySession(sessionId);
  if (!isMember(target) || isStaffClient(target)) {
    ctx.sendError(staff, { code: "no_such_person", about: action });
    return null;
  }
  if (ownOnly && target.userData.identity.org !== staff.userData.identity.org) {
    ctx.sendError(staff, { code: "not_allowed", about: action });
    ctx.audit(staff, action, target, {}, "denied");
    return null;
  }
  return target;
}

export function onGreet(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"greet">): void {
  const target = studentTarget(ctx, staff, msg.target, "greet");
  const avatar = target && ctx.state.avatars.get(target.sessionId);
  if (!target || !avatar) return;
  avatar.greeted = true;
  ctx.send(target, "notice", { code: "greeted", by: staff.userData.identity.nickname });
  ctx.audit(staff, "greet", target);
}

/** Refuses, audited, what a plaza has no place for (its counselling room is closed to everyone). */
function notInPlaza(ctx: SpaceContext, staff: Member, action: string): boolean {
  if (!ctx.plaza) return false;
  ctx.sendError(staff, { code: "not_allowed", about: action });
  ctx.audit(staff, action, null, {}, "denied");
  return true;
}

export function onInvite(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"invite">): void {
  if (notInPlaza(ctx, staff, "invite")) return;
  const target = studentTarget(ctx, staff, msg.target, "invite", true);
  if (!target) return;
  ctx.invitations.set(target.sessionId, { by: staff.sessionId, booked: false });
  ctx.send(target, "knock", { by: staff.userData.identity.nickname });
  ctx.audit(staff, "invite", target);
}

/** A welcome session (issue 18): the door lets in only children on their first day while it is on. */
export function onWelcomeSession(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"welcomeSession">): void {
  if (notInPlaza(ctx, staff, "welcomeSession")) return;
  ctx.state.welcomeSession = msg.on;
  ctx.registry.welcome(ctx.space, msg.on).catch((err: unknown) => ctx.logError(err, "welcome session not told to the door"));
  ctx.audit(staff, msg.on ? "welcome_session_on" : "welcome_session_off", null);
}

export function onLockCounselling(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"lockCounselling">): void {
  if (notInPlaza(ctx, staff, "lockCounselling")) return;
  ctx.state.counsellingLocked = msg.locked;
  ctx.counsellingMembers.clear();
  if (msg.locked) {
    for (const [id, avatar] of ctx.state.avatars) if (avatar.zone === "counselling") ctx.counsellingMembers.add(id);
  }
  ctx.audit(staff, msg.locked ? "lock_counselling" : "unlock_counselling", null);
}

/**
 * An announcement to everyone, from staff or from the student they made the MC. A student's
 * passes the same word filter and mute as their chat: held back and shown to staff, not announced.
 * It is a line of the space channel too, kept in the history: a latecomer reads it, and a child
 * can report an MC's announcement as they would a line of chat. Staff may announce to the
 * classroom only (`zone`): a line of the classroom's channel then, shown as an announcement there.
 */
export function onAnnounce(ctx: SpaceContext, by: Member, msg: ParsedMessage<"announce">): void {
  const avatar = ctx.state.avatars.get(by.sessionId);
  if (!avatar) return;
  // To the classroom only: the teacher's voice to the room without audio (issue 15). An MC
  // speaks to the whole event, never to one room.
  if (msg.zone && !isStaffClient(by)) {
    ctx.sendError(by, { code: "not_allowed", about: "announce" });
    ctx.audit(by, "announce_classroom", null, {}, "denied");
    return;
  }
  if (!isStaffClient(by) && heldBack(ctx, by, avatar.zone as ZoneId, msg.text, "announce")) return;
  const line: ChatLine = {
    id: ctx.nextId(),
    from: by.sessionId,
    nickname: by.userData.identity.nickname,
    staff: isStaffClient(by),
    channel: msg.zone ? "zone" : "space",
    zone: msg.zone ?? (avatar.zone as ZoneId),
    text: msg.text,
    at: Date.now(),
    announcement: true,
  };
  // Kept with the classroom's own lines, as its chat is: a link that drops and comes back there
  // reads it again, and a report can find it.
  ctx.history.add(line);
  if (msg.zone) {
    // The teacher sees their own announcement wherever they stand.
    for (const client of new Set([...ctx.clientsIn(msg.zone), by])) ctx.send(client, "announcement", line);
  } else ctx.broadcast("announcement", line);
  ctx.audit(by, msg.zone ? "announce_classroom" : "announce", null, { chars: Array.from(msg.text).length });
}

/** Hands a student the announcements (the MC of an event), or takes them back; everyone sees who it is. */
export function onEmcee(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"emcee">): void {
  const target = studentTarget(ctx, staff, msg.target, "emcee");
  const avatar = target && ctx.state.avatars.get(target.sessionId);
  if (!target || !avatar) return;
  avatar.emcee = msg.on;
  ctx.send(target, "notice", { code: msg.on ? "emcee_on" : "emcee_off", by: staff.userData.identity.nickname });
  ctx.audit(staff, msg.on ? "emcee_on" : "emcee_off", target);
}

export function onMute(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"mute">): void {
  const target = studentTarget(ctx, staff, msg.target, "mute");
  const avatar = target && ctx.state.avatars.get(target.sessionId);
  if (!target || !avatar) return;
  avatar.mutedUntil = msg.minutes === 0 ? 0 : Math.ceil(ctx.now() / 1000 + msg.minutes * 60);
  ctx.send(target, "notice", msg.minutes === 0 ? { code: "unmuted" } : { code: "muted", until: avatar.mutedUntil * 1000 });
  ctx.audit(staff, msg.minutes === 0 ? "unmute" : "mute", target, { minutes: msg.minutes });
}

/**
 * A hurtful line taken down: out of the history (a newcomer never reads it) and, on every page,
 * its words replaced by a note that staff took it down. Staff keep what a report quoted of it.
 * The author is not told apart from the others: the pause and the talk are staff's other tools.
 */
export function onRemoveLine(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"removeLine">): void {
  const line = ctx.history.remove(msg.line);
  if (!line) return ctx.sendError(staff, { code: "no_such_line", about: "removeLine" });
  ctx.broadcast("lineRemoved", { line: line.id });
  const author = ctx.clientBySession(line.from);
  ctx.audit(staff, "remove_line", isMember(author) ? author : null, { nickname: line.nickname });
}

/** Out of the space for the rest of today (out of this plaza only, in a plaza); they may come back tomorrow. */
export async function onRemove(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"remove">): Promise<void> {
  const target = studentTarget(ctx, staff, msg.target, "remove");
  if (!target) return;
  // Written down before the child is sent away, so no process lets them straight back in.
  await ctx.registry.removeForToday(target.userData.identity.accountId, ctx.plaza ? ctx.space : undefined);
  ctx.send(target, "notice", { code: "removed_today" });
  ctx.audit(staff, "remove_today", target);
  ctx.dismiss(target, CLOSE.removedToday);
}

/** The access code stops working until a counsellor unblocks it. */
export async function onBlock(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"block">): Promise<void> {
  const target = studentTarget(ctx, staff, msg.target, "block", true);
  if (!target) return;
  const studentId = target.userData.identity.accountId;
  await ctx.directory.setBlocked(studentId, true);
  await ctx.sessions.revokeAll({ kind: "student", studentId });
  ctx.send(target, "notice", { code: "blocked" });
  ctx.audit(staff, "block", target);
  ctx.dismiss(target, CLOSE.blocked);
}

export function onAnswerHelp(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"answerHelp">): void {
  const item = ctx.queue.answer(msg.id);
  if (!item) {
    ctx.sendError(staff, { code: "no_such_person", about: "answerHelp" });
    return;
  }
  helpAnswered(ctx, staff, item);
}

/** A request taken off the queue by `staff`: the child hears who noticed, and it is logged and audited. */
export function helpAnswered(ctx: SpaceContext, staff: Member, item: HelpRequest): void {
  const student = ctx.clientBySession(item.from);
  const avatar = ctx.state.avatars.get(item.from);
  if (avatar && item.kind !== "flag" && item.kind !== "report") avatar.hand = false;
  if (student && (item.kind === "help" || item.kind === "talk")) ctx.send(student, "notice", { code: "help_answered", by: staff.userData.identity.nickname });
  ctx.publishQueue();
  const studentParticipant = ctx.participantOf(item.from);
  ctx.log({
    type: "help_answered",
    participant: staff.userData.participant,
    kind: item.kind,
    waitedMs: Math.max(0, ctx.logClock() - item.at),
    ...(studentParticipant ? { student: studentParticipant } : {}),
  });
  ctx.audit(staff, "answer_help", student ?? null, { kind: item.kind });
  if (item.kind === "report") ctx.reports.mark(item.id, "closed", ctx.now()).catch((err: unknown) => ctx.logError(err, "report not closed for its reporter"));
}

/** A staff member read a report or a held line: the other staff see who did, the reporter sees "looked at". */
export function onReadReport(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"readReport">): void {
  const item = ctx.queue.read(msg.id, staff.userData.identity.nickname);
  if (!item) return; // already read by someone, or answered meanwhile: nothing more to say
  ctx.publishQueue();
  ctx.audit(staff, "read_report", ctx.clientBySession(item.from) ?? null, { kind: item.kind });
  if (item.kind === "report") ctx.reports.mark(item.id, "looked_at", ctx.now()).catch((err: unknown) => ctx.logError(err, "report not marked looked at"));
}

export function onCloseSpace(ctx: SpaceContext, staff: Member): void {
  ctx.broadcast("notice", { code: "space_closing", by: staff.userData.identity.nickname });
  ctx.audit(staff, "close_space", null);
  ctx.closeSpace();
}
