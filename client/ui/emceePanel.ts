import { LIMITS } from "../../shared/domain/limits.ts";
import type { Translate } from "../i18n/index.ts";
import { h } from "./dom.ts";

/**
 * The MC's announcement box (司会): shown only while staff have handed this student the
 * announcements. The server decides (it refuses an announcement from anyone else, and filters a
 * student's words as it does their chat); this only hides the box from those who cannot use it.
 */
export class EmceePanel {
  readonly element: HTMLElement;
  readonly #text: HTMLInputElement;

  constructor(t: Translate, send: (text: string) => void) {
    this.#text = h("input", { id: "emcee-text", type: "text", maxlength: LIMITS.chatMaxChars, autocomplete: "off" });
    const button = h("button", { type: "submit", class: "primary" }, t("emceeSend"));
    const form = h("form", { class: "emcee-form" }, h("label", { for: "emcee-text" }, t("emceeLead")), this.#text, button);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const text = this.#text.value.trim();
      if (!text) return;
      send(text);
      this.#text.value = "";
    });
    this.element = h("section", { class: "emcee", "aria-labelledby": "emcee-title", hidden: true }, h("h2", { id: "emcee-title" }, `🎤 ${t("emceeTitle")}`), form);
  }

  show(on: boolean): void {
    this.element.hidden = !on;
  }
}
