import { z } from "zod";
import { ZONE_IDS } from "../domain/zones.ts";

/** What researchers receive: pseudonyms, times and counts; never names, notes, codes or internal ids. */

const Zone = z.enum(ZONE_IDS);
/**
 * The participation ladder: just being there → reacting → writing → listening in a voice talk →
 * speaking in one (the microphone on) → talking with staff (counselling).
 */
export const LADDER = ["present", "reacted", "wrote", "listened", "spoke", "talked_with_staff"] as const;

export const ParticipantReport = z.object({
  pseudonym: z.string(),
  role: z.enum(["student", "staff"]),
  msPresent: z.number(),
  msByZone: z.partialRecord(Zone, z.number()),
  ladder: z.enum(LADDER),
  /** From arrival to the first emote, status, chat line or help request; null if none. */
  firstInteractionMs: z.number().nullable(),
  /** From arrival to a staff member's greeting; null if not greeted (students only). */
  greetedAfterMs: z.number().nullable(),
  messages: z.number(),
  emotes: z.number(),
  /** In a voice talk (listening or speaking), and with the microphone on, milliseconds: never what was said. */
  msInTalk: z.number(),
  msMicOn: z.number(),
  helpRequests: z.number(),
  /** Where they were, when: zone segments relative to the session's opening. */
  segments: z.array(z.object({ from: z.number(), to: z.number(), zone: Zone })),
});
export type ParticipantReport = z.infer<typeof ParticipantReport>;

export const Heatmap = z.object({ x0: z.number(), z0: z.number(), cell: z.number(), cols: z.number(), rows: z.number(), counts: z.array(z.number()) });
export type Heatmap = z.infer<typeof Heatmap>;

export const SessionReport = z.object({
  registration: z.string(),
  openedAt: z.number(),
  closedAt: z.number().nullable(),
  interrupted: z.boolean(),
  participants: z.array(ParticipantReport),
  helpWaitMs: z.array(z.number()),
  interactions: z.object({ studentLines: z.number(), staffLines: z.number(), staffActionsTowardStudents: z.number() }),
  heatmap: Heatmap,
});
export type SessionReport = z.infer<typeof SessionReport>;

/** A row of the sessions list. Headcounts below the suppression threshold are withheld (null). */
export const SessionSummary = z.object({
  registration: z.string(),
  openedAt: z.number(),
  closedAt: z.number().nullable(),
  interrupted: z.boolean(),
  /** All students present, consented or not (an anonymous headcount), or null when suppressed. */
  students: z.number().nullable(),
  /** Students whose activity may be studied (they appear as pseudonyms in the session's detail). */
  consented: z.number(),
});
export type SessionSummary = z.infer<typeof SessionSummary>;
export const SessionList = z.object({ sessions: z.array(SessionSummary), suppressBelow: z.number() });

/** Presence per pseudonym per day, for the attendance calendar and the weekly trend. */
export const Attendance = z.object({ days: z.array(z.string()), rows: z.array(z.object({ pseudonym: z.string(), minutes: z.array(z.number()) })) });
export type Attendance = z.infer<typeof Attendance>;

/** An organisation's studies (the admin's list, and the researcher's). */
export const StudyList = z.object({ studies: z.array(z.object({ id: z.string(), name: z.string() })) });
/** The studies a researcher may read, and the time zone the school's days are counted in (every day and time on the research page is in it). */
export const ResearchStudies = z.object({ studies: StudyList.shape.studies, timeZone: z.string() });
/**
 * `csv`: a row per participant per session; `lessons`: a CSV row per student per lesson;
 * `self-study`: a CSV row per student per time at a self-study desk; `jsonl`: the events; `xapi`: statements.
 */
export const EXPORT_FORMATS = ["csv", "lessons", "self-study", "jsonl", "xapi"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
