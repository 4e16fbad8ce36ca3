import type { CheckInAnswer } from "../../shared/domain/checkIn.ts";
import type { Lang } from "../i18n/index.ts";

/**
 * The daily check-in's own words (きょうの きもち, issue 19), in both languages: fetched with its
 * card after a child entered (client/ui/checkIn.ts), so a first visit carries none of them. Plain
 * Japanese; 漢字《かんじ》 gives a reading, shown as furigana when on. Nothing here pushes: not
 * choosing is said first, and is as good an answer as any face.
 */
const WORDS = {
  ja: {
    checkInTitle: "きょうの きもち",
    checkInButton: "きょうの きもち",
    checkInLead: "いまの きもちに ちかい かおを えらんでね。えらばなくても だいじょうぶ。",
    checkInLegend: "きょうの きもち",
    checkInNote: "えらんだ かおは、あなたと サポーターの 先生《せんせい》だけが 見《み》られます。ほかの 人《ひと》には 見《み》えません。",
    checkInSend: "これに する",
    checkInClose: "とじる",
    checkInThanks: "ありがとう。「{face}」を のこしました。あとで かえても いいよ。",
    checkInSkipped: "わかりました。きょうは えらばないで おきます。",
    checkInToday: "きょう: {face}",
    checkInHistory: "じぶんの きろく（4しゅうかん）",
    checkInHistoryEmpty: "まだ きろくは ありません。",
    checkInNone: "なし",
    checkInFailed: "うまく おくれませんでした。もういちど ためしてね。",
    checkInOff: "いまは きょうの きもちを つかえません。",
  },
  en: {
    checkInTitle: "How I feel today",
    checkInButton: "Today's check-in",
    checkInLead: "Pick the face closest to how you feel now. You don't have to.",
    checkInLegend: "How I feel today",
    checkInNote: "Only you and your support staff can see what you pick. Nobody else can.",
    checkInSend: "Choose this",
    checkInClose: "Close",
    checkInThanks: "Thank you. You picked “{face}”. You can change it later.",
    checkInSkipped: "Okay. Nothing picked today.",
    checkInToday: "Today: {face}",
    checkInHistory: "My last 4 weeks",
    checkInHistoryEmpty: "Nothing yet.",
    checkInNone: "none",
    checkInFailed: "That did not go through. Please try again.",
    checkInOff: "How I feel is not open just now.",
  },
} as const satisfies Record<Lang, Record<string, string>>;

export type CheckInWord = keyof (typeof WORDS)["ja"];

/** A check-in word as written, readings and all (render with rubyNodes, or drop them with plain()). */
export function checkInWords(lang: Lang): (key: CheckInWord) => string {
  const dict: Record<CheckInWord, string> = WORDS[lang];
  return (key) => dict[key];
}

/** Each answer as the child's page (and their counsellor's) says it; "skip" comes first on the card. */
export const ANSWER_WORD: Record<CheckInAnswer, Record<Lang, string>> = {
  great: { ja: "とても いい", en: "Great" },
  good: { ja: "いい かんじ", en: "Good" },
  okay: { ja: "ふつう", en: "Okay" },
  low: { ja: "ちょっと しんどい", en: "A bit low" },
  hard: { ja: "つらい", en: "Hard" },
  skip: { ja: "きょうは えらばない", en: "Not today" },
};
