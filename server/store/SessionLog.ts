import type { LoggedEvent, LoggedEventType } from "../../shared/log/events.ts";

/**
 * Where session events go. Callers only append; implementations decide how to batch and keep
 * them. Every implementation passes test/integration/session-log.contract.test.ts.
 */
/** One opening of a space, as the log knows it. */
/** How often a process writes what it has logged, unless HIDAMARI_FLUSH_MS says otherwise. */
export const DEFAULT_FLUSH_MS = 250;

export interface SessionRecord {
  /** Internal id of the space instance (never exported). */
  space: string;
  /** The session's UUID: what exports call it. */
  registration: string;
  org: string;
  openedAt: number;
  closedAt: number | null;
  interrupted: boolean;
}

export interface SessionLog {
  /** Validates and buffers an event. Throws on an invalid event: that is a bug, not input. */
  append(event: LoggedEvent): void;
  /**
   * Writes everything buffered so far. If the store cannot take it (a database that is down),
   * the events stay buffered for the next flush and this rejects: nothing appended is lost.
   */
  flush(): Promise<void>;
  /** Events of one space in order (for tests and, later, research views). */
  events(space: string): Promise<LoggedEvent[]>;
  /**
   * The events of some types only, of many spaces at once, in the order they were logged: one
   * query where the research views would otherwise read every event of every session (who
   * entered each session, when people came and went over a year).
   */
  eventsOf(spaces: readonly string[], types: readonly LoggedEventType[]): Promise<LoggedEvent[]>;
  /** The sessions of an organisation that opened in [from, to), oldest first. */
  sessions(org: string, from: number, to: number): Promise<SessionRecord[]>;
  /** One of an organisation's sessions by its registration UUID (null if it is not theirs, or not there). */
  session(org: string, registration: string): Promise<SessionRecord | null>;
  /**
   * Deletes every event older than `before`; returns how many went. With `org` (an admin's
   * purge: their own organisation's log, never another's) it deletes whole sessions, those whose
   * every event is older: a session is tied to its organisation by its opening, so cutting a
   * session in two would leave its later events belonging to no one, kept for ever.
   */
  purgeBefore(before: number, org?: string): Promise<number>;
  /**
   * One person's part of an organisation's log, oldest first: every event of each of their visits
   * (the visits their account entered), and every event that names one of those visits (a staff
   * action aimed at them, a request of theirs answered). What a guardian asking "what do you
   * hold?" is given, and what erasing them deletes (eraseAccount).
   */
  eventsOfAccount(org: string, account: string): Promise<LoggedEvent[]>;
  /** Deletes exactly what eventsOfAccount returns; returns how many events went. */
  eraseAccount(org: string, account: string): Promise<number>;
  /** Closes, as interrupted, every space the log saw open but never closed (after a crash). */
  closeInterrupted(): Promise<number>;
  /** Flushes and releases the store. Appends after close are refused. */
  close(): Promise<void>;
}
