/**
 * A lesson's words on the wire (shared/protocol): question phrases, subjects, grades. The
 * classroom's seats are in seats.ts (the server's; a first visit carries none of this but ids).
 */

/**
 * What a child can ask the teacher with one tap, when typing is too much. The wire carries the
 * id; each reader's page words it in its own language (client/ui/lessonWords.ts, fetched with
 * the lesson: the first visit carries only these ids).
 */
export const QUESTION_PHRASE_IDS = ["unsure", "again", "slower", "done"] as const;
export type QuestionPhrase = (typeof QUESTION_PHRASE_IDS)[number];

/** A lesson's subjects, for the door and the research view: a short list, as timetables use. */
export const SUBJECTS = ["japanese", "maths", "science", "social", "english", "music", "art", "pe", "moral", "homeroom", "other"] as const;
export type Subject = (typeof SUBJECTS)[number];

/** A child's answer to "may your answer go on the board?" or "may your work be shown?": with their nickname, without it, or not at all. */
export const CONSENT_CHOICES = ["name", "anonymous", "no"] as const;
export type ConsentChoice = (typeof CONSENT_CHOICES)[number];

/** School grades: 小1–小6 are 1–6, 中1–中3 are 7–9. 0: every grade. */
export const GRADE_MAX = 9;

/**
 * Group tables: the classroom's desks stand in four columns (shared/domain/tables.ts), and table
 * time splits the class into one table per column. The wire carries table numbers 1–4.
 */
export const TABLE_COUNT = 4;
