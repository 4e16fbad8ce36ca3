import type { LoggedEvent, LoggedEventType } from "../../shared/log/events.ts";
import { checkEvent } from "./checkEvent.ts";
import type { SessionLog, SessionRecord } from "./SessionLog.ts";
import { sessionsFrom } from "./sessions.ts";

/** A SessionLog in memory: for tests and for throwaway servers. */
export class MemorySessionLog implements SessionLog {
  #events: LoggedEvent[] = [];
  #closed = false;

  append(event: LoggedEvent): void {
    if (this.#closed) throw new Error("session log is closed");
    this.#events.push(checkEvent(event));
  }

  async flush(): Promise<void> {}

  async events(space: string): Promise<LoggedEvent[]> {
    return this.#events.filter((e) => e.space === space);
  }

  async eventsOf(spaces: readonly string[], types: readonly LoggedEventType[]): Promise<LoggedEvent[]> {
    const inSpaces = new Set(spaces);
    const ofTypes = new Set(types);
    return this.#events.filter((e) => inSpaces.has(e.space) && ofTypes.has(e.type));
  }

  async sessions(org: string, from: number, to: number): Promise<SessionRecord[]> {
    return sessionsFrom(this.#events, org, from, to);
  }

  async session(org: string, registration: string): Promise<SessionRecord | null> {
    return sessionsFrom(this.#events, org, 0, Number.MAX_SAFE_INTEGER).find((s) => s.registration === registration) ?? null;
  }

  async purgeBefore(before: number, org?: string): Promise<number> {
    const gone = (e: LoggedEvent) => e.at < before;
    if (org !== undefined) {
      // Whole sessions only (SessionLog): the organisation's spaces whose every event is older.
      const theirs = new Set(this.#events.filter((e) => e.type === "space_opened" && e.org === org).map((e) => e.space));
      for (const e of this.#events) if (!gone(e)) theirs.delete(e.space);
      return this.#keep((e) => !theirs.has(e.space));
    }
    return this.#keep((e) => !gone(e));
  }

  async eventsOfAccount(org: string, account: string): Promise<LoggedEvent[]> {
    return this.#events.filter(this.#ofAccount(org, account));
  }

  async eraseAccount(org: string, account: string): Promise<number> {
    const theirs = this.#ofAccount(org, account);
    return this.#keep((e) => !theirs(e));
  }

  /** Whether an event is, or names, one of the account's visits in the organisation's sessions (SessionLog). */
  #ofAccount(org: string, account: string): (e: LoggedEvent) => boolean {
    const spaces = new Set(this.#events.filter((e) => e.type === "space_opened" && e.org === org).map((e) => e.space));
    const visits = new Set(this.#events.filter((e) => e.type === "entered" && e.account === account && spaces.has(e.space)).map((e) => `${e.space} ${(e as { participant: string }).participant}`));
    return (e) => {
      const named = e as { participant?: string; target?: string; student?: string };
      return [named.participant, named.target, named.student].some((p) => p !== undefined && visits.has(`${e.space} ${p}`));
    };
  }

  #keep(keep: (e: LoggedEvent) => boolean): number {
    const kept = this.#events.filter(keep);
    const gone = this.#events.length - kept.length;
    this.#events = kept;
    return gone;
  }

  async closeInterrupted(): Promise<number> {
    const open = new Map<string, number>();
    for (const e of this.#events) {
      if (e.type === "space_opened") open.set(e.space, e.at);
      else if (e.type === "space_closed") open.delete(e.space);
      else if (open.has(e.space)) open.set(e.space, e.at);
    }
    for (const [space, at] of open) this.append({ v: 1, at, space, type: "space_closed", reason: "interrupted" });
    return open.size;
  }

  async close(): Promise<void> {
    this.#closed = true;
  }
}
