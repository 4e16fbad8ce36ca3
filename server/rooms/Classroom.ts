import { LIMITS } from "../../shared/domain/limits.ts";
import type { Question } from "../../shared/protocol/events.ts";
import type { QuickCheck } from "./QuickCheck.ts";

/**
 * A question waiting for an answer: as the teacher is shown it (who asked, by session id, and
 * what), the asker's organisation, whose staff may answer it too (handlers/lesson.ts), and their
 * account, so a reloaded page (a new session) still lists its own questions waiting.
 */
export interface WaitingQuestion extends Question {
  org: string;
  account: string;
}

/**
 * Table time (handlers/tables.ts): each table's board and who put it up, and the table each
 * visiting staff member is at (by session id). Who sits at which table is the seats' (Avatar.seat).
 */
export class TableTime {
  readonly boards = new Map<number, { text: string; by: string }>();
  readonly visits = new Map<string, number>();
}

/**
 * What a space keeps for its lessons besides the state everyone sees (SpaceState.lesson*,
 * Avatar.seat, Avatar.hand): the lesson's id and teacher, the order hands went up in, the
 * questions not answered yet, and its quick check. It lives and ends with the room; nothing here
 * is worth rebuilding after a crash (a lesson is started again, hands go up again).
 */
export class Classroom {
  /**
   * The lesson on now: its id in the log, and the teacher's account (not a session: the same
   * person on a reloaded page or in a new tab is still the teacher).
   */
  lesson: { id: string; teacher: string } | null = null;
  /** Running while the teacher has left the space: the lesson ends when it fires (handlers/lesson.ts). */
  teacherGone: { clear(): void } | null = null;
  /** The lesson's latest quick check: open, or closed with its result (for whoever comes back to it). */
  poll: QuickCheck | null = null;
  /** The lesson's classroom split into group tables, or not (null). */
  tables: TableTime | null = null;
  readonly #hands: string[] = [];
  readonly #questions = new Map<string, WaitingQuestion>();

  /** Raised hands, first first (session ids). */
  get hands(): readonly string[] {
    return this.#hands;
  }

  /** True if the hand was down. */
  raise(sessionId: string): boolean {
    if (this.#hands.includes(sessionId)) return false;
    this.#hands.push(sessionId);
    return true;
  }

  /** True if the hand was up. */
  lower(sessionId: string): boolean {
    const i = this.#hands.indexOf(sessionId);
    if (i < 0) return false;
    this.#hands.splice(i, 1);
    return true;
  }

  /** Every hand down; the session ids that were up, in order. */
  lowerAll(): string[] {
    return this.#hands.splice(0);
  }

  /** Keeps the question until answered; returns those forgotten to make room (their askers are told). */
  ask(question: WaitingQuestion): WaitingQuestion[] {
    this.#questions.set(question.id, question);
    // The oldest is forgotten first: a teacher who never answers does not grow the room.
    const forgotten: WaitingQuestion[] = [];
    for (const [id, old] of this.#questions) {
      if (this.#questions.size <= LIMITS.questionsKept) break;
      this.#questions.delete(id);
      forgotten.push(old);
    }
    return forgotten;
  }

  /** The questions one person asked that still wait, oldest first (from any of their pages). */
  askedBy(account: string): WaitingQuestion[] {
    return this.waiting.filter((question) => question.account === account);
  }

  /**
   * Every question not answered yet, oldest first: they wait here, not in the teacher's
   * connection, for a teacher whose link dropped or whose page reloaded.
   */
  get waiting(): WaitingQuestion[] {
    return [...this.#questions.values()];
  }

  /** The question, still waiting. */
  question(id: string): WaitingQuestion | undefined {
    return this.#questions.get(id);
  }

  /** The question, once: answered, it is gone. */
  take(id: string): WaitingQuestion | undefined {
    const question = this.#questions.get(id);
    this.#questions.delete(id);
    return question;
  }

  /** A lesson's end forgets its questions (the next lesson starts fresh). */
  end(): void {
    this.lesson = null;
    this.tables = null;
    this.teacherGone?.clear();
    this.teacherGone = null;
    this.poll = null;
    this.#questions.clear();
  }
}
