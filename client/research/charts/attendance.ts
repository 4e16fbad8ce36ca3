import type { Attendance } from "../../../shared/research/report.ts";
import type { ResearchTranslate } from "../dictionary.ts";
import { chart, s } from "./svg.ts";

/** Days × pseudonyms: a cell per day, darker for longer presence. */
export function attendanceCalendar(data: Attendance, rt: ResearchTranslate): SVGSVGElement {
  const left = 150;
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

/** Total minutes present per ISO week, one line: how presence grows over the weeks. */
export function weeklyTrend(data: Attendance, rt: ResearchTranslate): SVGSVGElement {
  const weeks = new Map<string, number>();
  data.days.forEach((day, i) => {
    const d = new Date(`${day}T00:00:00Z`);
    const monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
    weeks.set(monday, (weeks.get(monday) ?? 0) + data.rows.reduce((sum, r) => sum + (r.minutes[i] ?? 0), 0));
  });
  const points = [...weeks.entries()].sort();
  const width = 600;
  const height = 200;
  const max = Math.max(1, ...points.map(([, v]) => v));
  const x = (i: number) => 50 + (points.length <= 1 ? 0 : (i / (points.length - 1)) * (width - 80));
  const y = (v: number) => 170 - (v / max) * 140;
  const svg = chart(width, height, rt("weekly"));
  svg.append(s("polyline", { points: points.map(([, v], i) => `${x(i)},${y(v)}`).join(" "), fill: "none", stroke: "#c8693e", "stroke-width": 3 }));
  points.forEach(([week, v], i) => {
    svg.append(s("circle", { cx: x(i), cy: y(v), r: 4, fill: "#c8693e" }));
    svg.append(s("text", { x: x(i), y: y(v) - 8, "text-anchor": "middle", class: "value" }, String(Math.round(v))));
    svg.append(s("text", { x: x(i), y: 190, "text-anchor": "middle", class: "axis" }, week.slice(5)));
  });
  return svg;
}
