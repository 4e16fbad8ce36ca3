import { zoneById } from "../../../shared/domain/zones.ts";
import type { HelpRequest } from "../../../shared/protocol/events.ts";
import { type Lang, clockTime } from "../../i18n/index.ts";
import { h, setText } from "../../ui/dom.ts";
import type { StaffKey } from "../dictionary.ts";
import type { StaffTranslate } from "../i18n.ts";

export const KIND_TEXT: Record<HelpRequest["kind"], StaffKey> = {
  help: "kindHelp",
  talk: "kindTalk",
  report: "kindReport",
  flag: "kindFlag",
};

/**
 * Help requests, wishes to talk, reports and held-back messages, oldest first. The server sends
 * the whole queue each time; items are kept by id so a focused "Answer" button is not rebuilt.
 */
export class HelpQueueList {
  readonly element: HTMLElement;
  readonly #list: HTMLOListElement;
  readonly #count: HTMLElement;
  readonly #empty: HTMLElement;
  readonly #items = new Map<string, HTMLLIElement>();
  #first = true;

  constructor(
    private readonly st: StaffTranslate,
    private readonly lang: Lang,
    private readonly onAnswer: (id: string) => void,
    /** A report or held line was read: the reporter sees "looked at", the other staff see by whom. */
    private readonly onRead: (id: string) => void = () => {},
  ) {
    this.#list = h("ol", { class: "queue", "aria-label": st("helpQueue") });
    this.#count = h("span", { class: "count" });
    this.#empty = h("p", { class: "empty" }, st("queueEmpty"));
    this.element = h(
      "section",
      { class: "console-section queue-section", "aria-labelledby": "queue-title" },
      h("h3", { id: "queue-title", tabindex: -1 }, st("helpQueue"), " ", this.#count),
      this.#empty,
      this.#list,
    );
  }

  #focusAfterAnswer(): void {
    const next = this.#list.querySelector<HTMLButtonElement>("button");
    (next ?? this.element.querySelector<HTMLElement>("#queue-title"))?.focus();
  }

  /** Shows the queue; returns the items that are new since the last one (none for the first). */
  update(items: readonly HelpRequest[]): HelpRequest[] {
    const sorted = [...items].sort((a, b) => a.at - b.at);
    const ids = new Set(sorted.map((i) => i.id));
    let focusLost = false;
    for (const [id, li] of this.#items) {
      if (!ids.has(id)) {
        focusLost ||= li.contains(document.activeElement);
        li.remove();
        this.#items.delete(id);
      }
    }
    const fresh: HelpRequest[] = [];
    for (const item of sorted) {
      const shown = this.#items.get(item.id);
      if (shown) {
        this.#showRead(shown, item);
        continue;
      }
      const li = this.#item(item, !this.#first);
      this.#items.set(item.id, li);
      this.#list.append(li);
      if (!this.#first) fresh.push(item);
    }
    this.#first = false;
    setText(this.#count, sorted.length > 0 ? `(${sorted.length})` : "");
    this.#empty.hidden = sorted.length > 0;
    this.element.classList.toggle("waiting", sorted.length > 0);
    // An answered item leaves with the focus on it: keep a keyboard user in the queue, not at the top of the page.
    if (focusLost) this.#focusAfterAnswer();
    return fresh;
  }

  /** Scrolls the item into view and puts the focus on its first button (from the calls card over the 3D view). */
  show(id: string): void {
    const li = this.#items.get(id);
    if (!li) return;
    li.scrollIntoView({ block: "center" });
    li.querySelector<HTMLButtonElement>("button")?.focus({ preventScroll: true });
  }

  /** "Help: はるか (Quiet corner)", for the notice when a request arrives. */
  describe(item: HelpRequest): string {
    return this.st("newRequest", { kind: this.st(KIND_TEXT[item.kind]), name: item.nickname, zone: zoneById(item.zone).name[this.lang] });
  }

  #item(item: HelpRequest, fresh: boolean): HTMLLIElement {
    const { st } = this;
    const kind = st(KIND_TEXT[item.kind]);
    const time = clockTime(item.at, this.lang);
    const answer = h("button", { type: "button", class: "small primary", "aria-label": st("answerName", { name: item.nickname, kind }) }, st("answer"));
    answer.addEventListener("click", () => {
      // The server's next queue removes the item; if it never comes, the button works again.
      // aria-disabled, not disabled: a disabled button drops the keyboard focus to the top of the page.
      if (answer.getAttribute("aria-disabled") === "true") return;
      answer.setAttribute("aria-disabled", "true");
      this.onAnswer(item.id);
      window.setTimeout(() => answer.removeAttribute("aria-disabled"), 5000);
    });
    const sensitive = item.kind === "flag" || item.kind === "report";
    return h(
      "li",
      { class: `queue-item kind-${item.kind}${fresh ? " fresh" : ""}`, "data-id": item.id },
      h(
        "p",
        { class: "queue-head" },
        h("span", { class: "queue-kind" }, kind),
        h("span", { class: "queue-name" }, item.nickname),
        h("span", { class: "queue-meta" }, `${zoneById(item.zone).name[this.lang]} · `, h("time", { datetime: new Date(item.at).toISOString() }, time)),
      ),
      sensitive && item.about ? h("p", { class: "queue-about" }, st(item.kind === "flag" ? "queueWord" : "queueAbout", { text: item.about })) : null,
      sensitive && item.detail ? h("p", { class: "queue-detail" }, st("queueDetail", { text: item.detail })) : null,
      sensitive ? this.#showRead(h("p", { class: "queue-read" }), item) : null,
      answer,
    );
  }

  /** "Mark as read" until someone has; then who did. Updated in place (the item is never rebuilt). */
  #showRead<T extends HTMLElement>(slot: T, item: HelpRequest): T {
    const target = slot.classList.contains("queue-read") ? slot : slot.querySelector<HTMLElement>(".queue-read");
    if (!target || target.dataset.readBy === (item.readBy ?? "")) return slot;
    target.dataset.readBy = item.readBy ?? "";
    const hadFocus = target.contains(document.activeElement);
    if (item.readBy !== undefined) {
      target.replaceChildren(this.st("queueReadBy", { name: item.readBy }));
      if (hadFocus) target.parentElement?.querySelector<HTMLButtonElement>("button")?.focus();
    } else {
      const read = h("button", { type: "button", class: "small", "aria-label": this.st("queueMarkReadName", { name: item.nickname }) }, this.st("queueMarkRead"));
      read.addEventListener("click", () => this.onRead(item.id));
      target.replaceChildren(read);
    }
    return slot;
  }
}
