import type { StudyGoal } from "../store/selfStudy.ts";

/** Someone at a self-study desk, as the space keeps them while they sit there. */
export interface AtDesk {
  /** The session's id in the store (its record). */
  readonly record: string;
  readonly account: string;
  /** Whose staff see them, and whose list of learning sites they may open. */
  readonly org: string;
  /** Since when, the log's time (ms). */
  readonly since: number;
  goal: StudyGoal | null;
  /** The listed learning site opened last and not come back from yet. */
  site: { id: string; name: string } | null;
}

/** A session that ended without the child saying what they did: they may still say it for a while. */
export interface JustEnded {
  readonly record: string;
  readonly endedAt: number;
  readonly minutes: number;
}

/**
 * What a space keeps for its self-study corner besides the state everyone sees (Avatar.seat): who
 * sits at a desk, by session id, and for each account the session that just ended unrecorded.
 * Store writes go through one queue, in the order they were made: a session's record is written
 * before its goal, its goal before its end, on PostgreSQL's pool of connections too.
 */
export class StudyCorner {
  readonly atDesk = new Map<string, AtDesk>();
  readonly justEnded = new Map<string, JustEnded>();
  #writes: Promise<void> = Promise.resolve();

  /** Runs a store write after those before it; a failure is reported and does not stop the next. */
  write(act: () => Promise<void>, failed: (err: unknown) => void): void {
    this.#writes = this.#writes.then(act).catch(failed);
  }

  /** Resolves once every write asked for so far is done (tests, and a space that closes). */
  settled(): Promise<void> {
    return this.#writes;
  }
}
