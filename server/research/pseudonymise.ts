import type { LoggedEvent } from "../../shared/log/events.ts";
import type { SessionRecord } from "../store/SessionLog.ts";
import type { Admission } from "./analysis.ts";
import { lessonsOf } from "./lessons.ts";
import { pollsOf } from "./polls.ts";

/** Who may appear in an export and as whom (the study's pseudonyms), and whose words may leave: as the researcher's study says now. */
export type ExportAdmission = Admission & { chatConsented(account: string): boolean };

/**
 * A learning site as an export names it: by an alias keyed to the study (as a pseudonym is), never
 * by its id in the organisation's list (an internal id) or its name or address (typed by staff).
 * The same site has the same alias throughout a study, and another in every other study.
 */
export function siteAlias(admission: ExportAdmission, site: string): string {
  return `site-${admission.pseudonym(`learning-site:${site}`)}`;
}

/**
 * Admitted events with every person replaced by their pseudonym and the space by its registration,
 * each with the per-visit id it was logged under (`visit`, which stays inside: one person's visits
 * may overlap, as when a page is reloaded, and only the visit id tells them apart). A lesson and a
 * quick check are their numbers in the session, a learning site its alias: the room's ids stay inside.
 */
export function* pseudonymised(session: SessionRecord, events: LoggedEvent[], admission: ExportAdmission): Generator<{ event: Record<string, unknown> & { type: string; at: number }; visit: string | undefined }> {
  const accounts = new Map<string, { account: string; role: "student" | "staff" }>();
  for (const e of events) if (e.type === "entered" && e.account) accounts.set(e.participant, { account: e.account, role: e.role ?? "student" });
  const lessonNumbers = new Map(lessonsOf(session, events).map((l) => [l.id, l.number]));
  const polls = pollsOf(events);
  const alias = (participant: string | undefined) => {
    const who = participant ? accounts.get(participant) : undefined;
    return who && admission.include(who.account, who.role) ? admission.pseudonym(who.account) : null;
  };
  for (const e of events) {
    const { v: _v, space: _space, ...rest } = e;
    const out: Record<string, unknown> & { type: string; at: number } = { ...rest, session: session.registration };
    if (e.type === "space_opened") {
      delete out.org;
      delete out.registration;
    }
    if ("participant" in e) {
      const who = alias(e.participant);
      if (!who) continue; // not consented: stays out entirely
      out.participant = who;
      out.role = accounts.get(e.participant)?.role;
      delete out.account;
    }
    // An event about someone who may not appear (a help request answered, a greeting, a mute)
    // would tell of them: it stays out too.
    let aboutSomeoneElse = false;
    for (const key of ["target", "student"] as const) {
      if (key in out) {
        const other = alias(out[key] as string);
        if (other) out[key] = other;
        else aboutSomeoneElse = true;
      }
    }
    if (aboutSomeoneElse) continue;
    if (e.type === "lesson_started" || e.type === "lesson_ended" || e.type === "poll_started") {
      const number = lessonNumbers.get(e.lesson);
      if (number === undefined) delete out.lesson;
      else out.lesson = number;
    }
    if (e.type === "poll_started" || e.type === "poll_answered" || e.type === "poll_closed") {
      const number = polls.get(e.poll)?.number;
      if (number === undefined) delete out.poll;
      else out.poll = number;
    }
    if (e.type === "self_study_site") out.site = siteAlias(admission, e.site);
    // What a child wrote, or answered in a quick check, is content: it leaves only while they
    // consent to content (it was logged only if they did at the time).
    const content = e.type === "chat_sent" ? "text" : e.type === "poll_answered" ? "answer" : null;
    if (content && content in out && "participant" in e) {
      const who = accounts.get(e.participant);
      if (!who || !admission.chatConsented(who.account)) delete out[content];
    }
    yield { event: out, visit: "participant" in e ? e.participant : undefined };
  }
}
