import { FACES } from "../../../shared/domain/checkIn.ts";
import type { CheckInResearch } from "../../../shared/protocol/checkIn.ts";
import { h } from "../../ui/dom.ts";

/**
 * The daily check-in in the research overview (issue 19): per school day, how many consenting
 * children answered and how many picked each face; counts under the threshold withheld by the
 * server (null), shown as "<k". Never a child, not even a pseudonym: only these counts reach research.
 * Its words are here (both languages) rather than in the page's dictionary: one part, one file.
 */
const WORDS = {
  ja: {
    title: "きょうの きもち（心の健康観察）",
    none: "この期間の回答はありません（または同意のある回答がありません）。",
    caption: "日ごとの回答数（同意のある児童・生徒のみ）",
    day: "日",
    answered: "回答",
    faces: { great: "とても いい", good: "いい かんじ", okay: "ふつう", low: "ちょっと しんどい", hard: "つらい" },
    note: "「えらばない」は回答に数えません。{k} 未満の数は出していません（<{k}）。",
  },
  en: {
    title: "Daily check-in",
    none: "No answers in this period (or none from consenting children).",
    caption: "Answers per day (consenting children only)",
    day: "Day",
    answered: "Answered",
    faces: { great: "Great", good: "Good", okay: "Okay", low: "A bit low", hard: "Hard" },
    note: "“Not today” is not counted as an answer. Counts under {k} are withheld (<{k}).",
  },
} as const;

export function checkInSection(data: CheckInResearch, lang: "ja" | "en"): HTMLElement {
  const w = WORDS[lang];
  const k = String(data.suppressBelow);
  const shown = (n: number | null | undefined) => (n === null || n === undefined ? `<${k}` : String(n));
  const body =
    data.days.length === 0
      ? [h("p", {}, w.none)]
      : [
          h(
            "table",
            { class: "lesson-table check-in-table" },
            h("caption", {}, w.caption),
            h("thead", {}, h("tr", {}, h("th", { scope: "col" }, w.day), h("th", { scope: "col" }, w.answered), ...FACES.map((f) => h("th", { scope: "col" }, w.faces[f])))),
            h(
              "tbody",
              {},
              ...data.days.map((d) => h("tr", {}, h("th", { scope: "row" }, d.day), h("td", { class: "number" }, shown(d.answered)), ...FACES.map((f) => h("td", { class: "number" }, shown(d.faces[f]))))),
            ),
          ),
          h("p", { class: "note" }, w.note.replaceAll("{k}", k)),
        ];
  return h("section", { class: "panel" }, h("h2", {}, w.title), ...body);
}
