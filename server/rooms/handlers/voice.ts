import { isStaff } from "../../../shared/domain/roles.ts";
import { TALK_SPOTS, VOICE_LIMITS, type VoiceGroupId, spotGroup } from "../../../shared/domain/voice.ts";
import type { ZoneId } from "../../../shared/domain/zones.ts";
import type { ParsedMessage } from "../../../shared/protocol/messages.ts";
import type { TalkRefusal } from "../../../shared/protocol/voice.ts";
import { type Member, type SpaceClient, isMember } from "../participants.ts";
import { NOWHERE, type Talker } from "../voice/Talks.ts";
import type { SpaceContext } from "./context.ts";

/**
 * Voice (issue 16, docs/voice.md): joining a talk, the microphone, signalling between linked
 * peers, and staff's voice controls. The rules are Talks'; every person's talk is sent, whole,
 * before the next patch after anything in it changed (publishTalks).
 */

function talker(ctx: SpaceContext, client: Member): Talker | null {
  const avatar = ctx.state.avatars.get(client.sessionId);
  if (!avatar) return null;
  const { identity } = client.userData;
  return { session: client.sessionId, account: identity.accountId, nickname: identity.nickname, staff: isStaff(identity.role), zone: avatar.zone as ZoneId, at: ctx.whereNow(client) };
}

/** The lesson's teacher, in whichever of their sessions: they speak in the lesson's talk. */
const teacherTest = (ctx: SpaceContext) => (session: string) => {
  const client = ctx.clientBySession(session);
  return ctx.classroom.lesson !== null && isMember(client) && client.userData.identity.accountId === ctx.classroom.lesson.teacher;
};

function refuse(ctx: SpaceContext, client: Member, code: TalkRefusal, about: string): void {
  ctx.send(client, "talkRefused", { code, about });
}

export function onTalkJoin(ctx: SpaceContext, client: Member): void {
  const me = talker(ctx, client);
  const group = me && ctx.talks.groupAt(me);
  if (!me || !group) return refuse(ctx, client, "no_talk_here", "talkJoin");
  if (ctx.talks.joinedGroup(me.session) === group) return; // a double tap: already in
  const spot = spotOf(group);
  if (spot && ctx.talks.locked.has(spot) && !me.staff) return refuse(ctx, client, "talk_locked", "talkJoin");
  const room = ctx.talks.roomFor(group, teacherTest(ctx));
  if (room !== "ok") return refuse(ctx, client, room, "talkJoin");
  ctx.talks.join(me.session, group, client.userData.participant);
}

export function onTalkLeave(ctx: SpaceContext, client: Member): void {
  ctx.talks.leave(client.sessionId);
}

export function onTalkMic(ctx: SpaceContext, client: Member, msg: ParsedMessage<"talkMic">): void {
  const me = talker(ctx, client);
  const group = ctx.talks.joinedGroup(client.sessionId);
  // Off, out of any talk, is already so: the page sends it as a child walks off a spot while
  // speaking (the server left the talk for them first), and "no talk here" would be news to them.
  if (!msg.on && !group) return;
  if (!me || !group) return refuse(ctx, client, "no_talk_here", "talkMic");
  if (msg.on && ctx.talks.muted.has(me.account)) return refuse(ctx, client, "voice_muted", "talkMic");
  if (msg.on && !ctx.talks.maySpeak(me, group, teacherTest(ctx))) return refuse(ctx, client, "not_your_turn", "talkMic");
  ctx.talks.setMic(client.sessionId, msg.on);
}

/**
 * Relayed only between two people the rules link now (the same talk, one of them allowed to
 * speak); anything else is refused and audited, never forwarded. Media never pass the server.
 */
export function onSignal(ctx: SpaceContext, client: Member, msg: ParsedMessage<"signal">): void {
  const peer = ctx.clientBySession(msg.to);
  const me = talker(ctx, client);
  const them = isMember(peer) ? talker(ctx, peer) : null;
  if (!me || !them || !isMember(peer) || !ctx.talks.linked(me, them, teacherTest(ctx))) {
    refuse(ctx, client, "no_link", "signal");
    ctx.audit(client, "signal", isMember(peer) ? peer : null, {}, "denied");
    return;
  }
  const { to: _, ...payload } = msg;
  ctx.send(peer, "signal", { from: client.sessionId, ...payload });
}

/** A counsellor offers a child in the counselling room with them a voice talk; the child decides. */
export function onVoiceOffer(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"voiceOffer">): void {
  const child = ctx.clientBySession(msg.target);
  const inRoom = (c: Member) => ctx.state.avatars.get(c.sessionId)?.zone === "counselling";
  if (!isMember(child) || child === staff) return ctx.sendError(staff, { code: "no_such_person", about: "voiceOffer" });
  if (!inRoom(staff) || !inRoom(child)) return refuse(ctx, staff, "no_talk_here", "voiceOffer");
  ctx.talks.offers.set(child.sessionId, staff.sessionId);
  ctx.talks.offerLimits.get(child.sessionId)?.clear();
  // Unanswered (a child who keeps voice off never hears it): the counsellor is told, the talk stays in text.
  ctx.talks.offerLimits.set(
    child.sessionId,
    ctx.later(VOICE_LIMITS.offerSeconds * 1000, () => {
      ctx.talks.offerLimits.delete(child.sessionId);
      if (ctx.talks.offers.get(child.sessionId) !== staff.sessionId) return;
      ctx.talks.offers.delete(child.sessionId);
      ctx.send(staff, "voiceAnswer", { about: child.userData.identity.nickname, accept: false, unanswered: true });
    }),
  );
  ctx.send(child, "voiceOffer", { by: staff.userData.identity.nickname });
  ctx.audit(staff, "voice_offer", child);
}

/** Yes opens the counselling room's talk and puts both in it, listening; no keeps it to text. */
export function onVoiceOfferReply(ctx: SpaceContext, child: Member, msg: ParsedMessage<"voiceOfferReply">): void {
  const staffSession = ctx.talks.offers.get(child.sessionId);
  if (!staffSession) return refuse(ctx, child, "no_offer", "voiceOfferReply");
  ctx.talks.offers.delete(child.sessionId);
  ctx.talks.offerLimits.get(child.sessionId)?.clear();
  ctx.talks.offerLimits.delete(child.sessionId);
  const staff = ctx.clientBySession(staffSession);
  if (isMember(staff)) ctx.send(staff, "voiceAnswer", { about: child.userData.identity.nickname, accept: msg.accept });
  if (!msg.accept) return;
  ctx.talks.counselling = true;
  for (const person of isMember(staff) ? [child, staff] : [child]) {
    if (ctx.state.avatars.get(person.sessionId)?.zone === "counselling") ctx.talks.join(person.sessionId, "counselling", person.userData.participant);
  }
}

/** For the space: every link of theirs stops sending (their peers' pages refuse their audio too), until unmuted. */
export function onVoiceMute(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"voiceMute">): void {
  const target = ctx.clientBySession(msg.target);
  if (!isMember(target) || target === staff) return ctx.sendError(staff, { code: "no_such_person", about: "voiceMute" });
  const account = target.userData.identity.accountId;
  if (msg.muted) {
    ctx.talks.muted.add(account);
    for (const session of ctx.clientsOf(account).map((c) => c.sessionId)) ctx.talks.setMic(session, false);
  } else ctx.talks.muted.delete(account);
  ctx.talks.dirty = true;
  ctx.audit(staff, msg.muted ? "voice_mute" : "voice_unmute", target);
}

export function onSpotEnd(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"spotEnd">): void {
  const spot = TALK_SPOTS.find((s) => s.id === msg.spot);
  if (!spot) return refuse(ctx, staff, "no_talk_here", "spotEnd");
  const group = spotGroup(spot);
  for (const session of ctx.talks.members(group)) ctx.talks.leave(session);
  ctx.audit(staff, "spot_end", null, { spot: spot.id });
}

export function onSpotLock(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"spotLock">): void {
  const spot = TALK_SPOTS.find((s) => s.id === msg.spot);
  if (!spot) return refuse(ctx, staff, "no_talk_here", "spotLock");
  if (msg.locked) ctx.talks.locked.add(spot.id);
  else ctx.talks.locked.delete(spot.id);
  ctx.talks.dirty = true;
  ctx.audit(staff, msg.locked ? "spot_lock" : "spot_unlock", null, { spot: spot.id });
}

/**
 * The lesson's teacher shares a screen to the board, to everyone in the lesson's talk (the talk
 * opens, with the teacher in it, if it was not), or stops sharing.
 */
export function onScreenShare(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"screenShare">): void {
  if (!ctx.classroom.lesson) return ctx.sendError(staff, { code: "no_lesson", about: "screenShare" });
  if (!teacherTest(ctx)(staff.sessionId)) return ctx.sendError(staff, { code: "not_allowed", about: "screenShare" });
  if (!msg.on) {
    if (ctx.talks.screen === staff.sessionId) ctx.talks.screen = null;
  } else {
    if (ctx.state.avatars.get(staff.sessionId)?.zone !== "classroom") return ctx.sendError(staff, { code: "not_in_classroom", about: "screenShare" });
    ctx.talks.lessonVoice = true;
    if (ctx.talks.joinedGroup(staff.sessionId) !== "lesson") ctx.talks.join(staff.sessionId, "lesson", staff.userData.participant);
    ctx.talks.screen = staff.sessionId;
  }
  ctx.talks.dirty = true;
  ctx.audit(staff, msg.on ? "screen_share_on" : "screen_share_off", null);
}

/** A viewer's data saver: the sharer's page sends them the screen at one frame a second. */
export function onScreenSaver(ctx: SpaceContext, client: Member, msg: ParsedMessage<"screenSaver">): void {
  if (msg.on) ctx.talks.savers.add(client.sessionId);
  else ctx.talks.savers.delete(client.sessionId);
  ctx.talks.dirty = true;
}

/** The lesson's teacher turns the classroom's voice on (and joins it, listening) or off (everyone leaves it). */
export function onLessonVoice(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"lessonVoice">): void {
  if (!ctx.classroom.lesson) return ctx.sendError(staff, { code: "no_lesson", about: "lessonVoice" });
  if (!teacherTest(ctx)(staff.sessionId)) return ctx.sendError(staff, { code: "not_allowed", about: "lessonVoice" });
  if (msg.on && ctx.state.avatars.get(staff.sessionId)?.zone !== "classroom") return ctx.sendError(staff, { code: "not_in_classroom", about: "lessonVoice" });
  if (!msg.on) lessonVoiceOff(ctx);
  else {
    if (!ctx.talks.lessonVoice) ctx.talks.turn = null;
    ctx.talks.lessonVoice = true;
    // Also a teacher who stepped out of the classroom (and so out of its talk) and is back.
    if (ctx.talks.joinedGroup(staff.sessionId) !== "lesson") ctx.talks.join(staff.sessionId, "lesson", staff.userData.participant);
    ctx.talks.dirty = true;
  }
  ctx.audit(staff, msg.on ? "lesson_voice_on" : "lesson_voice_off", null);
}

/** The lesson ended: its talk with it (and a screen shared in it). */
export function lessonVoiceOff(ctx: SpaceContext): void {
  if (!ctx.talks.lessonVoice) return;
  ctx.talks.lessonVoice = false;
  ctx.talks.screen = null;
  for (const session of ctx.talks.members("lesson")) ctx.talks.leave(session);
  ctx.talks.dirty = true;
}

/** The hand queue's next child may speak in the lesson's talk (handlers/lesson.ts onNextHand): until the next hand, or endTurn. */
export function giveTurn(ctx: SpaceContext, session: string | null): void {
  if (!ctx.talks.lessonVoice) return;
  // The microphone of the child whose turn it was goes off with it.
  if (ctx.talks.turn !== null && ctx.talks.turn !== session) ctx.talks.setMic(ctx.talks.turn, false);
  ctx.talks.turn = session;
  ctx.talks.dirty = true;
}

export function onEndTurn(ctx: SpaceContext, staff: Member): void {
  if (!ctx.classroom.lesson) return ctx.sendError(staff, { code: "no_lesson", about: "endTurn" });
  giveTurn(ctx, null);
  ctx.audit(staff, "end_turn", null);
}

/** Gone from the space (or a dropped link): out of their talk, offers forgotten; a new seat hears its talk afresh. */
export function leftTalks(ctx: SpaceContext, session: string): void {
  ctx.talks.leave(session);
  ctx.talks.offers.delete(session);
  ctx.talks.offerLimits.get(session)?.clear();
  ctx.talks.offerLimits.delete(session);
  for (const [child, staff] of ctx.talks.offers) if (staff === session) ctx.talks.offers.delete(child);
  if (ctx.talks.turn === session) ctx.talks.turn = null;
  ctx.talks.sent.delete(session);
  ctx.talks.where.delete(session);
  ctx.talks.savers.delete(session);
  ctx.talks.dirty = true;
}

/**
 * Before each patch: whoever walked into or out of somewhere a talk can be joined, and anything a
 * message changed, is sent to those it concerns (each their whole talk, only if it changed), and
 * staff get the overview. Cheap when nothing changed: one look at where each person stands.
 */
export function publishTalks(ctx: SpaceContext): void {
  const everyone = ctx.members().flatMap((c) => talker(ctx, c) ?? []);
  const talks = ctx.talks;
  if (!talks.dirty) {
    for (const t of everyone) {
      if (talks.where.get(t.session) !== talks.groupAt(t)) {
        talks.dirty = true;
        break;
      }
    }
    if (!talks.dirty) return;
  }
  talks.dirty = false;
  for (const t of everyone) talks.where.set(t.session, talks.groupAt(t));
  const nowhere = JSON.stringify(NOWHERE);
  const all = talks.talks(everyone, teacherTest(ctx));
  ctx.media?.sync(all, talks.screen);
  if (ctx.state.boardScreen !== (talks.screen !== null)) ctx.state.boardScreen = talks.screen !== null;
  for (const [session, talk] of all) {
    const json = JSON.stringify(talk);
    if ((talks.sent.get(session) ?? nowhere) === json) continue;
    talks.sent.set(session, json);
    const client = ctx.clientBySession(session);
    if (client) ctx.send(client, "talk", talk);
  }
  const overview = talks.overview(everyone);
  const json = JSON.stringify(overview);
  if (json !== talks.sentOverview) {
    talks.sentOverview = json;
    for (const staff of ctx.staffClients()) ctx.send(staff, "voiceGroups", overview);
  }
}

/** The media server did not admit someone to their talk's room: out of the talk, and told why. */
export function mediaRefused(ctx: SpaceContext, session: string): void {
  ctx.talks.leave(session);
  const client = ctx.clientBySession(session);
  if (isMember(client)) refuse(ctx, client, "media_down", "talkJoin");
}

/** Someone arrived, or came back on their seat: they are sent their talk (and staff the overview) afresh. */
export function talksFor(ctx: SpaceContext, client: SpaceClient): void {
  ctx.talks.sent.delete(client.sessionId);
  if (client.userData && isStaff(client.userData.identity.role)) ctx.talks.sentOverview = "";
  ctx.talks.dirty = true;
}

function spotOf(group: VoiceGroupId): string | null {
  return group.startsWith("spot:") ? group.slice(5) : null;
}
