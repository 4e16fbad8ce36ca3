import type { AttendanceDay, SchoolName } from "../../shared/protocol/attendance.ts";
import { dayCells } from "../attendance/lines.ts";
import { REPORT_WORDS } from "../attendance/words.ts";
import { newPdf } from "./pdf.ts";

/** What the printed report is made of: nothing here comes from anything the child typed. */
export interface ReportInput {
  lang: "ja" | "en";
  orgName: string;
  nickname: string;
  school: SchoolName;
  from: string;
  to: string;
  /** When it was made, on the school's wall clock ("YYYY-MM-DD HH:MM"), and by whom (the staff's display name). */
  madeAt: string;
  madeBy: string;
  days: AttendanceDay[];
  comment: string;
}

const MARGIN = 50;
const LABEL = 110;

/** The child as the report names them: the school's name for them when staff entered it, else the nickname, said so. */
export function childLine(input: Pick<ReportInput, "lang" | "nickname" | "school">): string {
  const w = REPORT_WORDS[input.lang];
  return input.school.nameAtSchool ? input.school.nameAtSchool : `${input.nickname} ${w.nickname}`;
}

export function totalMs(days: readonly AttendanceDay[]): number {
  return days.reduce((n, d) => n + d.msPresent, 0);
}

/**
 * The attendance report as a PDF for the child's school: A4, the organisation's name, the child,
 * the period, a totals line, then one table per day present (times, areas, lessons, self-study,
 * staff), the counsellor's comment, and page numbers on every page.
 */
export function attendanceReport(input: ReportInput): Promise<Buffer> {
  const w = REPORT_WORDS[input.lang];
  const { doc, done } = newPdf({ lang: input.lang, title: `${w.title} — ${input.orgName}`, author: input.orgName, margin: MARGIN, bufferPages: true });
  const width = doc.page.width - 2 * MARGIN;
  const bottom = doc.page.height - MARGIN - 20;
  let y = MARGIN;
  const line = (text: string, size: number, font = "text", colour = "#222222") => {
    doc.font(font).fontSize(size).fillColor(colour);
    const h = doc.heightOfString(text, { width });
    if (y + h > bottom) newPage();
    doc.text(text, MARGIN, y, { width });
    y += h + 4;
  };
  const newPage = () => {
    doc.addPage();
    y = MARGIN;
  };

  line(input.orgName, 11, "text", "#8a4a24");
  line(w.title, 18, "bold");
  line(`${w.child}: ${childLine(input)}`, 12, "bold");
  const school = [input.school.school ? `${w.school}: ${input.school.school}` : "", input.school.grade ? `${w.grade}: ${input.school.grade}` : ""].filter(Boolean).join("   ");
  if (school) line(school, 11);
  line(`${w.period}: ${input.from} – ${input.to}    ${w.made}: ${input.madeAt}    ${w.by}: ${input.madeBy}`, 10);
  y += 4;
  const hours = w.minutes(totalMs(input.days));
  line(w.totals(input.days.length, hours), 13, "bold", "#1f4e79");
  y += 4;
  if (input.days.length === 0) line(w.none, 11);

  for (const day of input.days) {
    const cells = dayCells(day, input.lang);
    const rows: Array<[string, string]> = [
      [w.time, cells.time],
      [w.areas, cells.areas],
      [w.lessons, cells.lessons],
      [w.study, cells.study],
      [w.staff, cells.staff],
    ];
    const heights = rows.map(([label, value]) => {
      const labelHeight = doc.font("bold").fontSize(9.5).heightOfString(label, { width: LABEL - 10 });
      return Math.max(14, labelHeight, doc.font("text").fontSize(9.5).heightOfString(value, { width: width - LABEL - 12 })) + 6;
    });
    const tableHeight = 20 + heights.reduce((a, b) => a + b, 0);
    if (y + tableHeight > bottom) newPage();
    // The day's heading band, then label | value rows with rules: a table a school can read at a glance.
    doc.rect(MARGIN, y, width, 20).fill("#f3e7dc");
    doc.font("bold").fontSize(11).fillColor("#222222").text(cells.date, MARGIN + 6, y + 3, { width: width - 12, lineBreak: false });
    y += 20;
    rows.forEach(([label, value], i) => {
      const h = heights[i] ?? 20;
      doc.lineWidth(0.5).strokeColor("#c9b8a8").rect(MARGIN, y, width, h).stroke();
      doc.moveTo(MARGIN + LABEL, y).lineTo(MARGIN + LABEL, y + h).stroke();
      doc.font("bold").fontSize(9.5).fillColor("#444444").text(label, MARGIN + 5, y + 3, { width: LABEL - 10 });
      doc.font("text").fontSize(9.5).fillColor("#222222").text(value, MARGIN + LABEL + 6, y + 3, { width: width - LABEL - 12 });
      y += h;
    });
    y += 10;
  }

  y += 6;
  line(w.comment, 13, "bold");
  line(input.comment || w.noComment, 10.5);
  y += 6;
  line(w.footnote, 8.5, "text", "#555555");

  // Page numbers once the number of pages is known (bufferPages keeps them all open until now).
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    doc.font("text").fontSize(8.5).fillColor("#555555").text(`${input.orgName}    ${w.page(i + 1, range.count)}`, MARGIN, doc.page.height - MARGIN + 10, { width, align: "right", lineBreak: false, height: 12 });
  }
  doc.end();
  return done;
}
