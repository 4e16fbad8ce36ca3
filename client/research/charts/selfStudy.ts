import { DID_NAMES, GOAL_NAMES, type Kinds, type SelfStudyList } from "../../../shared/research/selfStudy.ts";
import { h } from "../../ui/dom.ts";
import type { ResearchKey, ResearchTranslate } from "../dictionary.ts";
import { chart, s } from "./svg.ts";

/**
 * The self-study corner in the overview: a bar per consenting student of their time at a
 * self-study desk over the period, and a table of the same students with how often, what kind of
 * goal, the learning sites opened and come back from, and what kind of answer to "what did you
 * do?" (shared/research/selfStudy.ts: presets, or only that there were words of their own).
 */
const length = (ms: number, rt: ResearchTranslate) => (ms >= 60_000 ? rt("minutes", { n: Math.round(ms / 60_000) }) : rt("seconds", { n: Math.round(ms / 1000) }));
/** The quiet corner's green: the desks stand there. */
const COLOUR = "#5f8a52";

export function selfStudyChart(list: SelfStudyList, rt: ResearchTranslate): SVGSVGElement {
  const left = 180;
  const width = 900;
  const rowH = 24;
  const height = 10 + list.students.length * rowH + 8;
  const max = Math.max(1, ...list.students.map((p) => p.msStudying));
  const svg = chart(width, height, rt("selfStudySummary", { p: list.students.length }));
  list.students.forEach((p, i) => {
    const y = 10 + i * rowH;
    svg.append(s("text", { x: left - 8, y: y + 15, "text-anchor": "end", class: "label" }, p.pseudonym));
    const w = (p.msStudying / max) * (width - left - 140);
    const rect = s("rect", { x: left, y: y + 3, width: Math.max(1, w), height: rowH - 8, rx: 3, fill: COLOUR });
    const said = rt("selfStudyTime", { length: length(p.msStudying, rt), n: p.sittings });
    rect.append(s("title", {}, said));
    svg.append(rect);
    svg.append(s("text", { x: left + Math.max(1, w) + 6, y: y + 15, class: "axis" }, said));
  });
  return svg;
}

/** "漢字 2・自分の言葉 1・なし 1": each kind given, most first, then own words, then none. */
function kinds<P extends string>(k: Kinds<P>, names: Record<P, { ja: string; en: string }>, rt: ResearchTranslate, lang: "ja" | "en"): string {
  const parts = (Object.entries(k.presets) as Array<[P, number]>).sort((a, b) => b[1] - a[1]).map(([preset, n]) => rt("selfStudyKind", { what: names[preset][lang], n }));
  if (k.ownWords > 0) parts.push(rt("selfStudyKind", { what: rt("selfStudyOwnWords"), n: k.ownWords }));
  if (k.none > 0) parts.push(rt("selfStudyKind", { what: rt("none"), n: k.none }));
  return parts.join(lang === "ja" ? "・" : ", ");
}

export function selfStudyTable(list: SelfStudyList, rt: ResearchTranslate, lang: "ja" | "en"): HTMLElement {
  const headings: ResearchKey[] = ["lessonColPseudonym", "selfStudyColTimes", "selfStudyColTime", "selfStudyColGoals", "selfStudyColSites", "selfStudyColDid"];
  const head = h("tr", {}, ...headings.map((k) => h("th", { scope: "col" }, rt(k))));
  const rows = list.students.map((p) =>
    h(
      "tr",
      {},
      h("th", { scope: "row", class: "pseudonym" }, p.pseudonym),
      h("td", { class: "number" }, String(p.sittings)),
      h("td", { class: "number" }, length(p.msStudying, rt)),
      h("td", {}, kinds(p.goals, GOAL_NAMES, rt, lang)),
      h("td", {}, rt("selfStudySites", { o: p.sitesOpened, r: p.sitesReturned })),
      h("td", {}, kinds(p.did, DID_NAMES, rt, lang)),
    ),
  );
  const table = h("table", { class: "lesson-table study-table" }, h("caption", {}, rt("selfStudyTableCaption")), h("thead", {}, head), h("tbody", {}, ...rows));
  return h("div", {}, table, h("p", { class: "note" }, rt("selfStudyNote")));
}
