import type { LoggedEvent, LoggedEventType } from "../../shared/log/events.ts";
import type { DidSaid, Kinds, SelfStudySitting, SelfStudyStudent } from "../../shared/research/selfStudy.ts";
import type { SessionLog, SessionRecord } from "../store/SessionLog.ts";
import type { Admission } from "./analysis.ts";
import { eventsWhere, eventsWhereEach } from "./reads.ts";

/**
 * The self-study corner in the research data (issue 15; shared/research/selfStudy.ts says what
 * the numbers mean). Pure but for the two reads at the end: events in, sittings out.
 */

/** What a sitting is made of: who each visit is, and the corner's own events (presets, lengths, site ids: never words). */
export const SELF_STUDY_EVENTS = ["entered", "self_study_started", "self_study_goal", "self_study_site", "self_study_ended", "self_study_did"] as const satisfies readonly LoggedEventType[];

interface Sitting {
  account: string;
  role: "student" | "staff";
  from: number;
  to: number | null;
  goal: SelfStudySitting["goal"];
  sitesOpened: number;
  sitesReturned: number;
  did: DidSaid | null;
}

const said = (e: { did?: DidSaid["preset"]; chars: number }): DidSaid | null => (e.did || e.chars > 0 ? { preset: e.did ?? null, ownWords: e.chars > 0 } : null);

/**
 * A session's sittings of the students `admission` admits, in the order they sat down. A sitting
 * still open at the session's end ends there (its closing, or, still open, its latest event) and
 * is `ongoing` while the session is. What was done, said a little after standing up (`self_study_did`,
 * from any visit of the same child), belongs to their last sitting if it ended without a word.
 */
export function sittingsOf(session: SessionRecord, events: Iterable<LoggedEvent>, admission: Admission): SelfStudySitting[] {
  const accounts = new Map<string, { account: string; role: "student" | "staff" }>(); // by visit
  const atDesk = new Map<string, Sitting>(); // by visit
  const sittings: Sitting[] = [];
  let end = session.closedAt ?? session.openedAt;
  for (const e of events) {
    end = Math.max(end, e.at);
    switch (e.type) {
      case "entered":
        if (e.account) accounts.set(e.participant, { account: e.account, role: e.role ?? "student" });
        break;
      case "self_study_started": {
        const who = accounts.get(e.participant);
        if (!who) break;
        const before = atDesk.get(e.participant);
        if (before) before.to ??= e.at; // another desk: the first sitting is over
        const sitting: Sitting = { ...who, from: e.at, to: null, goal: null, sitesOpened: 0, sitesReturned: 0, did: null };
        atDesk.set(e.participant, sitting);
        sittings.push(sitting);
        break;
      }
      case "self_study_goal": {
        const sitting = atDesk.get(e.participant);
        if (sitting) sitting.goal = { preset: e.preset ?? null, ownWords: e.chars > 0 };
        break;
      }
      case "self_study_site": {
        const sitting = atDesk.get(e.participant);
        if (sitting && e.action === "opened") sitting.sitesOpened++;
        else if (sitting) sitting.sitesReturned++;
        break;
      }
      case "self_study_ended": {
        const sitting = atDesk.get(e.participant);
        if (!sitting) break;
        sitting.to = e.at;
        sitting.did = said(e);
        atDesk.delete(e.participant);
        break;
      }
      case "self_study_did": {
        const account = accounts.get(e.participant)?.account;
        const last = sittings.findLast((s) => s.account === account);
        if (last && last.to !== null && last.did === null) last.did = said(e);
        break;
      }
    }
  }
  return sittings
    .filter((s) => s.role === "student" && admission.include(s.account, "student"))
    .map((s) => ({
      registration: session.registration,
      pseudonym: admission.pseudonym(s.account),
      startedAt: s.from,
      durationMs: (s.to ?? end) - s.from,
      ongoing: s.to === null && session.closedAt === null,
      goal: s.goal,
      sitesOpened: s.sitesOpened,
      sitesReturned: s.sitesReturned,
      did: s.did,
    }));
}

/** Per child, their sittings added up: how many, how long, how often each kind of goal and answer. Sorted by pseudonym. */
export function summariseSelfStudy(sittings: readonly SelfStudySitting[]): SelfStudyStudent[] {
  const out = new Map<string, SelfStudyStudent>();
  const count = <P extends string>(kinds: Kinds<P>, said: { preset: P | null; ownWords: boolean } | null) => {
    if (said?.preset) kinds.presets[said.preset] = (kinds.presets[said.preset] ?? 0) + 1;
    if (said?.ownWords) kinds.ownWords++;
    if (!said?.preset && !said?.ownWords) kinds.none++;
  };
  for (const s of sittings) {
    let student = out.get(s.pseudonym);
    if (!student) {
      student = { pseudonym: s.pseudonym, sittings: 0, msStudying: 0, goals: { presets: {}, ownWords: 0, none: 0 }, sitesOpened: 0, sitesReturned: 0, did: { presets: {}, ownWords: 0, none: 0 } };
      out.set(s.pseudonym, student);
    }
    student.sittings++;
    student.msStudying += s.durationMs;
    student.sitesOpened += s.sitesOpened;
    student.sitesReturned += s.sitesReturned;
    count(student.goals, s.goal);
    if (!s.ongoing) count(student.did, s.did);
  }
  return [...out.values()].sort((a, b) => a.pseudonym.localeCompare(b.pseudonym));
}

/** The self-study of many sessions, by space, in two reads: only the sessions where someone sat at a desk, only the corner's events. */
export function selfStudyEvents(log: SessionLog, sessions: readonly SessionRecord[]): Promise<Map<string, LoggedEvent[]>> {
  return eventsWhere(log, sessions, "self_study_started", SELF_STUDY_EVENTS);
}

/** The same, one session at a time, for the self-study CSV: null for a session where nobody sat at a desk. */
export function selfStudyEventsEach(log: SessionLog, sessions: readonly SessionRecord[]): Promise<(session: SessionRecord) => Promise<LoggedEvent[] | null>> {
  return eventsWhereEach(log, sessions, "self_study_started", SELF_STUDY_EVENTS);
}
