import type { PollKind } from "../../shared/domain/polls.ts";
import type { LoggedEvent } from "../../shared/log/events.ts";

/**
 * Quick checks in the research data (issue 15). Outside the server a quick check is its
 * session's registration and its number in the session (1, 2…, in the order they were asked),
 * as a lesson is: the room's ids for it and for its lesson stay inside. Pure.
 */
export interface PollSpan {
  number: number;
  /** Its lesson's internal id (lessons.ts numbers the lessons). */
  lesson: string;
  kind: PollKind;
  choices: number;
  quiz: boolean;
  /** Closed by staff or with its lesson, as logged. */
  closed: boolean;
}

/** A session's quick checks by their internal id. */
export function pollsOf(events: Iterable<LoggedEvent>): Map<string, PollSpan> {
  const polls = new Map<string, PollSpan>();
  for (const e of events) {
    if (e.type === "poll_started" && !polls.has(e.poll)) polls.set(e.poll, { number: polls.size + 1, lesson: e.lesson, kind: e.kind, choices: e.choices, quiz: e.quiz, closed: false });
    else if (e.type === "poll_closed") {
      const poll = polls.get(e.poll);
      if (poll) poll.closed = true;
    }
  }
  return polls;
}
