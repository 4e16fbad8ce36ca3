import * as signIn from "./words/signIn.ts";
import * as welcome from "./words/welcome.ts";
import * as errors from "./words/errors.ts";
import * as home from "./words/home.ts";
import * as staffConsole from "./words/staffConsole.ts";
import * as helpQueue from "./words/helpQueue.ts";
import * as spaceControls from "./words/spaceControls.ts";
import * as lesson from "./words/lesson.ts";
import * as quickChecks from "./words/quickChecks.ts";
import * as students from "./words/students.ts";
import * as selfStudy from "./words/selfStudy.ts";
import * as decks from "./words/decks.ts";
import * as tables from "./words/tables.ts";
import * as timetable from "./words/timetable.ts";
import * as bookings from "./words/bookings.ts";
import * as schoolSignIn from "./words/schoolSignIn.ts";
import * as guardiansLetter from "./words/guardiansLetter.ts";
import * as rosters from "./words/rosters.ts";
import * as lrs from "./words/lrs.ts";

/**
 * Every word the staff page shows, in Japanese and English, one file a part of the page
 * (client/staff/words/), each with both languages side by side. The shared space (3D view, chat,
 * notices) keeps its own words in client/i18n/dictionary.ts. `{name}` marks a runtime value.
 */
export const ja = {
  ...signIn.ja,
  ...welcome.ja,
  ...errors.ja,
  ...home.ja,
  ...staffConsole.ja,
  ...helpQueue.ja,
  ...spaceControls.ja,
  ...lesson.ja,
  ...quickChecks.ja,
  ...students.ja,
  ...selfStudy.ja,
  ...decks.ja,
  ...tables.ja,
  ...timetable.ja,
  ...bookings.ja,
  ...schoolSignIn.ja,
  ...guardiansLetter.ja,
  ...rosters.ja,
  ...lrs.ja,
} as const;

export type StaffKey = keyof typeof ja;

export const en: Record<StaffKey, string> = {
  ...signIn.en,
  ...welcome.en,
  ...errors.en,
  ...home.en,
  ...staffConsole.en,
  ...helpQueue.en,
  ...spaceControls.en,
  ...lesson.en,
  ...quickChecks.en,
  ...students.en,
  ...selfStudy.en,
  ...decks.en,
  ...tables.en,
  ...timetable.en,
  ...bookings.en,
  ...schoolSignIn.en,
  ...guardiansLetter.en,
  ...rosters.en,
  ...lrs.en,
};
