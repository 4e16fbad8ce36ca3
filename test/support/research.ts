import { randomUUID } from "node:crypto";
import type { LoggedEvent } from "../../shared/log/events.ts";
import type { ConsentLevel } from "../../shared/research/consent.ts";
import type { Admission } from "../../server/research/analysis.ts";
import type { SessionLog, SessionRecord } from "../../server/store/SessionLog.ts";

/**
 * Synthetic session logs for the research tests: events written as the space writes them (the
 * same schema, checked by the log on append), at times the test chooses, so every number a
 * researcher reads can be asserted exactly.
 */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event without `v` and `space`, its time relative to the session's opening. */
export type Step = DistributiveOmit<LoggedEvent, "v" | "space">;

/** The events of one session, in order, with `v`, `space` and absolute times filled in. */
export function eventsOf(space: string, openedAt: number, steps: Step[]): LoggedEvent[] {
  return steps.map((s) => ({ v: 1, space, ...s, at: openedAt + s.at }) as LoggedEvent);
}

/** A session record as the log gives it. */
export function sessionRecord(openedAt: number, closedAt: number | null, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return { space: `space-${randomUUID()}`, registration: randomUUID(), org: "org-1", openedAt, closedAt, interrupted: closedAt === null, ...overrides };
}

/**
 * A whole session appended to a real log: opened for `org` at `openedAt`, the steps (times
 * relative to the opening), closed `closedAfter` ms later (null: never closed).
 */
export function appendSession(log: SessionLog, org: string, openedAt: number, steps: Step[], closedAfter: number | null): { space: string; registration: string } {
  const space = `space-${randomUUID()}`;
  const registration = randomUUID();
  log.append({ v: 1, at: openedAt, space, type: "space_opened", org, registration });
  for (const e of eventsOf(space, openedAt, steps)) log.append(e);
  if (closedAfter !== null) log.append({ v: 1, at: openedAt + closedAfter, space, type: "space_closed", reason: "closed" });
  log.flush();
  return { space, registration };
}

/** A visit: entered at `from`, left at `to` (null: still there), in one zone. */
export function visit(participant: string, account: string, role: "student" | "staff", from: number, to: number | null, zone: "classroom" | "talk" | "quiet" | "counselling" = "classroom"): Step[] {
  const steps: Step[] = [{ type: "entered", at: from, participant, account, role, zone }];
  if (to !== null) steps.push({ type: "left", at: to, participant, zone });
  return steps;
}

/**
 * An Admission like the researcher's: staff listed in `staff`, students by their consent level
 * (absent: none). Pseudonyms are `ps:<account>` so a test can read who is who.
 */
export function admissionOf(consent: Record<string, ConsentLevel>, staff: string[] = []): Admission & { chatConsented(account: string): boolean } {
  return {
    include: (account, role) => (role === "staff" ? staff.includes(account) : (consent[account] ?? "none") !== "none"),
    pseudonym: (account) => `ps:${account}`,
    chatConsented: (account) => consent[account] === "activity_chat",
  };
}

/** Everything an async generator yields, joined. */
export async function drain(chunks: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const c of chunks) out.push(c);
  return out;
}

/** Every event of an organisation's sessions, in session order: what a test looks through for a line or a visit. */
export async function orgEvents(log: SessionLog, org: string): Promise<LoggedEvent[]> {
  const events: LoggedEvent[] = [];
  for (const session of await log.sessions(org, 0, Number.MAX_SAFE_INTEGER)) events.push(...(await log.events(session.space)));
  return events;
}
