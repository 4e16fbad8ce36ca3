/**
 * Quick checks in a lesson (issue 15): the teacher asks one question, a poll or a quiz, answered
 * with one of a few choices or with a whole number; "I'd rather not answer" is always an answer.
 * The sizes and the pure rules both sides run. Only the lesson's parts and the server import this
 * (a first visit carries none of it): its limits are here, not in LIMITS.
 */
export const POLL_LIMITS = {
  /** A question fits on a tablet's card without scrolling. */
  questionMaxChars: 120,
  /** A choice is a word or a short phrase: a radio button's label. */
  choiceMaxChars: 40,
  minChoices: 2,
  maxChoices: 6,
  /** A number answer is a whole number from -numberMax to numberMax; a teacher's bounds lie within. */
  numberMax: 999_999,
} as const;

export const POLL_KINDS = ["choice", "number"] as const;
export type PollKind = (typeof POLL_KINDS)[number];

/** One child's answer: a choice (its index), a number, or a pass ("I'd rather not answer"). */
export type PollAnswer = { choice: number } | { value: number } | { pass: true };

/** What an answer is checked against: a choice poll's choices, or a number poll's bounds. */
export interface PollShape {
  choices?: readonly string[];
  min?: number;
  max?: number;
}

/** The anonymous result: how many chose each choice, every number given (smallest first), how many passed. */
export interface PollTally {
  counts: number[];
  values: number[];
  passed: number;
}

/**
 * Whether an answer fits the poll: one of its choices for a choice poll, a whole number within
 * its bounds for a number poll. Passing always fits: nobody is ever made to answer.
 */
export function answerFits(poll: PollShape, answer: PollAnswer): boolean {
  if ("pass" in answer) return answer.pass === true;
  if ("choice" in answer) return poll.choices !== undefined && Number.isInteger(answer.choice) && answer.choice >= 0 && answer.choice < poll.choices.length;
  const { value } = answer;
  return (
    poll.choices === undefined &&
    Number.isInteger(value) &&
    Math.abs(value) <= POLL_LIMITS.numberMax &&
    (poll.min === undefined || value >= poll.min) &&
    (poll.max === undefined || value <= poll.max)
  );
}

export function sameAnswer(a: PollAnswer, b: PollAnswer): boolean {
  if ("pass" in a) return "pass" in b;
  if ("choice" in a) return "choice" in b && a.choice === b.choice;
  return "value" in b && a.value === b.value;
}

/** Counts the answers given, without anyone's name. */
export function tally(poll: PollShape, answers: Iterable<PollAnswer>): PollTally {
  const counts = (poll.choices ?? []).map(() => 0);
  const values: number[] = [];
  let passed = 0;
  for (const answer of answers) {
    if ("pass" in answer) passed++;
    else if ("choice" in answer) counts[answer.choice] = (counts[answer.choice] ?? 0) + 1;
    else values.push(answer.value);
  }
  values.sort((a, b) => a - b);
  return { counts, values, passed };
}

/** The numbers given, each once with how many gave it, smallest first (a tally's values come sorted). */
export function groupValues(values: readonly number[]): Array<{ value: number; count: number }> {
  const groups: Array<{ value: number; count: number }> = [];
  for (const value of values) {
    const last = groups.at(-1);
    if (last?.value === value) last.count++;
    else groups.push({ value, count: 1 });
  }
  return groups;
}
