import { randomUUID } from "node:crypto";
import { type PollAnswer, answerFits } from "../../../shared/domain/polls.ts";
import type { ParsedMessage } from "../../../shared/protocol/messages.ts";
import type { PollView } from "../../../shared/protocol/pollEvents.ts";
import type { PollTally } from "../../../shared/protocol/staffEvents.ts";
import { type Member, type SpaceClient, isMember, isStaffClient } from "../participants.ts";
import { QuickCheck } from "../QuickCheck.ts";
import type { SpaceContext } from "./context.ts";

/**
 * Quick checks in a lesson (issue 15): staff ask one question, a poll or a quiz, answered with a
 * choice or a whole number; "I'd rather not answer" always counts as taking part. Everyone in the
 * space gets it, wherever they are (a lesson can be followed from anywhere). Answers are
 * anonymous to the class: a child sees only the counts and their own answer; staff see who
 * answered what, for their own organisation's children. One open at a time.
 */

export function onStartPoll(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"startPoll">): void {
  const lesson = ctx.classroom.lesson;
  if (!lesson) return ctx.sendError(staff, { code: "no_lesson", about: "startPoll" });
  if (ctx.classroom.poll && !ctx.classroom.poll.closed) return ctx.sendError(staff, { code: "poll_open", about: "startPoll" });
  const asked =
    msg.kind === "choice"
      ? { question: msg.question, choices: msg.choices, ...(msg.correct !== undefined ? { correct: msg.correct } : {}) }
      : { question: msg.question, ...(msg.min !== undefined ? { min: msg.min } : {}), ...(msg.max !== undefined ? { max: msg.max } : {}) };
  const poll = new QuickCheck(randomUUID(), lesson.id, asked);
  ctx.classroom.poll = poll;
  publish(ctx, poll);
  ctx.log({
    type: "poll_started",
    participant: staff.userData.participant,
    lesson: lesson.id,
    poll: poll.id,
    kind: msg.kind,
    choices: msg.kind === "choice" ? msg.choices.length : 0,
    quiz: msg.kind === "choice" && msg.correct !== undefined,
  });
  ctx.audit(staff, "start_poll", null, { poll: poll.id, kind: msg.kind });
}

/**
 * A child's answer, or a changed one, to the open quick check. Checked here against the poll
 * itself (a choice it has, a number within its bounds): refused, nothing is counted. The same
 * answer again (a double tap) is acknowledged and counted once. A child answers with no words of
 * their own, so the word filter and a mute (which pause what a child says) do not apply: a muted
 * child still takes part in the lesson.
 */
export function onAnswerPoll(ctx: SpaceContext, child: Member, msg: ParsedMessage<"answerPoll">): void {
  const poll = ctx.classroom.poll;
  if (!poll || poll.closed || poll.id !== msg.poll) return ctx.sendError(child, { code: "no_poll", about: "answerPoll" });
  const answer: PollAnswer = "choice" in msg ? { choice: msg.choice } : "value" in msg ? { value: msg.value } : { pass: true };
  if (!answerFits(poll.asked, answer)) return ctx.sendError(child, { code: "bad_answer", about: "answerPoll" });
  const me = child.userData;
  const outcome = poll.answer(me.identity.accountId, { answer, nickname: me.identity.nickname, org: me.identity.org });
  // Told every time, so a page that sent twice shows the one answer the teacher has.
  ctx.send(child, "poll", viewFor(poll, child));
  if (outcome === "same") return;
  sendTallies(ctx, poll);
  // That a child answered is activity; what they answered is content, kept only with consent to
  // it at the time (as chat text is: handlers/chat.ts), and exports drop it unless it still holds.
  const value = "choice" in answer ? answer.choice : "value" in answer ? answer.value : undefined;
  const consent = value !== undefined ? ctx.directory.consentOf(me.identity.accountId) : Promise.resolve("none");
  ctx.logWhen(consent, (level) => ({
    type: "poll_answered",
    participant: me.participant,
    poll: poll.id,
    passed: "pass" in answer,
    ...(outcome === "changed" ? { changed: true } : {}),
    ...(level === "activity_chat" && value !== undefined ? { answer: value } : {}),
  }));
}

/** Closes the quick check `msg.poll`: everyone gets the anonymous result, each with their own answer beside it. */
export function onClosePoll(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"closePoll">): void {
  const poll = ctx.classroom.poll;
  if (!poll || poll.closed || poll.id !== msg.poll) return ctx.sendError(staff, { code: "no_poll", about: "closePoll" });
  closePoll(ctx, poll);
  publish(ctx, poll);
  ctx.audit(staff, "close_poll", null, { poll: poll.id });
}

/** A lesson's end closes its quick check too (nobody is sent a result: the lesson's panel goes). */
export function endPoll(ctx: SpaceContext): void {
  const poll = ctx.classroom.poll;
  if (poll && !poll.closed) closePoll(ctx, poll);
}

function closePoll(ctx: SpaceContext, poll: QuickCheck): void {
  poll.closed = true;
  ctx.log({ type: "poll_closed", poll: poll.id });
}

/**
 * What someone arriving (or back after a dropped link) needs: the lesson's quick check, open or
 * with its result, and their own answer; staff the tally.
 */
export function pollFor(ctx: SpaceContext, client: SpaceClient): void {
  const poll = ctx.classroom.poll;
  if (poll) sendPoll(ctx, poll, client);
}

/** To everyone present, each their own view (their answer), and to staff the tally. */
function publish(ctx: SpaceContext, poll: QuickCheck): void {
  for (const id of ctx.state.avatars.keys()) {
    const client = ctx.clientBySession(id);
    if (client) sendPoll(ctx, poll, client);
  }
}

function sendPoll(ctx: SpaceContext, poll: QuickCheck, client: SpaceClient): void {
  if (!isMember(client)) return;
  ctx.send(client, "poll", viewFor(poll, client));
  if (isStaffClient(client)) ctx.send(client, "pollTally", tallyFor(poll, client));
}

function sendTallies(ctx: SpaceContext, poll: QuickCheck): void {
  for (const staff of ctx.staffClients()) if (isMember(staff)) ctx.send(staff, "pollTally", tallyFor(poll, staff));
}

/** The poll as this person sees it: never anyone else's answer, and a quiz's correct choice only once it is closed. */
function viewFor(poll: QuickCheck, client: Member): PollView {
  const { question, choices, min, max, correct } = poll.asked;
  const mine = isStaffClient(client) ? undefined : poll.answerOf(client.userData.identity.accountId);
  return {
    id: poll.id,
    question,
    ...(choices ? { choices: [...choices] } : {}),
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined ? { max } : {}),
    ...(correct !== undefined ? { quiz: true as const } : {}),
    ...(mine ? { mine } : {}),
    ...(poll.closed ? { result: { ...poll.tally(), ...(correct !== undefined ? { correct } : {}) } } : {}),
  };
}

/** The tally as a staff member sees it: names only of their own organisation's children (a plaza has others). */
function tallyFor(poll: QuickCheck, staff: Member): PollTally {
  const org = staff.userData.identity.org;
  const { correct } = poll.asked;
  return {
    poll: poll.id,
    ...poll.tally(),
    ...(correct !== undefined ? { correct } : {}),
    answers: poll
      .answers()
      .filter((a) => a.org === org)
      .map((a) => ({ nickname: a.nickname, answer: a.answer })),
    closed: poll.closed,
  };
}
