import type { Attendance } from "../../../shared/research/report.ts";
import type { ResearchTranslate } from "../dictionary.ts";
import { chart, labelRoom, s } from "./svg.ts";

/** Days × pseudonyms: a cell per day, darker for longer presence. */
export function attendanceCalendar(data: Attendance, rt: ResearchTranslate): SVGSVGElement {
  const left = labelRoom(data.rows.map((r) => r.pseudonym), 150);
  const cell = 18;
  const width = left + data.days.length * cell + 20;
  const height = 50 + data.rows.length * cell;
  const svg = chart(Math.max(width, 300), height, rt("attendanceSummary", { p: data.rows.length, d: data.days.length }));
  data.days.forEach((day, i) => {
    if (i % 5 === 0) svg.append(s("text", { x: left + i * cell, y: 16, class: "axis" }, day.slice(5)));
  });
  const max = Math.max(1, ...data.rows.flatMap((r) => r.minutes));
  data.rows.forEach((row, j) => {
    const y = 26 + j * cell;
    svg.append(s("text", { x: left - 8, y: y + 13, "text-anchor": "end", class: "label" }, row.pseudonym));
    row.minutes.forEach((m, i) => {
      const rect = s("rect", { x: left + i * cell + 1, y: y + 1, width: cell - 2, height: cell - 2, rx: 3, fill: m > 0 ? `rgba(200, 105, 62, ${0.2 + 0.8 * (m / max)})` : "#f1e6d8" });
      rect.append(s("title", {}, `${row.pseudonym} ${data.days[i] ?? ""}: ${rt("minutes", { n: m })}`));
      svg.append(rect);
    });
  });
  return svg;
}

/**
 * Minutes present per ISO week: a thin line per pseudonym (how each one's presence grows) and
 * a bold line for everyone together.
 */
export function weeklyTrend(data: Attendance, rt: ResearchTranslate): SVGSVGElement {
  const weekOf = (day: string) => {
    const d = new Date(`${day}T00:00:00Z`);
    return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
  };
  const weeks = [...new Set(data.days.map(weekOf))].sort();
  const perPerson = data.rows.map((row) => ({
    pseudonym: row.pseudonym,
    values: weeks.map((w) => data.days.reduce((sum, day, i) => (weekOf(day) === w ? sum + (row.minutes[i] ?? 0) : sum), 0)),
  }));
  const total = weeks.map((_, i) => perPerson.reduce((sum, p) => sum + (p.values[i] ?? 0), 0));
  const width = 600;
  const height = 220;
  const max = Math.max(1, ...total);
  const x = (i: number) => 50 + (weeks.length <= 1 ? 0 : (i / (weeks.length - 1)) * (width - 80));
  const y = (v: number) => 180 - (v / max) * 150;
  const line = (values: number[]) => values.map((v, i) => `${x(i)},${y(v)}`).join(" ");
  const svg = chart(width, height, rt("weekly"));
  for (const person of perPerson) {
    const path = s("polyline", { points: line(person.values), fill: "none", stroke: "#d9b68c", "stroke-width": 1.5 });
    path.append(s("title", {}, `${person.pseudonym}: ${person.values.map((v) => Math.round(v)).join(", ")}`));
    svg.append(path);
  }
  svg.append(s("polyline", { points: line(total), fill: "none", stroke: "#a44f28", "stroke-width": 3 }));
  total.forEach((v, i) => {
    svg.append(s("circle", { cx: x(i), cy: y(v), r: 4, fill: "#a44f28" }));
    svg.append(s("text", { x: x(i), y: y(v) - 8, "text-anchor": "middle", class: "value" }, String(Math.round(v))));
    svg.append(s("text", { x: x(i), y: 205, "text-anchor": "middle", class: "axis" }, (weeks[i] ?? "").slice(5)));
  });
  return svg;
}
