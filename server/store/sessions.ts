import type { LoggedEvent } from "../../shared/log/events.ts";
import type { SessionRecord } from "./SessionLog.ts";

/** Sessions from their opening and closing events: the one rule both stores share. */
export function sessionsFrom(events: Iterable<LoggedEvent>, org: string, from: number, to: number): SessionRecord[] {
  const bySpace = new Map<string, SessionRecord>();
  for (const e of events) {
    if (e.type === "space_opened" && e.org === org && e.at >= from && e.at < to) {
      bySpace.set(e.space, { space: e.space, registration: e.registration ?? "", org, openedAt: e.at, closedAt: null, interrupted: false });
    } else if (e.type === "space_closed") {
      const record = bySpace.get(e.space);
      if (record) {
        record.closedAt = e.at;
        record.interrupted = e.reason === "interrupted";
      }
    }
  }
  return [...bySpace.values()].filter((r) => r.registration !== "").sort((a, b) => a.openedAt - b.openedAt);
}
