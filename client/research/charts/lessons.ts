import { type LessonAttendee, type LessonList, type LessonReport, lessonName } from "../../../shared/research/lessons.ts";
import { h } from "../../ui/dom.ts";
import type { ResearchKey, ResearchTranslate } from "../dictionary.ts";
import { type Times, timeText } from "../times.ts";
import { chart, s } from "./svg.ts";

/**
 * The lesson view: a row per lesson of the period, its bar the time consenting students were
 * there, added up and split into seated, in the classroom, and elsewhere in the space (the three
 * never overlap: shared/research/lessons.ts), with hands and questions under it, and its quick
 * checks (how many, and how often consenting students answered or would rather not: never what).
 * The same numbers per student are in a table, for screen readers and for anyone who wants them exactly.
 */
type Part = "msSeated" | "msClassroom" | "msElsewhere";
const PARTS: ReadonlyArray<{ part: Part; word: ResearchKey; colour: string }> = [
  { part: "msSeated", word: "lessonSeated", colour: "#7a3b22" },
  { part: "msClassroom", word: "lessonClassroom", colour: "#d08a4a" },
  // Another hue, not a shade of the classroom's: it is time out of the room.
  { part: "msElsewhere", word: "lessonElsewhere", colour: "#7f9db5" },
];

const sum = (attendees: LessonAttendee[], pick: (a: LessonAttendee) => number) => attendees.reduce((n, a) => n + pick(a), 0);
const length = (ms: number, rt: ResearchTranslate) => (ms >= 60_000 ? rt("minutes", { n: Math.round(ms / 60_000) }) : rt("seconds", { n: Math.round(ms / 1000) }));

/** "6月3日 10:00・45 分": when it began and how long it was. */
function when(lesson: LessonReport, rt: ResearchTranslate, times: Times): string {
  const start = timeText(times, lesson.startedAt, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
  return rt("lessonWhen", { when: start, length: length(lesson.durationMs, rt) }) + (lesson.ongoing ? rt("lessonOngoing") : "");
}

export function lessonsChart(list: LessonList, rt: ResearchTranslate, times: Times): SVGSVGElement {
  const left = 290;
  const width = 900;
  // A second line of counts where there were quick checks.
  const rowH = list.lessons.some((l) => l.polls > 0) ? 64 : 48;
  const top = 8;
  const height = top + list.lessons.length * rowH + 8;
  const totals = list.lessons.map((l) => sum(l.attendees, (a) => a.msSeated + a.msClassroom + a.msElsewhere));
  const max = Math.max(1, ...totals);
  const svg = chart(width, height, rt("lessonsSummary", { n: list.lessons.length }));
  list.lessons.forEach((lesson, i) => {
    const y = top + i * rowH;
    svg.append(s("text", { x: left - 10, y: y + 14, "text-anchor": "end", class: "label" }, when(lesson, rt, times)));
    svg.append(s("text", { x: left - 10, y: y + 32, "text-anchor": "end", class: "axis" }, lessonName(lesson, times.lang)));
    let x = left;
    for (const { part, word, colour } of PARTS) {
      const ms = sum(lesson.attendees, (a) => a[part]);
      if (ms <= 0) continue;
      const w = (ms / max) * (width - left - 20);
      const rect = s("rect", { x, y: y + 2, width: Math.max(1, w), height: 16, fill: colour });
      rect.append(s("title", {}, `${rt(word)}: ${length(ms, rt)}`));
      svg.append(rect);
      x += w;
    }
    if (x === left) svg.append(s("line", { x1: left, x2: left, y1: y, y2: y + 20, class: "grid" }));
    const counts = rt("lessonCounts", {
      total: length(totals[i] ?? 0, rt),
      p: lesson.attendees.length,
      h: sum(lesson.attendees, (a) => a.handsRaised),
      t: sum(lesson.attendees, (a) => a.handsTaken),
      q: sum(lesson.attendees, (a) => a.questions),
    });
    svg.append(s("text", { x: left, y: y + 34, class: "axis" }, counts));
    if (lesson.polls > 0) {
      const polls = rt("lessonPolls", { k: lesson.polls, a: sum(lesson.attendees, (a) => a.pollsAnswered), r: sum(lesson.attendees, (a) => a.pollsPassed) });
      svg.append(s("text", { x: left, y: y + 50, class: "axis" }, polls));
    }
  });
  return svg;
}

/** The three parts' colours, as text for everyone, and what "elsewhere" does not claim. */
export function lessonsLegend(rt: ResearchTranslate): HTMLElement {
  const legend = h("ul", { class: "legend" });
  for (const { word, colour } of PARTS) {
    const swatch = h("span", { class: "swatch" });
    swatch.style.background = colour;
    legend.append(h("li", {}, swatch, rt(word)));
  }
  return h("div", {}, legend, h("p", { class: "note" }, rt("lessonElsewhereNote")), h("p", { class: "note" }, rt("lessonPollsNote")));
}

/** Every lesson's students, in a table (folded away until opened): a row group per lesson, named once. */
export function lessonsTable(list: LessonList, rt: ResearchTranslate, times: Times): HTMLElement {
  const headings: ResearchKey[] = [
    "lessonColLesson",
    "lessonColPseudonym",
    "lessonSeated",
    "lessonClassroom",
    "lessonElsewhere",
    "lessonColHands",
    "lessonColTaken",
    "lessonColQuestions",
    "lessonColPollsAnswered",
    "lessonColPollsPassed",
  ];
  const head = h("tr", {}, ...headings.map((k) => h("th", { scope: "col" }, rt(k))));
  const groups = list.lessons.map((lesson) => {
    const name = () => h("th", { scope: "rowgroup", rowspan: Math.max(1, lesson.attendees.length) }, h("span", { class: "when" }, when(lesson, rt, times)), " ", h("span", {}, lessonName(lesson, times.lang)));
    if (lesson.attendees.length === 0) return h("tbody", {}, h("tr", {}, name(), h("td", { colspan: headings.length - 1 }, rt("lessonNobody"))));
    const rows = lesson.attendees.map((a, i) => {
      const ofPolls = (n: number) => rt("lessonPollsOf", { n, k: lesson.polls });
      const numbers = [length(a.msSeated, rt), length(a.msClassroom, rt), length(a.msElsewhere, rt), String(a.handsRaised), String(a.handsTaken), String(a.questions), ofPolls(a.pollsAnswered), ofPolls(a.pollsPassed)];
      return h("tr", {}, i === 0 ? name() : null, h("td", { class: "pseudonym" }, a.pseudonym), ...numbers.map((n) => h("td", { class: "number" }, n)));
    });
    return h("tbody", {}, ...rows);
  });
  const table = h("table", { class: "lesson-table" }, h("caption", {}, rt("lessonTableCaption")), h("thead", {}, head), ...groups);
  return h("details", { class: "lesson-details" }, h("summary", {}, rt("lessonTable")), table);
}
