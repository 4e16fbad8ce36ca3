import { EMOTES, type Emote, QUICK_PHRASES, QUICK_PHRASE_IDS, type QuickPhrase, STATUSES, type Status } from "../../shared/domain/presence.ts";
import { EMOTE_SYMBOL, EMOTE_TEXT, STATUS_TEXT } from "../i18n/codes.ts";
import type { Lang, Translate } from "../i18n/index.ts";
import { h, setText } from "./dom.ts";
import { rubyTranslator } from "./ruby.ts";

export interface PresenceActions {
  status(status: Status): void;
  emote(emote: Emote): void;
  lowerHand(): void;
  phrase(phrase: QuickPhrase): void;
  help(): void;
  askToTalk(): void;
}

/** How long a status I chose is shown without the server's word (it answers within a patch). */
const CHOICE_WAIT_MS = 3000;

/**
 * Ways to take part without typing, in the order of the participation ladder: a status, a
 * reaction, a quick phrase. The help button (with "I'd like to talk") stands apart, in `help`,
 * which the page pins where it is always in sight.
 */
export class PresenceBar {
  readonly element: HTMLElement;
  readonly help: HTMLElement;
  readonly #lower: HTMLButtonElement;
  readonly #statusInputs = new Map<Status, HTMLInputElement>();
  /**
   * A status I just chose that the server has not confirmed yet. Patches about me keep coming
   * meanwhile (my walk), still with the old status: they must not flip my choice back.
   */
  #chosen: { status: Status; until: number } | null = null;

  constructor(t: Translate, lang: Lang, actions: PresenceActions) {
    const tr = rubyTranslator(lang);
    const statusGroup = h("fieldset", { class: "statuses" }, h("legend", {}, t("status")));
    for (const status of STATUSES) {
      const input = h("input", { type: "radio", name: "status", value: status, id: `status-${status}`, checked: status === "none" });
      input.addEventListener("change", () => {
        if (!input.checked) return;
        this.#chosen = { status, until: performance.now() + CHOICE_WAIT_MS };
        actions.status(status);
      });
      this.#statusInputs.set(status, input);
      statusGroup.append(h("label", { for: `status-${status}`, class: "choice" }, input, h("span", {}, ...tr(STATUS_TEXT[status]))));
    }

    const emotes = h("div", { class: "emotes", role: "group", "aria-label": t("reactions") });
    for (const emote of EMOTES) {
      const button = h("button", { type: "button", class: "emote", "aria-label": t(EMOTE_TEXT[emote]), title: t(EMOTE_TEXT[emote]) }, h("span", { "aria-hidden": "true" }, EMOTE_SYMBOL[emote]));
      button.addEventListener("click", () => actions.emote(emote));
      emotes.append(button);
    }
    this.#lower = h("button", { type: "button", class: "lower-hand", hidden: true }, t("lowerHand"));
    this.#lower.addEventListener("click", () => actions.lowerHand());
    emotes.append(this.#lower);

    const phrases = h("div", { class: "phrases", role: "group", "aria-label": t("quickPhrases") });
    for (const id of QUICK_PHRASE_IDS) {
      const button = h("button", { type: "button", class: "phrase" }, QUICK_PHRASES[id][lang]);
      button.addEventListener("click", () => actions.phrase(id));
      phrases.append(button);
    }

    const help = h("button", { type: "button", class: "help-button", "aria-describedby": "help-long" }, t("help"));
    help.addEventListener("click", () => actions.help());
    const talk = h("button", { type: "button", class: "talk-button" }, t("askToTalk"));
    talk.addEventListener("click", () => actions.askToTalk());

    this.help = h("div", { class: "help" }, h("div", { class: "help-row" }, help, talk), h("p", { id: "help-long", class: "hint" }, t("helpLong")));
    this.element = h(
      "section",
      { class: "panel presence", "aria-label": t("status") },
      statusGroup,
      emotes,
      phrases,
    );
  }

  /**
   * Reflects what the server says about me (another tab or a staff member may change it), once
   * it has confirmed my own choice or given up waiting for it (a refused change).
   */
  show(status: Status, hand: boolean): void {
    const chosen = this.#chosen;
    if (chosen && (chosen.status === status || performance.now() > chosen.until)) this.#chosen = null;
    const input = this.#statusInputs.get(this.#chosen?.status ?? status);
    if (input && !input.checked) input.checked = true;
    this.#lower.hidden = !hand;
  }

  label(text: string): void {
    setText(this.#lower, text);
  }
}
