import { z } from "zod/mini";
import { DID_PRESETS, GOAL_PRESETS } from "../domain/study.ts";
import { SUBJECTS } from "../domain/lesson.ts";
import { ZONE_IDS } from "../domain/zones.ts";

/**
 * Attendance evidence for a child's school (出席扱いの報告, issue 19): for one child and a period,
 * each day present with times, areas, lessons, self-study and staff check-ins, and a counsellor's
 * comment for the school. Never what anyone said, never another child.
 */

/** Longest period one report covers: a school term's worth of days. */
export const ATTENDANCE = { maxDays: 120, commentMaxChars: 1200, linkDays: 14, nameMaxChars: 60 } as const;

const Day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));

/** The form: the period (both days included, in the organisation's time zone), the report's language, the comment. */
export const AttendanceBody = z.strictObject({
  from: Day,
  to: Day,
  lang: z.enum(["ja", "en"]),
  comment: z.string().check(z.trim(), z.maxLength(ATTENDANCE.commentMaxChars)),
  format: z.enum(["pdf", "csv"]),
});
export type AttendanceBody = z.infer<typeof AttendanceBody>;

/** A one-time link for the guardian: the same form, always a PDF. */
export const AttendanceLinkBody = z.strictObject({ from: Day, to: Day, lang: z.enum(["ja", "en"]), comment: AttendanceBody.shape.comment });
export const AttendanceLink = z.object({ url: z.string(), expiresAt: z.number() });
export type AttendanceLink = z.infer<typeof AttendanceLink>;

/**
 * How the child's school knows them: entered by staff only, never shown to children, never taken
 * from anything a child typed. Empty strings: not entered (the report then uses the nickname and says so).
 */
const SchoolText = z.string().check(z.trim(), z.maxLength(ATTENDANCE.nameMaxChars));
export const SchoolName = z.strictObject({ nameAtSchool: SchoolText, school: SchoolText, grade: SchoolText });
export type SchoolName = z.infer<typeof SchoolName>;

/** One stay in the space, as the school's clock reads it ("HH:MM"; `to` null: still there when the log ends). */
export const AttendanceVisit = z.object({ from: z.string(), to: z.string(), ms: z.number() });

export const AttendanceDay = z.object({
  date: z.string(),
  /** ISO weekday, 1 = Monday. */
  weekday: z.number(),
  visits: z.array(AttendanceVisit),
  msPresent: z.number(),
  msByZone: z.partialRecord(z.enum(ZONE_IDS), z.number()),
  lessons: z.array(z.object({ from: z.string(), subject: z.nullable(z.enum(SUBJECTS)), grade: z.nullable(z.number()), msAttended: z.number() })),
  /** Self-study: the goal and what was done as presets; a child's own words are not passed on, only that there were some. */
  selfStudy: z.array(
    z.object({
      from: z.string(),
      minutes: z.number(),
      goal: z.nullable(z.union([z.enum(GOAL_PRESETS), z.literal("own_words")])),
      did: z.nullable(z.union([z.enum(DID_PRESETS), z.literal("own_words")])),
    }),
  ),
  /** Staff with the child: that it happened and how long, never what was said. */
  staff: z.object({ greetings: z.number(), knocks: z.number(), helpAnswered: z.number(), voiceOffers: z.number(), msCounselling: z.number(), msVoice: z.number() }),
});
export type AttendanceDay = z.infer<typeof AttendanceDay>;
