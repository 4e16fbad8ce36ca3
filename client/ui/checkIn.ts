import { CHECK_IN, type CheckInAnswer, FACES, type Face, dayBefore } from "../../shared/domain/checkIn.ts";
import { CheckInEvents, CheckInMessages, CheckInMine } from "../../shared/protocol/checkIn.ts";
import { type Lang, READING, fill } from "../i18n/index.ts";
import type { api } from "../net/api.ts";
import type { Emitter } from "../net/emitter.ts";
import type { SpaceShell } from "../space/shell.ts";
import { ANSWER_WORD, type CheckInWord, checkInWords } from "./checkInWords.ts";
import { faceSvg } from "./checkInFaces.ts";
import { h, setText } from "./dom.ts";
import type { rubyNodes } from "./ruby.ts";
import "./checkIn.css";

type Day = { day: string; answer: CheckInAnswer };
/** The events this card hears (CheckInEvents, added to the connection's schemas when it loads), and refusals. */
type Heard = Emitter<{ checkIn: (day: Day) => void; serverError: (error: { code: string; about?: string }) => void }>;

let started = false;

/** What the card needs from the page (passed in, as the study panel's are, so its chunk shares the page's). */
export interface CheckInDeps {
  shell: SpaceShell;
  lang: Lang;
  api: typeof api;
  rubyNodes: typeof rubyNodes;
}

/**
 * The daily check-in (きょうの きもち, issue 19), fetched after a child entered the space. It asks
 * the server whether the check-in is offered to this child; if so, a button in the toolbar opens
 * the card at any time, and the card opens by itself once a day until answered or skipped. The
 * card is a small non-modal dialog over the 3D view: the space goes on behind it, nothing waits
 * for it, and "not today" is the choice already made and focused. Closing it unanswered on that
 * first showing counts as "not today" (so it is not asked again that day); the child may still
 * answer, or change today's answer, from the toolbar. Below the faces: their own last four weeks.
 */
export async function offerCheckIn({ shell, lang, api, rubyNodes }: CheckInDeps): Promise<void> {
  if (started) return; // back from the plaza, say: one card per page
  started = true;
  let mine: CheckInMine;
  try {
    mine = await api("GET", "/check-in/mine", undefined, CheckInMine);
  } catch {
    started = false; // not offered this time; the next entry asks again
    return;
  }
  if (!mine.offered) return;
  shell.net.speak(CheckInMessages);
  shell.net.hear(CheckInEvents);
  const card = new CheckInCard(shell, lang, mine, rubyNodes, () => api("GET", "/check-in/mine", undefined, CheckInMine));
  const toolbar = shell.element.querySelector(".toolbar-buttons");
  toolbar?.prepend(card.button);
  if (mine.days.some((d) => d.day === mine.today)) return;
  // After the first-visit guide, if it is showing: one card at a time.
  const tour = shell.stage.querySelector<HTMLDialogElement>("dialog.tour[open]");
  if (tour) tour.addEventListener("close", () => card.open(true), { once: true });
  else card.open(true);
}

class CheckInCard {
  readonly button: HTMLButtonElement;
  readonly #shell: SpaceShell;
  readonly #lang: Lang;
  readonly #w: (key: CheckInWord) => string;
  readonly #dialog: HTMLDialogElement;
  readonly #radios = new Map<CheckInAnswer, HTMLInputElement>();
  readonly #status: HTMLElement;
  readonly #history: HTMLOListElement;
  readonly #send: HTMLButtonElement;
  #today: string;
  #days: Day[];
  /** Opened by itself on entering: closing it unanswered says "not today". */
  #offered = false;

  /** Reads my days again (another device may have answered meanwhile). */
  readonly #reload: () => Promise<CheckInMine>;

  constructor(shell: SpaceShell, lang: Lang, mine: CheckInMine, rubyNodes: CheckInDeps["rubyNodes"], reload: () => Promise<CheckInMine>) {
    this.#shell = shell;
    this.#reload = reload;
    this.#lang = lang;
    this.#today = mine.today;
    this.#days = mine.days;
    const w = (this.#w = checkInWords(lang));
    const ruby = (key: CheckInWord) => rubyNodes(w(key));
    this.button = h("button", { type: "button", class: "check-in-button", "aria-haspopup": "dialog" }, faceSvg("good", 22), h("span", {}, ...ruby("checkInButton")));
    this.button.addEventListener("click", () => {
      if (this.#dialog.open) return this.close();
      this.open(false);
      // Shown at once with what this page knows; brought up to date when the server answers.
      void this.#reload().then(
        (fresh) => {
          this.#today = fresh.today;
          this.#days = fresh.days;
          this.#renderHistory();
        },
        () => {},
      );
    });

    // "Not today" first: the choice already made, where focus lands.
    const options = CARD_ORDER.map((answer) => {
      const radio = h("input", { type: "radio", name: "check-in-answer", value: answer, id: `check-in-${answer}` });
      this.#radios.set(answer, radio);
      const word = ANSWER_WORD[answer][lang];
      return h(
        "label",
        { class: `check-in-option check-in-${answer}`, for: `check-in-${answer}` },
        radio,
        answer === "skip" ? h("span", { class: "check-in-skip-mark", "aria-hidden": "true" }, "—") : faceSvg(answer as Face, 40),
        h("span", { class: "check-in-word" }, word),
      );
    });
    this.#send = h("button", { type: "submit", class: "primary" }, ...ruby("checkInSend"));
    const close = h("button", { type: "button", class: "check-in-close" }, ...ruby("checkInClose"));
    close.addEventListener("click", () => this.close());
    this.#status = h("p", { class: "check-in-status", role: "status" });
    this.#history = h("ol", { class: "check-in-history", "aria-labelledby": "check-in-history-title" });
    const form = h(
      "form",
      { class: "check-in-form" },
      h("fieldset", { class: "check-in-faces" }, h("legend", { class: "visually-hidden" }, plain(w("checkInLegend"))), ...options),
      h("div", { class: "dialog-actions" }, close, this.#send),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.#answer(this.#chosen());
    });
    this.#dialog = h(
      "dialog",
      { class: "check-in", "aria-labelledby": "check-in-title", "aria-describedby": "check-in-lead" },
      h("h2", { id: "check-in-title" }, ...ruby("checkInTitle")),
      h("p", { id: "check-in-lead", class: "check-in-lead" }, ...ruby("checkInLead")),
      form,
      this.#status,
      h("p", { class: "check-in-note" }, ...ruby("checkInNote")),
      h("h3", { id: "check-in-history-title" }, ...ruby("checkInHistory")),
      this.#history,
    );
    this.#dialog.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      this.close();
    });
    const net = shell.net as unknown as Heard;
    net.on("checkIn", (day) => this.#kept(day));
    net.on("serverError", (error) => {
      if (error.about === "checkIn") setText(this.#status, plain(w(error.code === "check_in_off" ? "checkInOff" : "checkInFailed")));
    });
  }

  /** Shows the card with today's answer chosen ("not today" when there is none), focus on it. */
  open(offered: boolean): void {
    this.#offered = offered;
    const today = this.#days.find((d) => d.day === this.#today)?.answer ?? "skip";
    const radio = this.#radios.get(today);
    if (radio) radio.checked = true;
    setText(this.#status, "");
    this.#renderHistory();
    this.#shell.stage.append(this.#dialog);
    this.#dialog.show();
    this.button.setAttribute("aria-expanded", "true");
    radio?.focus();
  }

  close(): void {
    if (!this.#dialog.open) return;
    // The first showing, closed without an answer: "not today", so it is not asked again today.
    if (this.#offered) this.#answer("skip");
    this.#offered = false;
    this.#dialog.close();
    this.#dialog.remove();
    this.button.setAttribute("aria-expanded", "false");
    this.#shell.focusView();
  }

  #chosen(): CheckInAnswer {
    for (const [answer, radio] of this.#radios) if (radio.checked) return answer;
    return "skip";
  }

  #answer(answer: CheckInAnswer): void {
    this.#offered = false;
    if (!this.#shell.net.send("checkIn", { answer })) setText(this.#status, plain(this.#w("checkInFailed")));
  }

  /** The server kept today's answer: say so, and show it in the days below. */
  #kept(day: Day): void {
    this.#today = day.day;
    this.#days = [...this.#days.filter((d) => d.day !== day.day), day];
    if (!this.#dialog.open) return;
    const face = ANSWER_WORD[day.answer][this.#lang];
    setText(this.#status, day.answer === "skip" ? plain(this.#w("checkInSkipped")) : fill(plain(this.#w("checkInThanks")), { face }));
    this.#renderHistory();
  }

  /** The last four weeks, a face for each day answered (oldest first, a week to a row). */
  #renderHistory(): void {
    const answers = new Map(this.#days.map((d) => [d.day, d.answer]));
    const first = dayBefore(this.#today, CHECK_IN.historyDays - 1);
    if (![...answers.keys()].some((d) => d >= first)) {
      this.#history.replaceChildren(h("li", { class: "check-in-history-none" }, plain(this.#w("checkInHistoryEmpty"))));
      return;
    }
    const dates = new Intl.DateTimeFormat(this.#lang === "ja" ? "ja-JP" : "en-GB", { month: "numeric", day: "numeric", weekday: "short", timeZone: "UTC" });
    const cells: HTMLElement[] = [];
    for (let i = CHECK_IN.historyDays - 1; i >= 0; i--) {
      const day = dayBefore(this.#today, i);
      const answer = answers.get(day);
      const date = dates.format(Date.parse(`${day}T00:00:00Z`));
      const face = answer && answer !== "skip" ? answer : null;
      const said = answer ? ANSWER_WORD[answer][this.#lang] : plain(this.#w("checkInNone"));
      cells.push(
        h(
          "li",
          { class: `check-in-day${face ? "" : " check-in-day-empty"}${day === this.#today ? " check-in-day-today" : ""}`, title: `${date}: ${said}` },
          face ? faceSvg(face, 26) : h("span", { class: "check-in-dot", "aria-hidden": "true" }),
          h("span", { class: "visually-hidden" }, `${date}: ${said}`),
        ),
      );
    }
    this.#history.replaceChildren(...cells);
  }
}

const plain = (text: string) => text.replace(READING, "$1");
const CARD_ORDER: readonly CheckInAnswer[] = ["skip", ...FACES];
