import { z } from "zod";
import { GRADE_MAX, SUBJECTS, type Subject } from "../domain/lesson.ts";

/**
 * Lessons as researchers receive them (issue 15): each lesson of the period, and for each
 * consenting student who was in the space while it was on, where they were for how long and how
 * often they raised a hand or asked a question. Counts only: a question's words are never logged.
 *
 * Where a child was during a lesson is told in three parts that never overlap (a minute counts
 * once, in the first part that holds it): seated at a classroom desk; in the classroom, not
 * seated; in the space, elsewhere. The last is not "following the lesson": the lesson's panel
 * can be opened anywhere, but whether a child elsewhere had it open is not known, so it is not
 * claimed.
 *
 * A lesson is known outside the server by its session's registration and its number in that
 * session (1, 2…, in the order they began); its internal id stays inside.
 */
export const LessonAttendee = z.object({
  pseudonym: z.string(),
  msSeated: z.number(),
  /** In the classroom, not seated. */
  msClassroom: z.number(),
  /** In the space, outside the classroom. */
  msElsewhere: z.number(),
  handsRaised: z.number(),
  /** Hands the teacher took ("next"): the child was given the turn. */
  handsTaken: z.number(),
  /** Questions sent to the teacher: how many, nothing of what they said. */
  questions: z.number(),
});
export type LessonAttendee = z.infer<typeof LessonAttendee>;

export const LessonReport = z.object({
  /** The session it was part of (its registration UUID). */
  registration: z.string(),
  number: z.number().int().min(1),
  subject: z.enum(SUBJECTS).nullable(),
  /** 1–6 primary, 7–9 junior high, 0 every grade; null when none was given. */
  grade: z.number().int().min(0).max(GRADE_MAX).nullable(),
  startedAt: z.number(),
  /** To its end; to the session's end if it never logged one; so far if it is still on. */
  durationMs: z.number(),
  /** Still on: the session is open and the lesson has not ended. */
  ongoing: z.boolean(),
  /** The teaching staff member's pseudonym, or null if they may not appear (another organisation's staff). */
  teacher: z.string().nullable(),
  /** Consenting students in the space during the lesson, by pseudonym. */
  attendees: z.array(LessonAttendee),
});
export type LessonReport = z.infer<typeof LessonReport>;

export const LessonList = z.object({ lessons: z.array(LessonReport) });
export type LessonList = z.infer<typeof LessonList>;

/** Subjects as a researcher (an adult) reads them, for the dashboard and the xAPI activity names. */
export const SUBJECT_NAMES: Record<Subject, { ja: string; en: string }> = {
  japanese: { ja: "国語", en: "Japanese" },
  maths: { ja: "算数・数学", en: "Maths" },
  science: { ja: "理科", en: "Science" },
  social: { ja: "社会", en: "Social studies" },
  english: { ja: "英語", en: "English" },
  music: { ja: "音楽", en: "Music" },
  art: { ja: "図画工作・美術", en: "Art" },
  pe: { ja: "体育", en: "PE" },
  moral: { ja: "道徳", en: "Moral education" },
  homeroom: { ja: "学級活動", en: "Homeroom" },
  other: { ja: "その他", en: "Other" },
};

/** 小1–小6, 中1–中3, 全学年 (0); "" when no grade was given. */
export function gradeName(grade: number | null, lang: "ja" | "en"): string {
  if (grade === null) return "";
  if (grade === 0) return lang === "ja" ? "全学年" : "all grades";
  if (grade <= 6) return lang === "ja" ? `小${grade}` : `Primary ${grade}`;
  return lang === "ja" ? `中${grade - 6}` : `Junior high ${grade - 6}`;
}

/** "授業（算数・数学・小5）" / "Lesson (Maths, Primary 5)": what a lesson is called where its title (typed freely by staff, never logged) cannot be. */
export function lessonName(lesson: { subject: Subject | null; grade: number | null }, lang: "ja" | "en"): string {
  const about = [lesson.subject ? SUBJECT_NAMES[lesson.subject][lang] : "", gradeName(lesson.grade, lang)].filter(Boolean);
  if (lang === "ja") return about.length ? `授業（${about.join("・")}）` : "授業";
  return about.length ? `Lesson (${about.join(", ")})` : "Lesson";
}
