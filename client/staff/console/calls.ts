import { zoneById } from "../../../shared/domain/zones.ts";
import type { HelpRequest } from "../../../shared/protocol/events.ts";
import { type Lang, clockTime } from "../../i18n/index.ts";
import { h, setText } from "../../ui/dom.ts";
import type { StaffTranslate } from "../i18n.ts";
import { KIND_TEXT } from "./queue.ts";

export interface CallActions {
  answer(id: string): void;
  /** Brings the item into view in the console's queue, with the focus on it. */
  show(id: string): void;
  /** Walks to the child (false: they are not in the space, so there is no one to go to). */
  goTo(from: string): boolean;
  /** Whether the child is in the space now. */
  present(from: string): boolean;
  /** Where the focus goes when the last call it was on is answered (by anyone). */
  focusAway(): void;
}

/**
 * The calls waiting for staff (help, a wish to talk, reports, held-back lines), over the 3D view
 * where a counsellor is looking: they stay until someone answers them, whichever part of the long
 * console is scrolled into view. Calm, not flashing; the polite notice already said each aloud,
 * so this card is not a live region. The tab's title counts them too, for a counsellor in another tab.
 */
export class CallsCard {
  readonly element: HTMLElement;
  readonly #title: HTMLElement;
  readonly #list: HTMLOListElement;
  readonly #items = new Map<string, HTMLLIElement>();
  readonly #baseTitle = document.title;

  constructor(
    private readonly st: StaffTranslate,
    private readonly lang: Lang,
    private readonly actions: CallActions,
  ) {
    this.#title = h("h2", { id: "calls-title" });
    this.#list = h("ol", { class: "calls-list" });
    this.element = h("section", { class: "calls", "aria-labelledby": "calls-title", hidden: true }, this.#title, h("p", { class: "calls-lead" }, st("callsLead")), this.#list);
  }

  /** The whole queue as the server sent it, oldest first. */
  update(items: readonly HelpRequest[]): void {
    const sorted = [...items].sort((a, b) => a.at - b.at);
    const ids = new Set(sorted.map((i) => i.id));
    let focusLost = false;
    for (const [id, li] of this.#items) {
      if (ids.has(id)) continue;
      focusLost ||= li.contains(document.activeElement);
      li.remove();
      this.#items.delete(id);
    }
    for (const item of sorted) {
      if (this.#items.has(item.id)) continue;
      const li = this.#item(item);
      this.#items.set(item.id, li);
      this.#list.append(li);
    }
    const n = sorted.length;
    setText(this.#title, `🔔 ${this.st("calls", { n })}`);
    this.element.hidden = n === 0;
    document.title = n > 0 ? `(${n}) ${this.#baseTitle}` : this.#baseTitle;
    if (focusLost) {
      const next = this.#list.querySelector<HTMLButtonElement>("button");
      if (next) next.focus();
      else this.actions.focusAway();
    }
  }

  #item(item: HelpRequest): HTMLLIElement {
    const { st, actions } = this;
    const kind = st(KIND_TEXT[item.kind]);
    const name = item.nickname;
    const time = clockTime(item.at, this.lang);
    const answer = h("button", { type: "button", class: "small primary", "aria-label": st("answerName", { name, kind }) }, st("answer"));
    answer.addEventListener("click", () => {
      // As in the queue: the server's next queue takes the call away; if it never comes, the button works again.
      if (answer.getAttribute("aria-disabled") === "true") return;
      answer.setAttribute("aria-disabled", "true");
      actions.answer(item.id);
      window.setTimeout(() => answer.removeAttribute("aria-disabled"), 5000);
    });
    const show = h("button", { type: "button", class: "small", "aria-label": st("callShowName", { name, kind }) }, st("callShow"));
    show.addEventListener("click", () => actions.show(item.id));
    // Going to a child who is no longer in the space would walk nowhere.
    const goTo = actions.present(item.from) ? h("button", { type: "button", class: "small", "aria-label": st("callGoToName", { name }) }, st("callGoTo")) : null;
    goTo?.addEventListener("click", () => {
      if (!actions.goTo(item.from)) goTo.remove();
    });
    return h(
      "li",
      { class: `call kind-${item.kind}`, "data-id": item.id },
      h(
        "p",
        { class: "call-head" },
        h("span", { class: "queue-kind" }, kind),
        h("span", { class: "queue-name" }, name),
        h("span", { class: "queue-meta" }, `${zoneById(item.zone).name[this.lang]} · `, h("time", { datetime: new Date(item.at).toISOString() }, time)),
      ),
      h("p", { class: "call-actions" }, answer, goTo, show),
    );
  }
}
