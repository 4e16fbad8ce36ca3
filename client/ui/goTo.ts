import { ZONES, type ZoneId } from "../../shared/domain/zones.ts";
import { type Lang, type Translate, localName, template } from "../i18n/index.ts";
import { h } from "./dom.ts";
import { zoneRuby } from "./ruby.ts";

/**
 * "Go to" a place without steering: one button per zone. For screen-reader, keyboard and
 * switch users alike; the avatar walks there through the doorways.
 */
export class GoToPanel {
  readonly element: HTMLElement;
  readonly #buttons = new Map<ZoneId, HTMLButtonElement>();
  readonly #closedWord: string;

  constructor(t: Translate, lang: Lang, onGo: (zone: ZoneId) => void) {
    this.#closedWord = t("goToClosed");
    // "Go to {zone}": only the zone is seen; the rest is read out, so the name holds the visible text.
    const [before = "", after = ""] = template(lang, "goToZone").split("{zone}");
    const group = h("div", { class: "go-to-buttons", role: "group", "aria-labelledby": "go-to-title" });
    for (const zone of ZONES) {
      const name = localName(zone.name, lang);
      const button = h(
        "button",
        { type: "button", class: "go-to", "data-zone": zone.id },
        before ? h("span", { class: "visually-hidden" }, before) : null,
        ...zoneRuby(zone.id, name, lang),
        after ? h("span", { class: "visually-hidden" }, after) : null,
      );
      button.addEventListener("click", () => onGo(zone.id));
      this.#buttons.set(zone.id, button);
      group.append(button);
    }
    this.element = h("div", { class: "go-to-panel" }, h("h2", { id: "go-to-title" }, t("goTo")), group);
  }

  /** Marks the zone I am in (its button still works: it walks to the middle of the zone). */
  setCurrent(zone: ZoneId): void {
    for (const [id, button] of this.#buttons) {
      if (id === zone) button.setAttribute("aria-current", "location");
      else button.removeAttribute("aria-current");
    }
  }

  /**
   * Marks a place closed to me (the counselling room while a talk is on in it): seen (🔒) and
   * heard in the button's name before the walk, not learnt at its door. The button still answers
   * a press, with what to do instead (SpaceShell.goToZone).
   */
  setClosed(zone: ZoneId, closed: boolean): void {
    const button = this.#buttons.get(zone);
    if (!button || button.classList.contains("closed") === closed) return;
    button.classList.toggle("closed", closed);
    if (closed) button.append(h("span", { class: "go-to-closed" }, h("span", { "aria-hidden": "true" }, " 🔒"), h("span", { class: "visually-hidden" }, this.#closedWord)));
    else button.querySelector(".go-to-closed")?.remove();
  }

  focus(): void {
    this.#buttons.values().next().value?.focus();
  }
}
