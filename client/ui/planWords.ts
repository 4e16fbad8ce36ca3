import type { ItemKind } from "../../shared/domain/timetable.ts";
import { type Lang, fill } from "../i18n/index.ts";

/**
 * The timetable's words (issue 18), in both languages, fetched with the plan (client/ui/doorPlan.ts)
 * so a first visit carries none of them. Japanese in kana, as a young child reads; the only kanji
 * are holidays' names, which get readings below.
 */
const WORDS = {
  ja: {
    planHeading: "📅 ひだまりの よてい",
    openToday: "きょうは {from}〜{to} に あいています。",
    openTodayMore: "きょうは {from}〜{to} に あいています（ほかに {more}）。",
    nextOpen: "つぎに あくのは {when} {from}から です。",
    noneAhead: "つぎに あく ひは まだ きまっていません。",
    today: "きょう",
    tomorrow: "あした",
    dayAfter: "あさって",
    date: "{month}がつ{day}にち（{weekday}）",
    weekHeading: "これから 1しゅうかん",
    todayHeading: "きょうの よてい",
    closed: "おやすみ",
    closedNote: "おやすみ（{note}）",
    holiday: "しゅくじつ「{name}」",
    hours: "{from}〜{to}",
    entry: "{from}〜{to} {kind}「{title}」",
    nowOn: "いま: {kind}「{title}」 {to}まで",
    nextOn: "つぎ: {from}から {kind}「{title}」",
    bookings: "📅 そうだんの よやく",
  },
  en: {
    planHeading: "📅 Hidamari's timetable",
    openToday: "Open today {from}–{to}.",
    openTodayMore: "Open today {from}–{to} (and {more}).",
    nextOpen: "Next open {when} at {from}.",
    noneAhead: "No opening is planned yet.",
    today: "today",
    tomorrow: "tomorrow",
    dayAfter: "the day after tomorrow",
    date: "{weekday} {day} {monthName}",
    weekHeading: "The week ahead",
    todayHeading: "Today",
    closed: "Closed",
    closedNote: "Closed ({note})",
    holiday: "Public holiday: {name}",
    hours: "{from}–{to}",
    entry: "{from}–{to} {kind}: {title}",
    nowOn: "Now: {kind}: {title}, until {to}",
    nextOn: "Next: {kind}: {title} at {from}",
    bookings: "📅 Book a talk",
  },
} as const satisfies Record<Lang, Record<string, string>>;

const KINDS: Record<Lang, Record<ItemKind, string>> = {
  ja: { lesson: "じゅぎょう", club: "クラブ", event: "イベント", meeting: "あつまり" },
  en: { lesson: "Lesson", club: "Club", event: "Event", meeting: "Meeting" },
};
const WEEKDAYS: Record<Lang, readonly string[]> = {
  ja: ["げつ", "か", "すい", "もく", "きん", "ど", "にち"],
  en: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
};
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * Readings for the kanji in Japan's holiday names (holiday-jp's data), longest first, so that
 * 勤労感謝の日 reads 勤労感謝《きんろうかんしゃ》の日《ひ》. A name not covered shows plain.
 */
const HOLIDAY_READINGS: ReadonlyArray<[string, string]> = [
  ["天皇誕生日", "てんのうたんじょうび"],
  ["憲法記念日", "けんぽうきねんび"],
  ["振替休日", "ふりかえきゅうじつ"],
  ["建国記念", "けんこくきねん"],
  ["勤労感謝", "きんろうかんしゃ"],
  ["休日", "きゅうじつ"],
  ["元日", "がんじつ"],
  ["成人", "せいじん"],
  ["春分", "しゅんぶん"],
  ["秋分", "しゅうぶん"],
  ["昭和", "しょうわ"],
  ["敬老", "けいろう"],
  ["文化", "ぶんか"],
  ["国民", "こくみん"],
  ["体育", "たいいく"],
  ["海", "うみ"],
  ["山", "やま"],
  ["日", "ひ"],
];

export type PlanWord = keyof (typeof WORDS)["ja"];
export type PlanTranslate = (key: PlanWord, params?: Record<string, string | number>) => string;

export function planWords(lang: Lang): PlanTranslate {
  const dict: Record<PlanWord, string> = WORDS[lang];
  return (key, params) => fill(dict[key], params);
}

export const kindWord = (lang: Lang, kind: ItemKind) => KINDS[lang][kind];

/** "あした", "12がつ7にち（げつ）", "Mon 7 Dec": a day as a child says it, counted from today. */
export function dayWord(lang: Lang, date: string, today: string): string {
  const w = planWords(lang);
  const ahead = Math.round((Date.parse(date) - Date.parse(today)) / 86_400_000);
  if (ahead === 0) return w("today");
  if (ahead === 1) return w("tomorrow");
  if (ahead === 2 && lang === "ja") return w("dayAfter");
  const [, month, day] = date.split("-").map(Number);
  // Monday first, as ISO counts (getUTCDay counts from Sunday).
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  return w("date", { month: month ?? 0, day: day ?? 0, monthName: MONTHS[(month ?? 1) - 1] ?? "", weekday: WEEKDAYS[lang][weekday] ?? "" });
}

/** A holiday's Japanese name with readings marked (漢字《かんじ》), for rubyNodes. */
export function holidayWithReadings(name: string): string {
  let marked = "";
  for (let at = 0; at < name.length; ) {
    const found = HOLIDAY_READINGS.find(([kanji]) => name.startsWith(kanji, at));
    marked += found ? `${found[0]}《${found[1]}》` : name[at];
    at += found ? found[0].length : 1;
  }
  return marked;
}
