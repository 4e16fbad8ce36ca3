import { isCushion } from "../../shared/domain/seats.ts";
import { DID_PRESETS, type DidPreset, GOAL_PRESETS, type GoalPreset, STUDY, siteAddress } from "../../shared/domain/study.ts";
import type { GoalView } from "../../shared/protocol/lessonEvents.ts";
import { StudyMessages, StudyMine, type StudyRecord, type StudySite } from "../../shared/protocol/study.ts";
import type { StudyErrorCode } from "../i18n/codes.ts";
import { type Lang, READING, clockTime } from "../i18n/index.ts";
import type { api } from "../net/api.ts";
import type { SpaceShell } from "../space/shell.ts";
import { h, setText } from "./dom.ts";
import type { rubyNodes } from "./ruby.ts";
import { DID_WORD, GOAL_WORD, STUDY_ERROR_WORD, type StudyTranslate, type StudyWord, didLine, fill, goalLine, minutesWord, studyWords } from "./studyWords.ts";
import "./study.css";

/**
 * The self-study corner as a child uses it (issue 15; shared/domain/study.ts). Fetched the first
 * time the child is in the quiet corner (client/main.ts), and shown there: a self-study desk to
 * sit at, and their own record. Seated, today's goal (one tap or their own words), the learning
 * sites their organisation keeps (each opens in a new tab; the server is told it was opened, and
 * when the child is back in this tab), and "finish", which asks once, kindly, what they did:
 * skipping is a button as big as the others. A child who walks away from the desk instead is
 * asked the same, once. The server decides everything; this page only asks it.
 */

/**
 * What the page lends the panel: its HTTP client and its furigana. Handed in rather than imported
 * because the first visit has them already, and a lazily fetched module that imported them would
 * make the build split them out of the chunks they are in (more files, more bytes, for everyone).
 */
export interface StudyDeps {
  readonly shell: SpaceShell;
  readonly lang: Lang;
  readonly api: typeof api;
  readonly rubyNodes: typeof rubyNodes;
}

/** What the panel asks of the child right now: nothing, what they did before standing up, or what they did after walking away. */
type Asking = null | "finishing" | "after";

export class StudyPanel {
  readonly element: HTMLElement;
  readonly #w: StudyTranslate;
  readonly #lang: Lang;
  readonly #shell: SpaceShell;
  readonly #api: typeof api;
  readonly #ruby: typeof rubyNodes;
  readonly #lead: HTMLElement;
  readonly #sit: HTMLButtonElement;
  /** Rest on a floor cushion, or, on one, stand up again. */
  readonly #cushion: HTMLButtonElement;
  readonly #seated: HTMLElement;
  readonly #since: HTMLElement;
  readonly #goalNow: HTMLElement;
  readonly #goalButtons: Map<GoalPreset, HTMLButtonElement>;
  readonly #goalInput: HTMLInputElement;
  readonly #sitesBox: HTMLElement;
  readonly #sitesList: HTMLUListElement;
  readonly #onSite: HTMLElement;
  readonly #finish: HTMLButtonElement;
  readonly #did: HTMLElement;
  readonly #didHeading: HTMLElement;
  readonly #didInput: HTMLInputElement;
  readonly #skip: HTMLButtonElement;
  readonly #said: HTMLElement;
  readonly #historyButton: HTMLButtonElement;
  readonly #history: HTMLOListElement;
  #zone = "";
  #onCushion = false;
  #studying: { since: number; goal: GoalView | undefined } | null = null;
  #asking: Asking = null;
  /** The child chose to finish without a note: the end that follows asks nothing. */
  #skipping = false;
  /** The listed site opened last, and whether this tab was left since (only then is coming back "returned"). */
  #out: { id: string; left: boolean } | null = null;
  #sites: StudySite[] = [];

  constructor({ shell, lang, api, rubyNodes }: StudyDeps) {
    const w = studyWords(lang);
    this.#w = w;
    this.#lang = lang;
    this.#shell = shell;
    this.#api = api;
    this.#ruby = rubyNodes;
    const net = shell.net;
    const ruby = (key: StudyWord) => rubyNodes(w(key));

    this.#lead = h("p", { class: "study-lead" }, ...ruby("studyLead"));
    this.#sit = h("button", { type: "button", class: "study-sit primary" }, "🪑 ", ...ruby("studySit"));
    this.#sit.addEventListener("click", () => net.send("sit", {}));
    this.#cushion = h("button", { type: "button", class: "study-cushion" });
    this.#cushion.addEventListener("click", () => (this.#onCushion ? net.send("stand", {}) : net.send("sit", { cushion: true })));

    // Today's goal: one tap, or a few words; either replaces the other. Never required.
    this.#since = h("p", { class: "study-since", tabindex: -1 });
    this.#goalNow = h("p", { class: "study-goal-now", "aria-live": "polite" });
    this.#goalButtons = new Map(
      GOAL_PRESETS.map((preset) => {
        const button = h("button", { type: "button", class: "phrase", "aria-pressed": "false" }, GOAL_WORD[preset][lang]);
        button.addEventListener("click", () => net.send("studyGoal", { preset }));
        return [preset, button] as const;
      }),
    );
    this.#goalInput = h("input", { id: "study-goal-text", type: "text", maxlength: STUDY.goalMaxChars, autocomplete: "off" });
    const goalForm = h("form", { class: "study-words" }, h("label", { for: "study-goal-text" }, ...ruby("studyGoalWords")), this.#goalInput, h("button", { type: "submit" }, ...ruby("studyGoalSet")));
    goalForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = this.#goalInput.value.trim();
      if (!text) return this.#goalInput.focus();
      net.send("studyGoal", { text });
    });
    const goal = h(
      "div",
      { class: "study-goal", role: "group", "aria-labelledby": "study-goal-heading" },
      h("h3", { id: "study-goal-heading" }, ...ruby("studyGoalHeading")),
      this.#goalNow,
      h("div", { class: "phrases", role: "group", "aria-label": plain(w("studyGoalPick")) }, ...this.#goalButtons.values()),
      goalForm,
    );

    // The organisation's learning sites: plain links to a new tab, without this page's address.
    this.#sitesList = h("ul", { class: "study-sites", "aria-labelledby": "study-sites-heading", "aria-describedby": "study-sites-note" });
    this.#onSite = h("p", { class: "study-on-site", "aria-live": "polite" });
    this.#sitesBox = h(
      "div",
      { class: "study-sites-box", hidden: true },
      h("h3", { id: "study-sites-heading" }, ...ruby("studySitesHeading")),
      h("p", { id: "study-sites-note", class: "study-note" }, ...ruby("studySitesNote")),
      this.#sitesList,
      this.#onSite,
    );
    this.#finish = h("button", { type: "button", class: "study-finish" }, ...ruby("studyStand"));
    this.#finish.addEventListener("click", () => this.#ask("finishing"));
    this.#seated = h("div", { class: "study-seated", hidden: true }, this.#since, goal, this.#sitesBox, this.#finish);

    // What they did: one tap keeps it (with any words typed), the words alone too, or nothing.
    this.#didHeading = h("h3", { id: "study-did-heading", tabindex: -1 }, ...ruby("studyDidHeading"));
    const didButtons = DID_PRESETS.map((preset) => {
      const button = h("button", { type: "button", class: "phrase" }, DID_WORD[preset][lang]);
      button.addEventListener("click", () => this.#keep(preset));
      return button;
    });
    this.#didInput = h("input", { id: "study-did-text", type: "text", maxlength: STUDY.didMaxChars, autocomplete: "off" });
    const didForm = h("form", { class: "study-words" }, h("label", { for: "study-did-text" }, ...ruby("studyDidWords")), this.#didInput, h("button", { type: "submit" }, ...ruby("studyDidSave")));
    didForm.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!this.#didInput.value.trim()) return this.#didInput.focus();
      this.#keep(undefined);
    });
    this.#skip = h("button", { type: "button", class: "study-skip" });
    this.#skip.addEventListener("click", () => this.#skipNote());
    this.#did = h(
      "div",
      { class: "study-did", role: "group", "aria-labelledby": "study-did-heading", hidden: true },
      this.#didHeading,
      h("div", { class: "phrases", role: "group", "aria-label": plain(w("studyDidPick")) }, ...didButtons),
      didForm,
      this.#skip,
    );

    this.#said = h("p", { class: "study-said", role: "status" });
    this.#historyButton = h("button", { type: "button", class: "study-history-button", "aria-expanded": "false", "aria-controls": "study-history" }, w("studyHistory"));
    this.#historyButton.addEventListener("click", () => void this.#toggleHistory());
    this.#history = h("ol", { id: "study-history", class: "study-history", hidden: true, "aria-label": plain(w("studyHistory")) });

    this.element = h(
      "section",
      { class: "panel study", "aria-labelledby": "study-title", hidden: true },
      h("h2", { id: "study-title" }, `📚 ${plain(w("studyHeading"))}`),
      this.#lead,
      h("div", { class: "study-places" }, this.#sit, this.#cushion),
      this.#seated,
      this.#did,
      this.#said,
      this.#historyButton,
      this.#history,
    );

    net.speak(StudyMessages);
    net.on("study", (study) => {
      if (study.state === "studying") return this.#studyingNow(study.since, study.goal);
      this.#ended(study.minutes, study.recorded);
    });
    net.on("serverError", (error) => {
      const word = STUDY_ERROR_WORD[error.code as StudyErrorCode];
      if (word) shell.notices.show(rubyNodes(w(word)), "error");
    });
    const mine = (avatar: { id: string; zone: string; seat: number }) => {
      if (avatar.id !== net.sessionId || (avatar.zone === this.#zone && isCushion(avatar.seat) === this.#onCushion)) return;
      this.#zone = avatar.zone;
      this.#onCushion = isCushion(avatar.seat);
      this.#render();
    };
    net.on("avatarAdded", mine);
    net.on("avatarChanged", mine);
    const here = shell.names.get(net.sessionId ?? "");
    if (here) mine(here);
    // Back from a learning site's tab: "returned" once this tab was left and is seen again.
    const back = () => {
      const out = this.#out;
      if (!out?.left || document.visibilityState !== "visible" || !document.hasFocus()) return;
      this.#out = null;
      setText(this.#onSite, "");
      net.send("studySite", { site: out.id, event: "returned" });
    };
    const left = () => {
      if (this.#out) this.#out.left = true;
    };
    document.addEventListener("visibilitychange", () => (document.visibilityState === "hidden" ? left() : back()));
    window.addEventListener("blur", left);
    window.addEventListener("focus", back);
    void this.#load();
    this.#render();
  }

  /** At a desk since `since` (epoch ms), with today's goal if one was set. */
  #studyingNow(since: number, goal: GoalView | undefined): void {
    const arrived = this.#studying === null;
    this.#studying = { since, goal };
    this.#since.replaceChildren(...this.#ruby(this.#w("studySince"), { time: clockTime(since, this.#lang) }));
    setText(this.#goalNow, goal ? fill(plain(this.#w("studyGoalNow")), { goal: goalLine(this.#lang, goal) }) : "");
    for (const [preset, button] of this.#goalButtons) button.setAttribute("aria-pressed", String(goal?.preset === preset && goal.text === undefined));
    // The words are cleared once the server has kept them (held back by the filter, they stay to be changed).
    if (goal?.text !== undefined && goal.text === this.#goalInput.value.trim()) this.#goalInput.value = "";
    if (arrived) {
      this.#asking = null;
      this.#skipping = false;
      setText(this.#said, "");
      // The sites may have changed since the panel came: read them again as the child sits down.
      void this.#load();
    }
    this.#render();
    if (arrived) this.#focus(this.#since);
  }

  /** Stood up after `minutes`: said kindly; if what they did is not kept yet, asked once (unless they chose not to say). */
  #ended(minutes: number, recorded: boolean): void {
    const wasStudying = this.#studying !== null;
    this.#studying = null;
    this.#out = null;
    setText(this.#onSite, "");
    const well = minutes >= 1 ? fill(plain(this.#w("studyEnded")), { minutes: minutesWord(this.#lang, minutes) }) : plain(this.#w("studyEndedShort"));
    setText(this.#said, recorded ? `${well} ${plain(this.#w("studyRecorded"))}` : well);
    const ask: Asking = !recorded && wasStudying && !this.#skipping ? "after" : null;
    this.#skipping = false;
    this.#asking = ask;
    this.#didInput.value = ask ? this.#didInput.value : "";
    this.#render();
    if (this.#history.hidden === false) void this.#showHistory();
    this.#focus(ask ? this.#didHeading : this.#zone === "quiet" ? this.#sit : this.#said);
  }

  /** "Finish": what did you do? (at the desk still; nothing is sent until they answer or skip). */
  #ask(asking: Asking): void {
    this.#asking = asking;
    this.#render();
    this.#focus(this.#didHeading);
  }

  /** Keeps what they did (a preset, words, or both), standing up if still at the desk. The words stay until kept (the filter may hold them back). */
  #keep(preset: DidPreset | undefined): void {
    const text = this.#didInput.value.trim();
    this.#shell.net.send("studyEnd", { ...(preset ? { did: preset } : {}), ...(text ? { text } : {}) });
  }

  /** No note: at the desk, stands up saying nothing; after walking away, simply not asked again. */
  #skipNote(): void {
    this.#didInput.value = "";
    if (this.#asking === "finishing" && this.#studying) {
      this.#skipping = true;
      this.#shell.net.send("studyEnd", {});
      return;
    }
    this.#asking = null;
    this.#render();
    this.#focus(this.#zone === "quiet" ? this.#sit : this.#said);
  }

  /** The organisation's sites and the child's own record (GET /api/study/mine). */
  async #load(): Promise<StudyRecord[] | null> {
    try {
      const mine = await this.#api("GET", "/study/mine", undefined, StudyMine);
      // The server checked each address when it was listed; checked again before it becomes a link.
      this.#sites = mine.sites.filter((site) => siteAddress(site.url) === site.url);
      this.#renderSites();
      return mine.history;
    } catch {
      return null;
    }
  }

  async #toggleHistory(): Promise<void> {
    const open = this.#history.hidden;
    this.#historyButton.setAttribute("aria-expanded", String(open));
    this.#history.hidden = !open;
    if (open) await this.#showHistory();
  }

  async #showHistory(): Promise<void> {
    const history = await this.#load();
    const lang = this.#lang;
    const w = (key: StudyWord) => plain(this.#w(key));
    if (history === null) return this.#history.replaceChildren(h("li", { class: "study-history-none" }, w("studyHistoryFailed")));
    if (history.length === 0) return this.#history.replaceChildren(h("li", { class: "study-history-none" }, w("studyHistoryEmpty")));
    const locale = lang === "ja" ? "ja-JP" : "en-GB";
    this.#history.replaceChildren(
      ...history.map((r) => {
        const date = new Date(r.startedAt).toLocaleDateString(locale, { month: "numeric", day: "numeric", weekday: "short" });
        const current = r.endedAt === null && this.#studying?.since === r.startedAt;
        const minutes = r.endedAt === null ? null : Math.round((r.endedAt - r.startedAt) / 60_000);
        // A session the server could not end (it stopped first) says no length rather than a wrong one.
        const length = minutes === null ? (current ? w("studyHistoryNow") : "") : minutes >= 1 ? minutesWord(lang, minutes) : w("studyMoment");
        return h(
          "li",
          {},
          h("strong", {}, date),
          length ? ` ${length}` : "",
          r.goal ? h("span", { class: "study-history-goal" }, ` · ${fill(w("studyHistoryGoal"), { goal: goalLine(lang, r.goal) })}`) : null,
          r.did ? h("span", { class: "study-history-did" }, ` · ${didLine(lang, r.did)}`) : null,
        );
      }),
    );
  }

  #renderSites(): void {
    this.#sitesList.replaceChildren(
      ...this.#sites.map((site) => {
        const link = h("a", { href: site.url, target: "_blank", rel: "noopener noreferrer", class: "study-site" }, site.name);
        link.addEventListener("click", () => {
          if (!this.#studying) return;
          this.#out = { id: site.id, left: false };
          setText(this.#onSite, fill(plain(this.#w("studyOnSite")), { site: site.name }));
          this.#shell.net.send("studySite", { site: site.id, event: "opened" });
        });
        return h("li", {}, link);
      }),
    );
    this.#sitesBox.hidden = this.#sites.length === 0;
  }

  #render(): void {
    const studying = this.#studying !== null;
    this.element.hidden = !(this.#zone === "quiet" || studying || this.#asking !== null);
    this.#lead.hidden = studying;
    this.#sit.hidden = studying || this.#zone !== "quiet";
    this.#cushion.hidden = this.#sit.hidden;
    this.#cushion.replaceChildren(...(this.#onCushion ? this.#ruby(this.#w("studyCushionStand")) : ["🟠 ", ...this.#ruby(this.#w("studyCushion"))]));
    this.#seated.hidden = !studying;
    this.#finish.hidden = this.#asking !== null;
    this.#did.hidden = this.#asking === null;
    this.#skip.replaceChildren(...this.#ruby(this.#w(this.#asking === "after" ? "studyDidNotNow" : "studyDidSkip")));
    if (!studying) setText(this.#onSite, "");
  }

  /** Moves focus only if it was in this panel (or nowhere): a child walking with the keyboard keeps it on the 3D view. */
  #focus(target: HTMLElement): void {
    const active = document.activeElement;
    if (active && active !== document.body && !this.element.contains(active)) return;
    if (target.hidden || target.closest("[hidden]")) return;
    if (target.tabIndex < 0 && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();
  }
}

/** The words without their readings (labels and live text: a screen reader reads them once). */
const plain = (text: string) => text.replace(READING, "$1");

/** Opens the corner's panel beside the space (client/main.ts calls this the first time the child is in the quiet corner). */
export function openStudyCorner(deps: StudyDeps): StudyPanel {
  const panel = new StudyPanel(deps);
  deps.shell.addPanel(panel.element);
  return panel;
}
