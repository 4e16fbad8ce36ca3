import type { AttendanceDay } from "../../shared/protocol/attendance.ts";
import { ZONE_IDS } from "../../shared/domain/zones.ts";
import { type ReportInput, childLine, totalMs } from "../letters/attendanceReport.ts";
import { dayCells } from "./lines.ts";
import { REPORT_WORDS } from "./words.ts";

const cell = (value: string | number) => {
  const text = String(value);
  // A cell that starts like a formula is not run by a spreadsheet (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};
const minutes = (ms: number) => Math.round(ms / 60_000);

/**
 * The same report as CSV: UTF-8 with a BOM and CRLF (what Excel in Japan opens as text, not
 * mojibake). A few lines say whose and which period, then one row per day present (the same
 * days and words as the PDF: dayCells), then the totals.
 */
export function attendanceCsv(input: ReportInput): string {
  const w = REPORT_WORDS[input.lang];
  const rows: Array<Array<string | number>> = [
    [w.csvMeta.org, input.orgName],
    [w.csvMeta.child, childLine(input)],
    [w.csvMeta.period, `${input.from} – ${input.to}`],
    [w.csvMeta.comment, input.comment],
    [],
    [...w.csv],
  ];
  const sum = (f: (d: AttendanceDay) => number) => input.days.reduce((n, d) => n + f(d), 0);
  for (const day of input.days) {
    const c = dayCells(day, input.lang);
    rows.push([
      day.date,
      w.weekdays[day.weekday - 1] ?? "",
      day.visits.map((v) => `${v.from}-${v.to}`).join(" "),
      minutes(day.msPresent),
      ...ZONE_IDS.map((z) => minutes(day.msByZone[z] ?? 0)),
      day.lessons.length ? c.lessons : "",
      day.selfStudy.length ? c.study : "",
      day.staff.greetings,
      day.staff.knocks,
      day.staff.helpAnswered,
      day.staff.voiceOffers,
      minutes(day.staff.msCounselling),
      minutes(day.staff.msVoice),
    ]);
  }
  rows.push([
    w.csvTotal,
    input.days.length,
    "",
    minutes(totalMs(input.days)),
    ...ZONE_IDS.map((z) => minutes(sum((d) => d.msByZone[z] ?? 0))),
    sum((d) => d.lessons.length),
    sum((d) => d.selfStudy.length),
    sum((d) => d.staff.greetings),
    sum((d) => d.staff.knocks),
    sum((d) => d.staff.helpAnswered),
    sum((d) => d.staff.voiceOffers),
    minutes(sum((d) => d.staff.msCounselling)),
    minutes(sum((d) => d.staff.msVoice)),
  ]);
  return `\uFEFF${rows.map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;
}
