import { type PollAnswer, type PollTally, sameAnswer, tally } from "../../shared/domain/polls.ts";

/** What the teacher asked: a question with choices (a quiz when one is correct), or a number within bounds. */
export interface PollQuestion {
  question: string;
  choices?: readonly string[];
  correct?: number;
  min?: number;
  max?: number;
}

/** One child's answer and who they are, for the staff of their own organisation. */
export interface GivenAnswer {
  answer: PollAnswer;
  nickname: string;
  org: string;
}

/**
 * One quick check in a lesson: what was asked, and each child's answer, one per child (by
 * account: a reloaded page or a second device changes the same answer, never adds one). It lives
 * in the room only: a poll is a moment of a lesson, not worth rebuilding after a crash.
 */
export class QuickCheck {
  readonly #answers = new Map<string, GivenAnswer>();
  closed = false;

  constructor(
    readonly id: string,
    readonly lesson: string,
    readonly asked: PollQuestion,
  ) {}

  /** "new" for a first answer, "changed" for a different one, "same" for a repeat (a double tap): counted once. */
  answer(account: string, given: GivenAnswer): "new" | "changed" | "same" {
    const before = this.#answers.get(account);
    if (before && sameAnswer(before.answer, given.answer)) return "same";
    this.#answers.set(account, given);
    return before ? "changed" : "new";
  }

  answerOf(account: string): PollAnswer | undefined {
    return this.#answers.get(account)?.answer;
  }

  /** Everyone's answers, counted without names. */
  tally(): PollTally {
    return tally(this.asked, [...this.#answers.values()].map((a) => a.answer));
  }

  /** Who answered what, for staff: in answering order. */
  answers(): GivenAnswer[] {
    return [...this.#answers.values()];
  }
}
