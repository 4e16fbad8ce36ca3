import { LoggedEvent } from "../../shared/log/events.ts";
import type { SessionLog } from "./SessionLog.ts";

/** A SessionLog in memory: for tests and for throwaway servers. */
export class MemorySessionLog implements SessionLog {
  #events: LoggedEvent[] = [];
  #closed = false;

  append(event: LoggedEvent): void {
    if (this.#closed) throw new Error("session log is closed");
    this.#events.push(LoggedEvent.parse(event));
  }

  flush(): void {}

  events(space: string): LoggedEvent[] {
    return this.#events.filter((e) => e.space === space);
  }

  close(): void {
    this.#closed = true;
  }
}
