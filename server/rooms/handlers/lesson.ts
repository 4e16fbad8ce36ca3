import { randomUUID } from "node:crypto";
import { LIMITS } from "../../../shared/domain/limits.ts";
import { seatNear } from "../../../shared/domain/seats.ts";
import { tableOfSeat } from "../../../shared/domain/tables.ts";
import type { ZoneId } from "../../../shared/domain/zones.ts";
import type { ParsedMessage } from "../../../shared/protocol/messages.ts";
import { type Member, type SpaceClient, isMember, isStaffClient } from "../participants.ts";
import { heldBack } from "./chat.ts";
import type { WaitingQuestion } from "../Classroom.ts";
import type { SpaceContext } from "./context.ts";
import { giveTurn, lessonVoiceOff } from "./voice.ts";
import { sitOnCushion, standUp, takenByOthers } from "./seat.ts";
import { endPoll } from "./polls.ts";
import { sitToStudy } from "./study.ts";
import { endTables, leftTables, satAtTable } from "./tables.ts";

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
  ctx.classroom.lesson = { id, teacher: staff.userData.identity.accountId };
  ctx.state.lessonTitle = msg.title;
  ctx.state.lessonSubject = msg.subject ?? "";
  ctx.state.lessonGrade = msg.grade ?? 0;
  ctx.state.lessonTeacher = staff.userData.identity.nickname;
  ctx.state.lessonSince = Math.floor(ctx.now() / 1000);
  void ctx.registry.lessonOn(ctx.space, { title: msg.title, subject: msg.subject ?? "", grade: msg.grade ?? 0, teacher: ctx.state.lessonTeacher, since: ctx.state.lessonSince }).catch((err: unknown) => ctx.logError(err, "lesson not told to the door"));
  ctx.broadcast("notice", { code: "lesson_started", by: staff.userData.identity.nickname, about: msg.title });
  ctx.log({ type: "lesson_started", participant: staff.userData.participant, lesson: id, ...(msg.subject ? { subject: msg.subject } : {}), ...(msg.grade !== undefined ? { grade: msg.grade } : {}) });
  ctx.audit(staff, "start_lesson", null, { lesson: id });
}

export function onEndLesson(ctx: SpaceContext, staff: Member): void {
  if (!ctx.classroom.lesson) return ctx.sendError(staff, { code: "no_lesson", about: "endLesson" });
  endLesson(ctx);
  ctx.audit(staff, "end_lesson", null);
}

/** Ends the lesson for everyone: by staff, or when its teacher has left the space (leaveClassroom). Seats and hands stay as they are. */
export function endLesson(ctx: SpaceContext): void {
  const lesson = ctx.classroom.lesson;
  if (!lesson) return;
  endPoll(ctx);
  endTables(ctx);
  lessonVoiceOff(ctx);
  ctx.classroom.end();
  void ctx.registry.lessonOff(ctx.space).catch((err: unknown) => ctx.logError(err, "lesson's end not told to the door"));
  ctx.state.lessonTitle = "";
  ctx.state.lessonSubject = "";
  ctx.state.lessonGrade = 0;
  ctx.state.lessonTeacher = "";
  ctx.state.lessonSince = 0;
  ctx.log({ type: "lesson_ended", lesson: lesson.id });
  ctx.broadcast("notice", { code: "lesson_ended" });
}

/**
 * Sits in the free seat nearest to where the avatar is in the classroom (a lesson or not: a desk
 * is a desk), or the nearest free seat of the group table asked for (a child on a keyboard or a
 * touch screen joins a table without steering between desks), or at a self-study desk in the quiet
 * corner (handlers/study.ts), or on one of its floor cushions (handlers/seat.ts).
 */
export function onSit(ctx: SpaceContext, client: Member, msg: ParsedMessage<"sit">): void {
  const avatar = ctx.state.avatars.get(client.sessionId);
  if (!avatar) return;
  if ("cushion" in msg) return sitOnCushion(ctx, client);
  const taken = takenByOthers(ctx, client);
  if (avatar.zone === "quiet") return sitToStudy(ctx, client, taken);
  if (avatar.zone !== "classroom") return ctx.sendError(client, { code: "not_in_classroom", about: "sit" });
  const seat = seatNear(ctx.whereNow(client), (id) => taken(id) || (msg.table !== undefined && tableOfSeat(id) !== msg.table));
  if (!seat) return ctx.sendError(client, { code: "no_seat", about: "sit" });
  const before = avatar.seat;
  if (before === seat.id) return;
  ctx.placeAt(client, seat);
  avatar.seat = seat.id;
  ctx.log({ type: "seated", participant: client.userData.participant, seat: seat.id });
  satAtTable(ctx, client, before);
}

export function onStand(ctx: SpaceContext, client: Member): void {
  standUp(ctx, client);
}

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

/**
 * The first hand up gets the turn: lowered, its owner told; everyone behind moves up. An owner
 * away on a dropped link is passed over all the same (the queue must not stick behind a sleeping
 * tablet), and learns the hand is down when back (handsFor).
 */
export function onNextHand(ctx: SpaceContext, staff: Member): void {
  const first = ctx.classroom.hands[0];
  if (!first) return publishHands(ctx, []);
  ctx.classroom.lower(first);
  const avatar = ctx.state.avatars.get(first);
  if (avatar) avatar.hand = false;
  const participant = ctx.participantOf(first);
  if (participant) ctx.log({ type: "hand", participant, raised: false, taken: true });
  const owner = ctx.clientBySession(first);
  const present = isMember(owner) ? owner : null;
  if (present) ctx.send(present, "notice", { code: "hand_turn", by: staff.userData.identity.nickname });
  // With the lesson's voice on, the turn is to speak too (handlers/voice.ts).
  giveTurn(ctx, present ? first : null);
  ctx.audit(staff, "next_hand", present);
  publishHands(ctx, present ? [present] : []);
}

/** Every hand down, each logged; those present are told, those away learn it when back (handsFor). */
export function onLowerHands(ctx: SpaceContext, staff: Member): void {
  const hands = ctx.classroom.lowerAll();
  const lowered: Member[] = [];
  for (const id of hands) {
    const avatar = ctx.state.avatars.get(id);
    if (avatar) avatar.hand = false;
    const participant = ctx.participantOf(id);
    if (participant) ctx.log({ type: "hand", participant, raised: false });
    const client = ctx.clientBySession(id);
    if (!isMember(client)) continue;
    lowered.push(client);
    ctx.send(client, "notice", { code: "hands_lowered", by: staff.userData.identity.nickname });
  }
  ctx.audit(staff, "lower_hands", null, { hands: hands.length });
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

/**
 * What someone arriving (or back after a dropped link) needs of the hand queue: staff the order, a
 * child their place, 0 too: a hand taken or lowered while the link was down still shows up on
 * the page until it is told.
 */
function handsFor(ctx: SpaceContext, client: SpaceClient): void {
  const order = ctx.classroom.hands;
  if (isStaffClient(client)) return ctx.send(client, "hands", { order: [...order] });
  ctx.send(client, "handPlace", { place: order.indexOf(client.sessionId) + 1 });
}

/** A question for the teacher only: filtered and muted as chat is; the child is told it arrived. */
export function onQuestion(ctx: SpaceContext, client: Member, msg: ParsedMessage<"question">): void {
  const avatar = ctx.state.avatars.get(client.sessionId);
  const lesson = ctx.classroom.lesson;
  if (!avatar) return;
  if (!lesson) return ctx.sendError(client, { code: "no_lesson", about: "question" });
  const text = "text" in msg ? msg.text : undefined;
  if (heldBack(ctx, client, avatar.zone as ZoneId, text, "question")) return;
  const phrase = "phrase" in msg ? msg.phrase : undefined;
  const question: WaitingQuestion = {
    // Not a counter: an id that cannot be guessed is one more wall around a child's question (see onAnswer).
    id: randomUUID(),
    from: client.sessionId,
    nickname: client.userData.identity.nickname,
    ...(text !== undefined ? { text } : {}),
    ...(phrase ? { phrase } : {}),
    at: Date.now(),
    org: client.userData.identity.org,
    account: client.userData.identity.accountId,
  };
  // It waits in the classroom until answered: a teacher away on a dropped link gets it when back (lessonFor).
  const forgotten = ctx.classroom.ask(question);
  for (const teacher of ctx.clientsOf(lesson.teacher)) sendQuestion(ctx, teacher, question);
  ctx.send(client, "notice", { code: "question_sent" });
  for (const account of new Set([question.account, ...forgotten.map((old) => old.account)])) tellAsker(ctx, account);
  ctx.log({ type: "question_asked", participant: client.userData.participant, chars: text === undefined ? 0 : Array.from(text).length });
}

/**
 * What someone arriving, or back after a dropped link, needs of the lesson: their hand's place (or
 * the order, for staff), and for its teacher (a reloaded page, a new tab) the lesson kept for them
 * and the questions still waiting.
 */
export function lessonFor(ctx: SpaceContext, client: SpaceClient): void {
  handsFor(ctx, client);
  if (!isTeacher(ctx, client)) {
    // Back after a dropped link, or on a reloaded page: an answer sent while away was lost with it, the list is not.
    if (ctx.classroom.lesson && !isStaffClient(client)) myQuestions(ctx, client, client.userData?.identity.accountId ?? "");
    return;
  }
  ctx.classroom.teacherGone?.clear();
  ctx.classroom.teacherGone = null;
  for (const question of ctx.classroom.waiting) sendQuestion(ctx, client, question);
}

/** Whether this is the lesson's teacher, in whichever of their sessions. */
function isTeacher(ctx: SpaceContext, client: SpaceClient): boolean {
  const lesson = ctx.classroom.lesson;
  return lesson !== null && lesson.teacher === client.userData?.identity.accountId;
}

/** A child's own questions still waiting, as they asked them (QuestionEvents), to one of their pages. */
function myQuestions(ctx: SpaceContext, client: SpaceClient, account: string): void {
  const items = ctx.classroom.askedBy(account).map(({ text, phrase }) => ({ ...(text !== undefined ? { text } : {}), ...(phrase ? { phrase } : {}) }));
  ctx.send(client, "myQuestions", { items });
}

/** The same, to every page of theirs here (a second tab lists them too). */
function tellAsker(ctx: SpaceContext, account: string): void {
  for (const client of ctx.clientsOf(account)) myQuestions(ctx, client, account);
}

/** A question as the teacher sees it (the asker's organisation and account stay on the server). */
function sendQuestion(ctx: SpaceContext, teacher: SpaceClient, { org: _, account: __, ...question }: WaitingQuestion): void {
  ctx.send(teacher, "question", question);
}

/**
 * The teacher's answer: to the child who asked, or to everyone in the classroom with the
 * question but not who asked it (a child who asks should not be put on the spot). The asker
 * hears it either way: a lesson can be followed from anywhere in the space.
 */
export function onAnswer(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"answer">): void {
  const question = ctx.classroom.question(msg.question);
  const asker = question ? ctx.clientBySession(question.from) : undefined;
  if (!question || !mayAnswer(ctx, staff, question)) {
    // Refused as if it were not there, so nobody can probe which ids exist; audited as any refusal is.
    ctx.sendError(staff, { code: "no_such_question", about: "answer" });
    if (question) ctx.audit(staff, "answer_question", isMember(asker) ? asker : null, {}, "denied");
    return;
  }
  ctx.classroom.take(msg.question);
  const answer = { question: question.text ?? "", ...(question.phrase ? { phrase: question.phrase } : {}), text: msg.text, by: staff.userData.identity.nickname, toClass: msg.toClass };
  const to = [...(msg.toClass ? ctx.clientsIn("classroom") : []), ...(asker ? [asker] : [])];
  for (const client of new Set([...to, staff])) ctx.send(client, "answer", answer);
  tellAsker(ctx, question.account);
  ctx.audit(staff, "answer_question", isMember(asker) ? asker : null, { toClass: msg.toClass });
}

/**
 * Who may answer a child's question: the lesson's teacher, whom the child asked, or staff of the
 * child's own organisation. In a plaza, another organisation's counsellor may not speak for the
 * teacher to someone else's child; on an organisation's own floor, every staff member may.
 */
function mayAnswer(ctx: SpaceContext, staff: Member, question: WaitingQuestion): boolean {
  return isTeacher(ctx, staff) || staff.userData.identity.org === question.org;
}

/**
 * Someone leaves the space: their hand comes down, and a table they visited is not visited any
 * more. A lesson is its teacher's, not one page's: a session of theirs that gives way to a
 * reloaded page or a new tab leaves it on, with its questions and hands. Once the teacher is
 * gone from the space the lesson waits for them as long as a dropped link's seat is kept
 * (LIMITS.reconnectSeconds), then ends; a seat that was kept for a dropped link
 * (`afterDroppedLink`) has had that wait already.
 *
 * It is not handed to another staff member present: the children asked this teacher (their
 * questions were for them alone), and a colleague in the room did not agree to teach. What a
 * counsellor expects is that a reload does not lose their class, and that a lesson nobody is
 * teaching ends; a colleague can start their own.
 */
export function leaveClassroom(ctx: SpaceContext, client: Member, afterDroppedLink: boolean): void {
  if (ctx.classroom.lower(client.sessionId)) publishHands(ctx, []);
  leftTables(ctx, client.sessionId);
  const lesson = ctx.classroom.lesson;
  const teacher = client.userData.identity.accountId;
  if (lesson?.teacher !== teacher || ctx.isHere(teacher)) return;
  if (afterDroppedLink) return endLesson(ctx);
  ctx.classroom.teacherGone?.clear();
  ctx.classroom.teacherGone = ctx.later(LIMITS.reconnectSeconds * 1000, () => {
    ctx.classroom.teacherGone = null;
    if (ctx.classroom.lesson === lesson && !ctx.isHere(teacher)) endLesson(ctx);
  });
}
