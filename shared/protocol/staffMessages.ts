import { z } from "zod/mini";
import { DECK } from "../domain/deck.ts";
import { EXHIBITS } from "../domain/exhibits.ts";
import { GRADE_MAX, SUBJECTS, TABLE_COUNT } from "../domain/lesson.ts";
import { LIMITS } from "../domain/limits.ts";
import { POLL_LIMITS } from "../domain/polls.ts";
import { LessonMessages } from "./lessonMessages.ts";
import { EveryoneMessages, Target, bounded, int, text } from "./messages.ts";
import { Mark } from "./lessonEvents.ts";
import { StudyMessages } from "./study.ts";
import { VoiceMessages } from "./voice.ts";
import { CheckInMessages } from "./checkIn.ts";

const { questionMaxChars, choiceMaxChars, minChoices, maxChoices, numberMax } = POLL_LIMITS;

/**
 * What staff alone send: the capability table (shared/domain/roles.ts) decides who may, the
 * schemas only check shape. Apart from messages.ts because a student's page never sends these:
 * the staff page loads them (Connection.speak) and the first visit stays smaller.
 */
export const StaffMessages = {
  greet: z.strictObject({ target: Target }),
  invite: z.strictObject({ target: Target }),
  lockCounselling: z.strictObject({ locked: z.boolean() }),
  /** A welcome session: only children on their first day may come in while it is on (issue 18). */
  welcomeSession: z.strictObject({ on: z.boolean() }),
  /** The console opened one child's details (their session id), or closed them (""): children see staff are looking after the space. */
  lookingAt: z.strictObject({ target: bounded(0, 80) }),
  mute: z.strictObject({ target: Target, minutes: int(0, 120) }),
  /** Takes a hurtful line down, for everyone and from the history a newcomer is shown (its id). */
  removeLine: z.strictObject({ line: bounded(1, 80) }),
  remove: z.strictObject({ target: Target }),
  block: z.strictObject({ target: Target }),
  /** Hands a student the announcement right (an event's MC, 司会), or takes it back. */
  emcee: z.strictObject({ target: Target, on: z.boolean() }),
  answerHelp: z.strictObject({ id: bounded(1, 80) }),
  /** A report or held line was read (its reporter sees "looked at"); answering it closes it. */
  readReport: z.strictObject({ id: bounded(1, 80) }),
  closeSpace: z.strictObject({}),
  // The lesson: start and end it, take hands in order, answer a question.
  startLesson: z.strictObject({ title: text(LIMITS.lessonTitleMaxChars), subject: z.optional(z.enum(SUBJECTS)), grade: z.optional(int(0, GRADE_MAX)) }),
  endLesson: z.strictObject({}),
  /** Gives the turn to the first hand up (it is lowered); everyone else moves up the queue. */
  nextHand: z.strictObject({}),
  lowerHands: z.strictObject({}),
  /** Answers a question to the child who asked it, or to the whole classroom and the asker (without the asker's name). Its teacher, or the asker's own staff. */
  answer: z.strictObject({ question: bounded(1, 80), text: text(LIMITS.chatMaxChars), toClass: z.boolean() }),
  // The board (shared/domain/deck.ts): put a deck up, turn its pages, take it down, "look here".
  showDeck: z.strictObject({ deck: bounded(1, 64), page: z.optional(int(1, DECK.maxPages)) }),
  turnPage: z.strictObject({ page: int(1, DECK.maxPages) }),
  hideDeck: z.strictObject({}),
  /** Gently highlights the board on everyone's screen (never moves anyone's view). */
  lookHere: z.strictObject({}),
  /** Writes on the page on the board (a pen stroke or a line of text); kept with the page. */
  mark: Mark,
  clearMarks: z.strictObject({}),
  /** Asks a child present whether a work of theirs (its title here; the picture follows over HTTP once they agree) may go on the exhibit wall. */
  exhibitAsk: z.strictObject({ target: Target, title: text(EXHIBITS.titleMaxChars) }),
  // Group tables (shared/domain/tables.ts): split the classroom into tables and end table time,
  // visit one table (0: none), and say one line to every table at once. Writing at the visited
  // table is the chat's "table" channel and its board's tableBoard, as a child's are.
  startTables: z.strictObject({}),
  endTables: z.strictObject({}),
  visitTable: z.strictObject({ table: int(0, TABLE_COUNT) }),
  speakToTables: z.strictObject({ text: text(LIMITS.chatMaxChars) }),
  /** Asks a child whether their answer (a chat line, or a question to the teacher) may go on the board. */
  pinAsk: z.union([z.strictObject({ line: bounded(1, 80) }), z.strictObject({ question: bounded(1, 80) })]),
  /**
   * A quick check (shared/domain/polls.ts): a question with 2–6 choices, one of them optionally
   * the correct one (a quiz: told to everyone when it closes), or a question answered with a
   * whole number, optionally between `min` and `max`. One at a time.
   */
  startPoll: z.discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("choice"),
      question: text(questionMaxChars),
      choices: z.array(text(choiceMaxChars)).check(z.minLength(minChoices), z.maxLength(maxChoices)),
      correct: z.optional(int(0, maxChoices - 1)),
    }).check(z.refine((p) => p.correct === undefined || p.correct < p.choices.length, "the correct choice is not one of the choices")),
    z.strictObject({
      kind: z.literal("number"),
      question: text(questionMaxChars),
      min: z.optional(int(-numberMax, numberMax)),
      max: z.optional(int(-numberMax, numberMax)),
    }).check(z.refine((p) => p.min === undefined || p.max === undefined || p.min <= p.max, "min is above max")),
  ]),
  /** Closes the quick check `poll` (its id: a late second click cannot close the next one). */
  closePoll: z.strictObject({ poll: bounded(1, 80) }),
} as const;

/** Every message the server takes, by type: everyone's, the lesson's, staff's, the self-study corner's and voice's (a child's page adds those when its parts load). */
export const ClientMessages = { ...EveryoneMessages, ...LessonMessages, ...StaffMessages, ...StudyMessages, ...VoiceMessages, ...CheckInMessages };

export function isClientMessageType(type: unknown): type is keyof typeof ClientMessages {
  return typeof type === "string" && Object.hasOwn(ClientMessages, type);
}
