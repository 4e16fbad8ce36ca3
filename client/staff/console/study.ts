import type { Studying } from "../../../shared/protocol/lessonEvents.ts";
import { type Lang, clockTime } from "../../i18n/index.ts";
import type { AvatarView } from "../../net/connection.ts";
import { h } from "../../ui/dom.ts";
import { goalLine } from "../../ui/studyWords.ts";
import type { StaffTranslate } from "../i18n.ts";

/**
 * The self-study corner as staff see it (issue 15): their own organisation's children at the
 * self-study desks, since when and for how long, today's goal if they set one, and the learning
 * site they have open now (so a still avatar is not a worry). Read only: a counsellor who wants
 * to check in goes over, or greets, as with anyone (the people list above).
 */
export class StudyConsole {
  readonly element: HTMLElement;
  readonly #list: HTMLUListElement;
  readonly #names = new Map<string, string>();
  #desks: Studying[] = [];

  constructor(
    private readonly st: StaffTranslate,
    private readonly lang: Lang,
  ) {
    this.#list = h("ul", { class: "study-list", "aria-label": st("studyList") });
    this.element = h(
      "section",
      { class: "console-section study-console", "aria-labelledby": "study-console-title" },
      h("h3", { id: "study-console-title" }, `📚 ${st("studyConsole")}`),
      this.#list,
    );
    this.#render();
  }

  /** Someone's name, for the list (every change of anyone's avatar comes here: only a new name redraws). */
  person(avatar: AvatarView): void {
    if (this.#names.get(avatar.id) === avatar.nickname) return;
    this.#names.set(avatar.id, avatar.nickname);
    if (this.#desks.some((d) => d.id === avatar.id)) this.#render();
  }

  gone(id: string): void {
    this.#names.delete(id);
  }

  desks(desks: Studying[]): void {
    this.#desks = desks;
    this.#render();
  }

  /** The minutes move on (the console's refresh timer). */
  refresh(): void {
    this.#render();
  }

  #render(): void {
    const items = this.#desks.map((d) => {
      const time = clockTime(d.since, this.lang);
      const minutes = Math.max(0, Math.floor((Date.now() - d.since) / 60_000));
      return h(
        "li",
        { "data-id": d.id },
        h("strong", {}, this.#names.get(d.id) ?? "?"),
        ` ${this.st("studySince", { time, minutes })}`,
        h("span", { class: "study-goal" }, d.goal ? this.st("studyGoal", { goal: goalLine(this.lang, d.goal) }) : this.st("studyNoGoal")),
        d.site ? h("span", { class: "study-site" }, this.st("studyOnSite", { site: d.site })) : null,
      );
    });
    this.#list.replaceChildren(...(items.length ? items : [h("li", { class: "empty" }, this.st("studyNone"))]));
  }
}
