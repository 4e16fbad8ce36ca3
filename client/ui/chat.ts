import { LIMITS } from "../../shared/domain/limits.ts";
import { normaliseText } from "../../shared/domain/text.ts";
import { type ZoneId, zoneById } from "../../shared/domain/zones.ts";
import type { ChatLine } from "../../shared/protocol/events.ts";
import type { ChatChannel } from "../../shared/protocol/messages.ts";
import { type Lang, type Translate, clockTime, localName } from "../i18n/index.ts";
import { h } from "./dom.ts";

const MAX_LINES = 100;
/** Within this of the end, the reader is following the newest lines (a rounding pixel, a half-shown line). */
const NEAR_END_PX = 24;
/** The same line sent again this soon is a double Enter (the box keeps it until the server answers), not a second line. */
const RESEND_MS = 1000;
/** How long a line told to a screen reader stays in the region that told it (read by then). */
const SAID_FOR_MS = 15_000;
/** The box shows how much more it takes from this many characters left. */
const COUNT_FROM = 20;
/** …and tells a screen reader as these are passed. */
const TELL_AT = [20, 10, 0];

/** What can be done with someone else's line, from a button beside it: a child reports it, staff pin it or take it down. */
export interface LineAction {
  label: string;
  /** The button's accessible name, saying whose line it is (every line has one; a list of the same name tells nothing). */
  name(line: ChatLine): string;
  offers(line: ChatLine): boolean;
  act(line: ChatLine): void;
}

/** The chat log and the message box. Lines are rendered with textContent only. */
export class ChatPanel {
  readonly element: HTMLElement;
  /** The log, scrollable and focusable (the "new messages" pill brings it into view). */
  readonly log: HTMLElement;
  readonly #lines: HTMLOListElement;
  /** How much more the box takes, shown near its end (or that a paste was cut short). */
  readonly #count: HTMLElement;
  /** While staff have paused my chat: until when, and that the rest still works. */
  readonly #paused: HTMLElement;
  #pauseEnds = 0;
  /** Characters the box still takes, as last counted. */
  #left: number = LIMITS.chatMaxChars;
  /** What a screen reader is told of each new line (the log's own lines hold buttons). */
  readonly #said: HTMLElement;
  readonly #input: HTMLInputElement;
  /** Whom a line goes to. The lesson's panel adds "my table" while the class is at its tables. */
  readonly channels: HTMLSelectElement;
  readonly #seen = new Set<string>();
  readonly #t: Translate;
  readonly #lang: Lang;

  readonly #lineText: (line: ChatLine) => string;
  readonly #actions: LineAction[];
  /**
   * My line on its way, as the server will echo it (normalised). The box is emptied when the
   * echo comes, not when the line leaves: a line the server refuses (muted, too fast, held back
   * by the word filter) stays in the box to be sent again or changed.
   */
  #sent: { text: string; at: number } | null = null;

  constructor(
    t: Translate,
    lang: Lang,
    lineText: (line: ChatLine) => string,
    onSend: (channel: ChatChannel, text: string) => boolean,
    actions: LineAction[] = [],
  ) {
    this.#t = t;
    this.#lang = lang;
    this.#lineText = lineText;
    this.#actions = actions;
    // The log (scrollable by keyboard) holds a real list, so each line is a list item. It is not
    // the live region itself: a new line would be read out with its button's name ("tell a
    // supporter about this message" after every line). New lines are told in #said instead.
    this.#lines = h("ol", { class: "chat-lines" });
    this.log = h("div", { id: "chat-log", class: "chat-log", role: "log", "aria-label": t("chat"), "aria-live": "off", tabindex: 0 }, this.#lines);
    this.#said = h("div", { class: "chat-said visually-hidden", "aria-live": "polite" });
    this.#input = h("input", { id: "chat-input", type: "text", autocomplete: "off", maxlength: LIMITS.chatMaxChars, enterkeyhint: "send", placeholder: t("messagePlaceholder") });
    this.channels = h(
      "select",
      { id: "chat-channel" },
      h("option", { value: "space" }, t("channelSpace")),
      h("option", { value: "zone" }, t("channelZone")),
    );
    this.#count = h("p", { id: "chat-count", class: "chat-count" });
    this.#paused = h("p", { id: "chat-paused", class: "chat-paused", hidden: true });
    this.#input.setAttribute("aria-describedby", "chat-paused chat-count");
    const form = h(
      "form",
      { class: "chat-form" },
      this.#paused,
      h("label", { for: "chat-channel", class: "small-label" }, t("channel")),
      this.channels,
      h("label", { for: "chat-input", class: "visually-hidden" }, t("message")),
      this.#input,
      h("button", { type: "submit" }, t("send")),
      this.#count,
    );
    // The box takes LIMITS.chatMaxChars: near the end it says how many are left, and a paste
    // (or a word from the keyboard's suggestions) cut short by it says so, instead of losing the
    // rest without a word.
    // What the box would hold after an insertion, were it not capped (-1: not an insertion this
    // page can measure; a composition's text, Japanese typed by IME, is in the box already).
    let expected = -1;
    this.#input.addEventListener("beforeinput", (event) => {
      const adding = event.data ?? event.dataTransfer?.getData("text/plain") ?? "";
      const input = this.#input;
      const measurable = event.inputType.startsWith("insert") && event.inputType !== "insertCompositionText" && !event.isComposing && adding !== "";
      expected = measurable ? input.value.length - ((input.selectionEnd ?? 0) - (input.selectionStart ?? 0)) + adding.length : -1;
    });
    this.#input.addEventListener("input", () => {
      this.#counted(expected > this.#input.value.length);
      expected = -1;
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = this.#input.value;
      if (text.trim() === "") return;
      const normal = normaliseText(text, LIMITS.chatMaxChars);
      const now = performance.now();
      if (this.#sent?.text === normal && now - this.#sent.at < RESEND_MS) return;
      if (onSend(this.channels.value as ChatChannel, text)) this.#sent = { text: normal, at: now };
    });
    this.element = h("section", { class: "panel chat", "aria-labelledby": "chat-title" }, h("h2", { id: "chat-title" }, t("chat")), this.log, this.#said, form);
  }

  add(line: ChatLine, mine: boolean): void {
    if (this.#seen.has(line.id)) return; // history and live delivery may overlap
    this.#seen.add(line.id);
    // My line was accepted: empty the box, unless I have already typed something else in it.
    if (mine && this.#sent && line.text === this.#sent.text) {
      if (normaliseText(this.#input.value, LIMITS.chatMaxChars) === this.#sent.text) {
        this.#input.value = "";
        this.#counted(false);
      }
      this.#sent = null;
    }
    const time = clockTime(line.at, this.#lang);
    const t = this.#t;
    const where = localName(zoneById(line.zone as ZoneId).name, this.#lang);
    // An announcement to one zone (staff's, to the classroom) says where it went; a table line
    // (group tables in a lesson) says its table, and 0 is staff's line to every table.
    const tag = line.announcement
      ? `${t("announcement")}${line.channel === "zone" ? `: ${where}` : ""}`
      : line.channel === "space"
        ? t("channelTagSpace")
        : line.channel === "table"
          ? line.table
            ? t("channelTagTable", { n: line.table })
            : t("channelTagAllTables")
          : `${t("channelTagZone")}: ${where}`;
    const buttons = (mine ? [] : this.#actions.filter((act) => act.offers(line))).map((act) => {
      const name = act.name(line);
      const button = h("button", { type: "button", class: "report", "aria-label": name, title: name }, act.label);
      button.addEventListener("click", () => act.act(line));
      return button;
    });
    const who = `${line.nickname}${line.staff ? ` (${this.#t("staffBadge")})` : ""}`;
    const text = this.#lineText(line);
    const item = h(
      "li",
      { class: `chat-line channel-${line.channel}${mine ? " mine" : ""}${line.staff ? " staff" : ""}`, "data-line": line.id },
      h("span", { class: "chat-meta" }, `${time} · ${tag}`),
      h("span", { class: "chat-name" }, who),
      h("span", { class: "chat-text" }, text),
      buttons.length > 0 ? h("span", { class: "line-actions" }, ...buttons) : null,
    );
    this.#say(`${tag} · ${who}: ${text}`);
    // The newest line shows as it comes, unless the reader has scrolled up to an earlier one
    // (then the log stays where they read); one's own line always shows.
    const log = this.log;
    const atNewest = log.scrollHeight - log.scrollTop - log.clientHeight <= NEAR_END_PX;
    this.#lines.append(item);
    while (this.#lines.children.length > MAX_LINES) this.#lines.firstElementChild?.remove();
    if (atNewest || mine) log.scrollTop = log.scrollHeight;
  }

  /**
   * Staff paused my chat until `until` (epoch ms; 0 or past: not paused). Said beside the box for
   * as long as it lasts, with what still works: a notice that fades leaves a child typing into
   * a box that looks as always, told the same again at each line.
   */
  paused(until: number): void {
    const on = until > Date.now();
    this.#paused.hidden = !on;
    this.#paused.textContent = on ? this.#t("chatPaused", { time: clockTime(until, this.#lang) }) : "";
    if (!on || until === this.#pauseEnds) return;
    this.#pauseEnds = until;
    window.setTimeout(() => this.#pauseEnds === until && this.paused(0), until - Date.now() + 500);
  }

  /** Staff took a line down: its words give way to a note saying so, and nothing can be done with it any more. */
  removed(id: string): void {
    const item = [...this.#lines.children].find((li) => (li as HTMLElement).dataset.line === id);
    if (!item) return;
    item.classList.add("removed");
    item.querySelector(".line-actions")?.remove();
    const text = item.querySelector(".chat-text");
    if (text) text.textContent = this.#t("lineRemoved");
    this.#said.replaceChildren(); // nor is it there to be read again
  }

  /**
   * A caption of someone speaking by voice ("〇〇 🔊 spoke by voice", client/voice/speaking.ts
   * keeps it to one per person per silence): in the log, and told, as a line is. Local to this page.
   */
  caption(nickname: string, text: string, at = Date.now()): void {
    this.#lines.append(h("li", { class: "chat-line voice-caption" }, h("span", { class: "chat-meta" }, clockTime(at, this.#lang)), h("span", { class: "chat-name" }, nickname), h("span", { class: "chat-text" }, text)));
    while (this.#lines.children.length > MAX_LINES) this.#lines.firstElementChild?.remove();
    this.log.scrollTop = this.log.scrollHeight;
    this.#say(`${nickname} ${text}`);
  }

  #counted(cut: boolean): void {
    const left = LIMITS.chatMaxChars - this.#input.value.length;
    const words = cut ? this.#t("chatCut", { max: LIMITS.chatMaxChars }) : left <= COUNT_FROM ? this.#t("chatRemaining", { n: left }) : "";
    this.#count.textContent = words;
    // Told when a paste was cut, and as 20, 10 and 0 are passed, not at every key (it would talk
    // over the screen reader's echo of each letter typed).
    if (cut || TELL_AT.some((at) => this.#left > at && left <= at)) this.#say(words);
    this.#left = left;
  }

  /**
   * Tells a screen reader a new line: the newest few are kept, so a burst is read in order, and
   * each goes after a while, so that reading the page later does not meet the log's lines twice.
   */
  #say(words: string): void {
    const said = h("p", {}, words);
    this.#said.append(said);
    while (this.#said.children.length > 5) this.#said.firstElementChild?.remove();
    window.setTimeout(() => said.remove(), SAID_FOR_MS);
  }

  /** The server refused my line (muted, too fast, held back): it stays in the box, and may be sent again at once. */
  refused(): void {
    this.#sent = null;
  }

  focusInput(): void {
    this.#input.focus();
  }
}
