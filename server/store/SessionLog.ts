import type { LoggedEvent } from "../../shared/log/events.ts";

/**
 * Where session events go. Callers only append; implementations decide how to batch and keep
 * them. Every implementation passes test/integration/session-log.contract.test.ts.
 */
export interface SessionLog {
  /** Validates and buffers an event. Throws on an invalid event: that is a bug, not input. */
  append(event: LoggedEvent): void;
  /** Writes everything buffered so far. */
  flush(): void;
  /** Events of one space in order (for tests and, later, research views). */
  events(space: string): LoggedEvent[];
  /** Closes, as interrupted, every space the log saw open but never closed (after a crash). */
  closeInterrupted(): number;
  /** Flushes and releases the store. Appends after close are refused. */
  close(): void;
}
