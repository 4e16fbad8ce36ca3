import { z } from "zod";
import { DID_PRESETS, type DidPreset, GOAL_PRESETS, type GoalPreset } from "../domain/study.ts";

/**
 * The self-study corner as researchers receive it (issue 15; shared/domain/study.ts): each time a
 * consenting child sat at a self-study desk, for how long, what kind of goal they set, how often
 * they opened a learning site from their organisation's list and came back, and what kind of
 * answer they gave to "what did you do?". A goal or what was done is a preset's id, or only that
 * the child used their own words: the words themselves are never logged.
 */

/** A goal or "what I did": the preset picked (null: none), and whether the child wrote words of their own (both may be). */
const Said = <P extends string>(presets: readonly [P, ...P[]]) => z.object({ preset: z.enum(presets).nullable(), ownWords: z.boolean() });
export const GoalSaid = Said(GOAL_PRESETS);
export type GoalSaid = z.infer<typeof GoalSaid>;
export const DidSaid = Said(DID_PRESETS);
export type DidSaid = z.infer<typeof DidSaid>;

/** One time at a self-study desk: from sitting down to standing up (the button, walking away, or leaving). */
export const SelfStudySitting = z.object({
  /** The session it was part of (its registration UUID). */
  registration: z.string(),
  pseudonym: z.string(),
  startedAt: z.number(),
  /** To standing up; to the session's end if no end was logged; so far if it goes on. */
  durationMs: z.number(),
  /** Still at the desk: the session is open and no end was logged. */
  ongoing: z.boolean(),
  /** Today's goal as it was last set; null when none was. */
  goal: GoalSaid.nullable(),
  sitesOpened: z.number(),
  /** Came back to the space's tab after opening one. */
  sitesReturned: z.number(),
  /** What they did, said on standing up or a little later; null when they said nothing (or not yet). */
  did: DidSaid.nullable(),
});
export type SelfStudySitting = z.infer<typeof SelfStudySitting>;

/** How often each kind of answer was given: per preset, in their own words, not at all. A goal with a preset and words counts in both. */
const Kinds = <P extends string>(presets: readonly [P, ...P[]]) => z.object({ presets: z.partialRecord(z.enum(presets), z.number()), ownWords: z.number(), none: z.number() });
export type Kinds<P extends string> = { presets: Partial<Record<P, number>>; ownWords: number; none: number };

/** One consenting child's self-study over the period. */
export const SelfStudyStudent = z.object({
  pseudonym: z.string(),
  sittings: z.number(),
  msStudying: z.number(),
  goals: Kinds(GOAL_PRESETS),
  sitesOpened: z.number(),
  sitesReturned: z.number(),
  /** Of the sittings that have ended (one going on has nothing to say yet). */
  did: Kinds(DID_PRESETS),
});
export type SelfStudyStudent = z.infer<typeof SelfStudyStudent>;

export const SelfStudyList = z.object({ students: z.array(SelfStudyStudent) });
export type SelfStudyList = z.infer<typeof SelfStudyList>;

/** The presets as a researcher (an adult) reads them: the child's own panel words them for children (client/ui/studyWords.ts). */
export const GOAL_NAMES: Record<GoalPreset, { ja: string; en: string }> = {
  homework: { ja: "宿題", en: "Homework" },
  worksheet: { ja: "ドリル・プリント", en: "Worksheets" },
  reading: { ja: "読書", en: "Reading" },
  kanji: { ja: "漢字", en: "Kanji" },
  sums: { ja: "計算", en: "Sums" },
  english: { ja: "英語", en: "English" },
  explore: { ja: "調べもの", en: "Looking things up" },
};
export const DID_NAMES: Record<DidPreset, { ja: string; en: string }> = {
  finished: { ja: "できた", en: "Finished" },
  a_little: { ja: "少しできた", en: "Did a little" },
  not_today: { ja: "今日はここまで", en: "Not today" },
};
