import { CHECK_IN, type Face, faceLevel, FACES, dayBefore } from "../../shared/domain/checkIn.ts";
import { Ok } from "../../shared/protocol/http.ts";
import { CheckInTrend } from "../../shared/protocol/checkIn.ts";
import type { Lang } from "../i18n/index.ts";
import { api } from "../net/api.ts";
import { h, setText } from "../ui/dom.ts";
import { faceSvg } from "../ui/checkInFaces.ts";
import { ANSWER_WORD } from "../ui/checkInWords.ts";
import { showingErrors } from "./form.ts";
import type { StaffTranslate } from "./i18n.ts";
import "./checkIns.css";

/**
 * The daily check-in on the staff page (issue 19): whether the organisation offers it (off until a
 * counsellor or admin turns it on), and for each child a small chart of their last four weeks of
 * faces, a quiet flag when their last CHECK_IN.flagAfter check-ins were all the lowest face (a
 * word and a mark in the list, never a sound or a popup), and a switch to turn it off for them.
 * Every change is audited on the server.
 */
const WORDS = {
  ja: {
    title: "きょうの きもち（心の健康観察）",
    lead: "子どもが スペースに 入るとき、きょうの きもちを かおで えらべます（えらばないのが ふつうです）。えらんだ かおは 本人と この組織の スタッフだけが 見られます。",
    enabled: "この組織で きょうの きもちを つかう",
    on: "つかう ようにしました。",
    off: "つかわない ようにしました。",
    chartRule: "グラフ: 右はしが きょう、たての線は 1しゅうかんごと、上ほど あかるい かお。えらばなかった 日は のりません。",
    flagRule: `🌧 のしるし: さいごの ${CHECK_IN.flagAfter} 回（えらばなかった 日は 数えません）が どれも いちばん下の かおでした。声を かける きっかけに。`,
    flagged: `🌧 ${CHECK_IN.flagAfter} 回 つづけて「{face}」`,
    offForChild: "この子は つかわない",
    offForChildName: "{name}さんは きょうの きもちを つかわない",
    childOff: "{name}さんは きょうの きもちを つかわない ようにしました。",
    childOn: "{name}さんも 組織の 設定どおりに しました。",
    none: "登録された 子どもは いません。",
    chart: "{name}さんの さいきん {days} 日: {said}",
    noAnswers: "こたえは ありません",
    reload: "さいしんに する",
    consoleTitle: "きょうの きもち",
    show: "ようすを 見る",
  },
  en: {
    title: "How I feel today (daily check-in)",
    lead: "On entering the space, a child may pick a face for how they feel today (not picking is the default). Only the child and this organisation's staff see it.",
    enabled: "Offer the daily check-in in this organisation",
    on: "The check-in is now offered.",
    off: "The check-in is no longer offered.",
    chartRule: "Chart: today is at the right end, a faint line for each week, brighter faces higher. Days skipped are not shown.",
    flagRule: `🌧 means: the child's last ${CHECK_IN.flagAfter} check-ins (days skipped do not count) were all the lowest face. A reason to say hello.`,
    flagged: `🌧 ${CHECK_IN.flagAfter} times in a row “{face}”`,
    offForChild: "Off for this child",
    offForChildName: "Check-in off for {name}",
    childOff: "Check-in turned off for {name}.",
    childOn: "{name} follows the organisation's setting again.",
    none: "No children registered.",
    chart: "{name}, last {days} days: {said}",
    noAnswers: "no answers",
    reload: "Refresh",
    consoleTitle: "Daily check-in",
    show: "Show how they are",
  },
} as const;
type Word = keyof (typeof WORDS)["ja"];

/** The console's section heading and its "show" button, in the page's language. */
export const checkInsHeading = (lang: Lang) => ({ title: `🌤 ${WORDS[lang].consoleTitle}`, show: WORDS[lang].show });

export class CheckInsPanel {
  readonly element: HTMLElement;
  readonly #lang: Lang;
  readonly #w: (key: Word, params?: Record<string, string | number>) => string;
  readonly #enabled: HTMLInputElement;
  readonly #list = h("ul", { class: "check-ins-list" });
  readonly #status = h("p", { class: "registry-status", role: "status" });
  readonly #error = h("p", { class: "form-error", role: "alert" });

  readonly #id: string;

  /**
   * `compact`: inside the console beside the space (a narrow column, under a heading of its own):
   * the same panel, its ids prefixed so the staff page hidden behind it keeps its own.
   */
  constructor(private readonly st: StaffTranslate, lang: Lang, compact = false) {
    this.#lang = lang;
    this.#id = compact ? "console-check-ins" : "check-ins";
    this.#w = (key, params) => Object.entries(params ?? {}).reduce<string>((text, [k, v]) => text.replaceAll(`{${k}}`, String(v)), WORDS[lang][key]);
    // Disabled until the kept choice is known: turned before, it would be shown turned back.
    this.#enabled = h("input", { type: "checkbox", id: `${this.#id}-enabled`, disabled: true });
    this.#enabled.addEventListener("change", () => void this.#setEnabled(this.#enabled.checked));
    const reload = h("button", { type: "button", class: "small" }, this.#w("reload"));
    reload.addEventListener("click", () => void this.load());
    this.element = h(
      compact ? "div" : "section",
      compact ? { class: "check-ins-panel check-ins-compact" } : { class: "registry check-ins-panel", "aria-labelledby": `${this.#id}-title` },
      compact ? null : h("h2", { id: `${this.#id}-title` }, `🌤 ${this.#w("title")}`),
      compact ? null : h("p", { class: "lead" }, this.#w("lead")),
      h("p", { class: "check-ins-switch" }, this.#enabled, h("label", { for: `${this.#id}-enabled` }, this.#w("enabled"))),
      h("p", { class: "check-ins-rule" }, this.#w("chartRule")),
      h("p", { class: "check-ins-rule" }, this.#w("flagRule")),
      this.#status,
      this.#error,
      this.#list,
      reload,
    );
  }

  async load(): Promise<void> {
    const trend = await showingErrors(this.st, this.#error, () => api("GET", "/staff/check-ins", undefined, CheckInTrend));
    if (!trend) return;
    this.#enabled.checked = trend.enabled;
    this.#enabled.disabled = false;
    this.#list.replaceChildren(...(trend.students.length ? trend.students.map((s) => this.#row(s, trend.today)) : [h("li", {}, this.#w("none"))]));
  }

  #row(child: CheckInTrend["students"][number], today: string): HTMLElement {
    const off = h("input", { type: "checkbox", id: `${this.#id}-off-${child.id}`, "aria-label": this.#w("offForChildName", { name: child.nickname }) });
    off.checked = child.off;
    off.addEventListener("change", () => void this.#setOff(child.id, child.nickname, off.checked));
    const lowest = ANSWER_WORD[FACES[FACES.length - 1] as Face][this.#lang];
    return h(
      "li",
      { class: `check-ins-row${child.flagged ? " check-ins-flagged" : ""}`, "data-id": child.id },
      h("span", { class: "check-ins-who" }, h("strong", { class: "check-ins-name" }, child.nickname), child.flagged ? h("span", { class: "check-ins-flag" }, this.#w("flagged", { face: lowest })) : null),
      this.#chart(child, today),
      h("span", { class: "check-ins-off" }, off, h("label", { for: `${this.#id}-off-${child.id}`, "aria-hidden": "true" }, this.#w("offForChild"))),
    );
  }

  /** The last four weeks as a row of small faces, higher for brighter ones; each answered day is said in the image's name. */
  #chart(child: CheckInTrend["students"][number], today: string): SVGSVGElement {
    const ns = "http://www.w3.org/2000/svg";
    const days = CHECK_IN.trendDays;
    const step = 14;
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", `0 0 ${days * step} 76`);
    svg.setAttribute("width", String(days * step));
    svg.setAttribute("height", "76");
    svg.setAttribute("role", "img");
    svg.setAttribute("class", "check-ins-chart");
    const answers = new Map(child.days.map((d) => [d.day, d.answer]));
    const said: string[] = [];
    const base = document.createElementNS(ns, "line");
    Object.entries({ x1: 0, x2: days * step, y1: 74, y2: 74, stroke: "#e7d5c1", "stroke-width": 1 }).forEach(([k, v]) => base.setAttribute(k, String(v)));
    svg.append(base);
    // A faint line where each week begins, counted back from today (the right-hand end).
    for (let week = 1; week < days / 7; week++) {
      const tick = document.createElementNS(ns, "line");
      const x = (days - week * 7) * step;
      Object.entries({ x1: x, x2: x, y1: 0, y2: 74, stroke: "#efe3d4", "stroke-width": 1 }).forEach(([k, v]) => tick.setAttribute(k, String(v)));
      svg.append(tick);
    }
    for (let i = 0; i < days; i++) {
      const day = dayBefore(today, days - 1 - i);
      const answer = answers.get(day);
      if (!answer || answer === "skip") continue;
      said.push(`${Number(day.slice(5, 7))}/${Number(day.slice(8))} ${ANSWER_WORD[answer][this.#lang]}`);
      const face = faceSvg(answer, 14);
      face.setAttribute("x", String(i * step));
      face.setAttribute("y", String(2 + (faceLevel(answer) - 1) * 14));
      svg.append(face);
    }
    svg.setAttribute("aria-label", this.#w("chart", { name: child.nickname, days, said: said.length ? said.join("、") : this.#w("noAnswers") }));
    return svg;
  }

  async #setEnabled(enabled: boolean): Promise<void> {
    const done = await showingErrors(this.st, this.#error, () => api("PUT", "/staff/check-ins/settings", { enabled }, Ok));
    if (done) setText(this.#status, this.#w(enabled ? "on" : "off"));
    await this.load();
  }

  async #setOff(id: string, name: string, off: boolean): Promise<void> {
    const done = await showingErrors(this.st, this.#error, () => api("PUT", `/staff/check-ins/students/${encodeURIComponent(id)}`, { off }, Ok));
    if (done) setText(this.#status, this.#w(off ? "childOff" : "childOn", { name }));
    await this.load();
  }
}
