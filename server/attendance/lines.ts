import type { AttendanceDay } from "../../shared/protocol/attendance.ts";
import { ZONE_IDS } from "../../shared/domain/zones.ts";
import { DID_WORDS, GOAL_WORDS, REPORT_WORDS, SUBJECT_WORDS, ZONE_WORDS } from "./words.ts";

/** One day's cells as words: what the PDF's table and the CSV both print, so the two always agree. */
export function dayCells(day: AttendanceDay, lang: "ja" | "en") {
  const w = REPORT_WORDS[lang];
  const dash = lang === "ja" ? "〜" : "–";
  const list = (items: string[]) => (items.length ? items.join(lang === "ja" ? "、" : ", ") : w.nothing);
  const s = day.staff;
  const counts = (
    [
      ["greetings", s.greetings],
      ["knocks", s.knocks],
      ["helpAnswered", s.helpAnswered],
      ["voiceOffers", s.voiceOffers],
    ] as const
  )
    .filter(([, n]) => n > 0)
    .map(([k, n]) => (lang === "ja" ? `${w[k]} ${n}回` : `${n} ${w[k]}`));
  if (s.msCounselling > 0) counts.push(`${w.counselling} ${w.minutes(s.msCounselling)}`);
  if (s.msVoice > 0) counts.push(`${w.voice} ${w.minutes(s.msVoice)}`);
  return {
    date: w.dateOf(day.date, day.weekday),
    time: `${day.visits.map((v) => `${v.from}${dash}${v.to}`).join(", ")}（${w.minutes(day.msPresent)}）`,
    areas: list(ZONE_IDS.filter((z) => (day.msByZone[z] ?? 0) >= 30_000).map((z) => `${ZONE_WORDS[lang][z]} ${w.minutes(day.msByZone[z] ?? 0)}`)),
    lessons: list(
      day.lessons.map((l) => {
        const grade = l.grade === null ? "" : w.grade_(l.grade);
        const subject = l.subject ? SUBJECT_WORDS[lang][l.subject] : "";
        return `${l.from} ${[subject, grade].filter(Boolean).join(" ")} ${w.minutes(l.msAttended)}`.replace(/\s+/g, " ");
      }),
    ),
    study: list(
      day.selfStudy.map((st) => {
        const goal = st.goal === null ? null : st.goal === "own_words" ? w.ownWords : GOAL_WORDS[lang][st.goal];
        const did = st.did === null ? null : st.did === "own_words" ? w.ownWords : DID_WORDS[lang][st.did];
        const parts = [goal ? `${w.goal}: ${goal}` : null, did ? `${w.did}: ${did}` : null].filter(Boolean).join(" / ");
        return `${st.from} ${w.minutes(st.minutes * 60_000)}${parts ? `（${parts}）` : ""}`;
      }),
    ),
    staff: list(counts),
  };
}
