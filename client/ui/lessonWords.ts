import type { Subject } from "../../shared/domain/lesson.ts";
import type { MessageKey } from "../i18n/dictionary.ts";
import type { Translate } from "../i18n/index.ts";
import type { LessonView } from "../net/connection.ts";

/** Each subject's word, as a timetable would say it. */
export const SUBJECT_WORD: Record<Subject, MessageKey> = {
  japanese: "subjectJapanese",
  maths: "subjectMaths",
  science: "subjectScience",
  social: "subjectSocial",
  english: "subjectEnglish",
  music: "subjectMusic",
  art: "subjectArt",
  pe: "subjectPe",
  moral: "subjectMoral",
  homeroom: "subjectHomeroom",
  other: "subjectOther",
};

/** 小1–小6 are 1–6, 中1–中3 are 7–9 (shared/domain/lesson.ts); 0 says nothing. */
export function gradeWord(t: Translate, grade: number): string {
  if (grade <= 0) return "";
  return grade <= 6 ? t("gradePrimary", { n: grade }) : t("gradeJunior", { n: grade - 6 });
}

/** "ぶんすう（さんすう・しょう5）— たなか先生": what is on, for the door, the space and the lesson panel. */
export function lessonLine(t: Translate, lesson: LessonView): string {
  const about = [lesson.subject in SUBJECT_WORD ? t(SUBJECT_WORD[lesson.subject as Subject]) : "", gradeWord(t, lesson.grade)].filter(Boolean).join(t("listSeparator"));
  return t("lessonLine", { title: lesson.title, about: about ? t("lessonAbout", { about }) : "", teacher: lesson.teacher });
}
