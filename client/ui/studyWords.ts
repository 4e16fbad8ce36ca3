import type { DidPreset, GoalPreset } from "../../shared/domain/study.ts";
import { type Lang, fill } from "../i18n/index.ts";
import type { StudyErrorCode } from "../i18n/codes.ts";

/**
 * The self-study corner's own words, in both languages: fetched with its panel the first time a
 * child comes to the quiet corner (client/space/lessonLoader.ts), so a first visit carries none
 * of them. Plain Japanese for children; 漢字《かんじ》 gives a reading, shown as furigana when on.
 * Nothing here asks a child to do more: every step is "if you like".
 */
const WORDS = {
  ja: {
    studyHeading: "じしゅう",
    studyLead: "じぶんの ペースで べんきょうする ばしょです。すわるだけでも だいじょうぶ。",
    studySit: "じしゅうデスクに すわる",
    studyCushion: "クッションで ひとやすみ",
    studyCushionStand: "クッションから たつ",
    studySince: "{time}から じしゅう中《ちゅう》",
    studyGoalHeading: "きょうの めあて（きめなくても いいよ）",
    studyGoalPick: "えらんで きめる",
    studyGoalWords: "じぶんの ことばで",
    studyGoalSet: "きめる",
    studyGoalNow: "めあて: {goal}",
    studySitesHeading: "べんきょうの サイト",
    studySitesNote: "あたらしい タブで ひらきます。おわったら この タブに もどってきてね。",
    studyOnSite: "🌐 {site}を ひらいています",
    studyStand: "おわりにする",
    studyDidHeading: "なにを したか のこす？（のこさなくても だいじょうぶ）",
    studyDidPick: "えらんで のこす",
    studyDidWords: "ひとこと（なくても いいよ）",
    studyDidSave: "のこす",
    studyDidSkip: "のこさずに おわる",
    studyDidNotNow: "のこさない",
    studyEnded: "おつかれさま。{minutes} じしゅうしました。",
    studyEndedShort: "おつかれさま。",
    studyRecorded: "のこしました。ありがとう。",
    studyHistory: "📒 じぶんの きろく",
    studyHistoryEmpty: "まだ きろくは ありません。",
    studyHistoryFailed: "きろくを よみこめませんでした。もういちど ためしてね。",
    studyHistoryNow: "いま",
    studyMoment: "すこしだけ",
    studyHistoryGoal: "めあて: {goal}",
    errNoDesk: "いまは あいている じしゅうデスクが ありません。すこし まってね。",
    errNoCushion: "いまは あいている クッションが ありません。すこし まってね。",
    errNotStudying: "じしゅうデスクに すわってから できます。",
    errNoSuchSite: "その サイトは いまは ひらけません。",
  },
  en: {
    studyHeading: "Self-study",
    studyLead: "A place to study at your own pace. Just sitting here is fine too.",
    studySit: "Sit at a self-study desk",
    studyCushion: "Rest on a cushion",
    studyCushionStand: "Get up from the cushion",
    studySince: "Studying since {time}",
    studyGoalHeading: "Today's goal (only if you like)",
    studyGoalPick: "Pick one",
    studyGoalWords: "In your own words",
    studyGoalSet: "Set",
    studyGoalNow: "Goal: {goal}",
    studySitesHeading: "Learning sites",
    studySitesNote: "Opens in a new tab. Come back to this tab when you are done.",
    studyOnSite: "🌐 {site} is open",
    studyStand: "Finish",
    studyDidHeading: "Keep a note of what you did? (You don't have to.)",
    studyDidPick: "Pick one",
    studyDidWords: "A few words (if you like)",
    studyDidSave: "Keep",
    studyDidSkip: "Finish without a note",
    studyDidNotNow: "No note",
    studyEnded: "Well done. You studied for {minutes}.",
    studyEndedShort: "Well done.",
    studyRecorded: "Kept. Thank you.",
    studyHistory: "📒 My record",
    studyHistoryEmpty: "Nothing recorded yet.",
    studyHistoryFailed: "Your record did not load. Please try again.",
    studyHistoryNow: "now",
    studyMoment: "a moment",
    studyHistoryGoal: "Goal: {goal}",
    errNoDesk: "Every self-study desk is taken just now. Wait a little.",
    errNoCushion: "Every cushion is taken just now. Wait a little.",
    errNotStudying: "Sit at a self-study desk first.",
    errNoSuchSite: "That site cannot be opened just now.",
  },
} as const satisfies Record<Lang, Record<string, string>>;

export type StudyWord = keyof (typeof WORDS)["ja"];
/** A study word as written, readings and all (render with rubyNodes, or drop them with plain()). */
export type StudyTranslate = (key: StudyWord) => string;

export function studyWords(lang: Lang): StudyTranslate {
  const dict: Record<StudyWord, string> = WORDS[lang];
  return (key) => dict[key];
}

/** Today's goal in one tap, as each reader's page says it (shared/domain/study.ts). */
export const GOAL_WORD: Record<GoalPreset, Record<Lang, string>> = {
  homework: { ja: "しゅくだい", en: "Homework" },
  worksheet: { ja: "ドリル・プリント", en: "Worksheets" },
  reading: { ja: "ほんを よむ", en: "Reading" },
  kanji: { ja: "かんじ", en: "Kanji" },
  sums: { ja: "けいさん", en: "Sums" },
  english: { ja: "えいご", en: "English" },
  explore: { ja: "しらべもの", en: "Looking things up" },
};

/** What they did, in one tap: stopping is as good an answer as finishing. */
export const DID_WORD: Record<DidPreset, Record<Lang, string>> = {
  finished: { ja: "✅ できた", en: "✅ Finished" },
  a_little: { ja: "🌱 すこし できた", en: "🌱 Did a little" },
  not_today: { ja: "🌙 きょうは ここまで（それで いいよ）", en: "🌙 Not today — that's OK" },
};

/** The corner's errors (client/i18n/codes.ts leaves them to this panel). */
export const STUDY_ERROR_WORD: Record<StudyErrorCode, StudyWord> = {
  no_desk: "errNoDesk",
  no_cushion: "errNoCushion",
  not_studying: "errNotStudying",
  no_such_site: "errNoSuchSite",
};

/** "12ふん" / "3ぷん" / "12 minutes": Japanese reads the counter after the number's last sound. */
export function minutesWord(lang: Lang, minutes: number): string {
  if (lang === "en") return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  return `${minutes}${[1, 3, 4, 6, 8, 0].includes(minutes % 10) ? "ぷん" : "ふん"}`;
}

/** A goal or what was done, as one line: the preset's word, the child's words, or both. */
export function goalLine(lang: Lang, goal: { preset?: GoalPreset; text?: string }): string {
  return [goal.preset ? GOAL_WORD[goal.preset][lang] : "", goal.text ?? ""].filter(Boolean).join(" — ");
}
export function didLine(lang: Lang, did: { preset?: DidPreset; text?: string }): string {
  return [did.preset ? DID_WORD[did.preset][lang] : "", did.text ?? ""].filter(Boolean).join(" — ");
}

export { fill };
