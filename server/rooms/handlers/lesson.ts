import { randomUUID } from "node:crypto";
import { seatById, seatNear } from "../../../shared/domain/seats.ts";
import type { ZoneId } from "../../../shared/domain/zones.ts";
import type { ParsedMessage } from "../../../shared/protocol/messages.ts";
import { type Member, type SpaceClient, isMember, isStaffClient } from "../participants.ts";
import { heldBack } from "./chat.ts";
import type { SpaceContext } from "./context.ts";
import { endPoll } from "./polls.ts";

/**
 * The lesson, text-first (issue 15): staff start and end it in the classroom, children take a
 * seat (or follow from anywhere), raise hands that are taken in the order they went up, and ask
 * the teacher questions nobody else sees. Nobody is pulled in: a lesson changes what the space
 * shows, never where anyone is.
 */

export function onStartLesson(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"startLesson">): void {
  const avatar = ctx.state.avatars.get(staff.sessionId);
  if (!avatar) return;
  if (ctx.classroom.lesson) return ctx.sendError(staff, { code: "lesson_on", about: "startLesson" });
  if (avatar.zone !== "classroom") return ctx.sendError(staff, { code: "not_in_classroom", about: "startLesson" });
  const id = randomUUID();
  ctx.classroom.lesson = { id, teacher: staff.sessionId };
  ctx.state.lessonTitle = msg.title;
  ctx.state.lessonSubject = msg.subject ?? "";
  ctx.state.lessonGrade = msg.grade ?? 0;
  ctx.state.lessonTeacher = staff.userData.identity.nickname;
  ctx.state.lessonSince = Math.floor(ctx.now() / 1000);
  void ctx.registry.lessonOn(ctx.space, { title: msg.title, subject: msg.subject ?? "", grade: msg.grade ?? 0, teacher: ctx.state.lessonTeacher, since: ctx.state.lessonSince }).catch(() => {});
  ctx.broadcast("notice", { code: "lesson_started", by: staff.userData.identity.nickname, about: msg.title });
  ctx.log({ type: "lesson_started", participant: staff.userData.participant, lesson: id, ...(msg.subject ? { subject: msg.subject } : {}), ...(msg.grade !== undefined ? { grade: msg.grade } : {}) });
  ctx.audit(staff, "start_lesson", null, { lesson: id });
}

export function onEndLesson(ctx: SpaceContext, staff: Member): void {
  if (!ctx.classroom.lesson) return ctx.sendError(staff, { code: "no_lesson", about: "endLesson" });
  endLesson(ctx);
  ctx.audit(staff, "end_lesson", null);
}

/** Ends the lesson for everyone: by staff, or when its teacher leaves the space. Seats and hands stay as they are. */
export function endLesson(ctx: SpaceContext): void {
  const lesson = ctx.classroom.lesson;
  if (!lesson) return;
  endPoll(ctx);
  ctx.classroom.end();
  void ctx.registry.lessonOff(ctx.space).catch(() => {});
  ctx.state.lessonTitle = "";
  ctx.state.lessonSubject = "";
  ctx.state.lessonGrade = 0;
  ctx.state.lessonTeacher = "";
  ctx.state.lessonSince = 0;
  ctx.log({ type: "lesson_ended", lesson: lesson.id });
  ctx.broadcast("notice", { code: "lesson_ended" });
}

/** Sits in the free seat nearest to where the avatar is in the classroom (a lesson or not: a desk is a desk). */
export function onSit(ctx: SpaceContext, client: Member): void {
  const avatar = ctx.state.avatars.get(client.sessionId);
  if (!avatar) return;
  if (avatar.zone !== "classroom") return ctx.sendError(client, { code: "not_in_classroom", about: "sit" });
  const here = ctx.whereNow(client);
  const taken = new Set<number>();
  for (const [id, other] of ctx.state.avatars) if (id !== client.sessionId && other.seat) taken.add(other.seat);
  const seat = seatNear(here, (id) => taken.has(id));
  if (!seat) return ctx.sendError(client, { code: "no_seat", about: "sit" });
  if (avatar.seat === seat.id) return;
  ctx.placeAt(client, seat);
  avatar.seat = seat.id;
  ctx.log({ type: "seated", participant: client.userData.participant, seat: seat.id });
}

export function onStand(ctx: SpaceContext, client: Member): void {
  standUp(ctx, client);
}

/** Out of the seat (asked, or walked away from it); nothing if not seated. */
export function standUp(ctx: SpaceContext, client: Member): void {
  const avatar = ctx.state.avatars.get(client.sessionId);
  if (!avatar?.seat) return;
  avatar.seat = 0;
  ctx.log({ type: "stood", participant: client.userData.participant });
}

/** A seated avatar that walks off its chair stands up (a step of more than a few centimetres). */
export function leftSeat(ctx: SpaceContext, client: Member, to: { x: number; z: number }): void {
  const avatar = ctx.state.avatars.get(client.sessionId);
  const seat = avatar?.seat ? seatById(avatar.seat) : undefined;
  if (seat && Math.hypot(to.x - seat.x, to.z - seat.z) > SEAT_SLACK) standUp(ctx, client);
}
const SEAT_SLACK = 0.25;

/** A hand goes up or down; the queue is in the order hands went up. */
export function setHand(ctx: SpaceContext, client: Member, raised: boolean): void {
  const avatar = ctx.state.avatars.get(client.sessionId);
  if (!avatar) return;
  avatar.hand = raised;
  const changed = raised ? ctx.classroom.raise(client.sessionId) : ctx.classroom.lower(client.sessionId);
  if (!changed) return;
  ctx.log({ type: "hand", participant: client.userData.participant, raised });
  publishHands(ctx, raised ? [] : [client]);
}

/** The first hand up gets the turn: lowered, its owner told; everyone behind moves up. */
export function onNextHand(ctx: SpaceContext, staff: Member): void {
  const first = ctx.classroom.hands[0];
  const target = first ? ctx.clientBySession(first) : undefined;
  if (!first || !isMember(target)) return publishHands(ctx, []);
  ctx.classroom.lower(first);
  const avatar = ctx.state.avatars.get(first);
  if (avatar) avatar.hand = false;
  ctx.send(target, "notice", { code: "hand_turn", by: staff.userData.identity.nickname });
  ctx.log({ type: "hand", participant: target.userData.participant, raised: false, taken: true });
  ctx.audit(staff, "next_hand", target);
  publishHands(ctx, [target]);
}

export function onLowerHands(ctx: SpaceContext, staff: Member): void {
  const lowered: Member[] = [];
  for (const id of ctx.classroom.lowerAll()) {
    const avatar = ctx.state.avatars.get(id);
    if (avatar) avatar.hand = false;
    const client = ctx.clientBySession(id);
    if (!isMember(client)) continue;
    lowered.push(client);
    ctx.send(client, "notice", { code: "hands_lowered", by: staff.userData.identity.nickname });
    ctx.log({ type: "hand", participant: client.userData.participant, raised: false });
  }
  ctx.audit(staff, "lower_hands", null, { hands: lowered.length });
  publishHands(ctx, lowered);
}

/**
 * Staff see the whole order; each child with a hand up sees only their own place, and those in
 * `lowered` are told theirs is down. Everyone behind a change learns their new place.
 */
export function publishHands(ctx: SpaceContext, lowered: Member[]): void {
  const order = ctx.classroom.hands;
  for (const client of ctx.staffClients()) ctx.send(client, "hands", { order: [...order] });
  order.forEach((id, i) => {
    const client = ctx.clientBySession(id);
    if (client && !isStaffClient(client)) ctx.send(client, "handPlace", { place: i + 1 });
  });
  for (const client of lowered) if (!isStaffClient(client)) ctx.send(client, "handPlace", { place: 0 });
}

/** What someone arriving (or back after a dropped link) needs of the hand queue: staff the order, a child their place. */
export function handsFor(ctx: SpaceContext, client: SpaceClient): void {
  const order = ctx.classroom.hands;
  if (isStaffClient(client)) return ctx.send(client, "hands", { order: [...order] });
  const place = order.indexOf(client.sessionId) + 1;
  if (place > 0) ctx.send(client, "handPlace", { place });
}

/** A question for the teacher only: filtered and muted as chat is; the child is told it arrived. */
export function onQuestion(ctx: SpaceContext, client: Member, msg: ParsedMessage<"question">): void {
  const avatar = ctx.state.avatars.get(client.sessionId);
  const lesson = ctx.classroom.lesson;
  if (!avatar) return;
  if (!lesson) return ctx.sendError(client, { code: "no_lesson", about: "question" });
  const text = "text" in msg ? msg.text : undefined;
  if (heldBack(ctx, client, avatar.zone as ZoneId, text, "question")) return;
  const teacher = ctx.clientBySession(lesson.teacher);
  const id = ctx.nextId();
  const phrase = "phrase" in msg ? msg.phrase : undefined;
  ctx.classroom.ask(id, { from: client.sessionId, ...(text !== undefined ? { text } : {}), ...(phrase ? { phrase } : {}) });
  if (teacher) ctx.send(teacher, "question", { id, from: client.sessionId, nickname: client.userData.identity.nickname, ...(text !== undefined ? { text } : {}), ...(phrase ? { phrase } : {}), at: Date.now() });
  ctx.send(client, "notice", { code: "question_sent" });
  ctx.log({ type: "question_asked", participant: client.userData.participant, chars: text === undefined ? 0 : Array.from(text).length });
}

/**
 * The teacher's answer: to the child who asked, or to everyone in the classroom with the
 * question but not who asked it (a child who asks should not be put on the spot).
 */
export function onAnswer(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"answer">): void {
  const question = ctx.classroom.take(msg.question);
  if (!question) return ctx.sendError(staff, { code: "no_such_question", about: "answer" });
  const asker = ctx.clientBySession(question.from);
  const answer = { question: question.text ?? "", ...(question.phrase ? { phrase: question.phrase } : {}), text: msg.text, by: staff.userData.identity.nickname, toClass: msg.toClass };
  const to = msg.toClass ? ctx.clientsIn("classroom") : asker ? [asker] : [];
  for (const client of new Set([...to, staff])) ctx.send(client, "answer", answer);
  ctx.audit(staff, "answer_question", isMember(asker) ? asker : null, { toClass: msg.toClass });
}

/** Someone leaves the space: their hand comes down, and a teacher who leaves ends the lesson. */
export function leaveClassroom(ctx: SpaceContext, client: Member): void {
  if (ctx.classroom.lower(client.sessionId)) publishHands(ctx, []);
  if (ctx.classroom.lesson?.teacher === client.sessionId) endLesson(ctx);
}
