import type { LoggedEvent, LoggedEventType } from "../../shared/log/events.ts";
import type { SessionLog, SessionRecord } from "../store/SessionLog.ts";

/**
 * How a research view reads one part of many sessions (their lessons, their self-study) in few
 * store queries instead of every event of every session: which sessions logged the part's
 * `marker` at all (one query, that type only), then those sessions' events of the part's `types`
 * (one query). A session still open ends at its latest event of any kind (as in the session
 * report), so it is read whole.
 */

/** Which of these sessions logged `marker`: one query over all of them, for that type only. */
async function sessionsWith(log: SessionLog, sessions: readonly SessionRecord[], marker: LoggedEventType): Promise<Set<string>> {
  if (sessions.length === 0) return new Set();
  return new Set((await log.eventsOf(sessions.map((s) => s.space), [marker])).map((e) => e.space));
}

/** The part's events of every session that has it, by space; sessions without it are not in the map. */
export async function eventsWhere(log: SessionLog, sessions: readonly SessionRecord[], marker: LoggedEventType, types: readonly LoggedEventType[]): Promise<Map<string, LoggedEvent[]>> {
  const having = await sessionsWith(log, sessions, marker);
  const closed = sessions.filter((s) => having.has(s.space) && s.closedAt !== null).map((s) => s.space);
  const out = new Map<string, LoggedEvent[]>();
  for (const e of closed.length > 0 ? await log.eventsOf(closed, types) : []) {
    const list = out.get(e.space);
    if (list) list.push(e);
    else out.set(e.space, [e]);
  }
  for (const s of sessions) if (having.has(s.space) && s.closedAt === null) out.set(s.space, await log.events(s.space));
  return out;
}

/**
 * The same, one session at a time, for an export that streams a year in constant memory: null
 * for a session without the part (found in the one first query), otherwise that session's reads.
 */
export async function eventsWhereEach(
  log: SessionLog,
  sessions: readonly SessionRecord[],
  marker: LoggedEventType,
  types: readonly LoggedEventType[],
): Promise<(session: SessionRecord) => Promise<LoggedEvent[] | null>> {
  const having = await sessionsWith(log, sessions, marker);
  return async (session) => {
    if (!having.has(session.space)) return null;
    return session.closedAt === null ? log.events(session.space) : log.eventsOf([session.space], types);
  };
}
