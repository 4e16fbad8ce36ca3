import type { Translate } from "../i18n/index.ts";
import { h } from "./dom.ts";

/** The top bar: the name of the place and the sound toggle, whose choice persists. */
export class Toolbar {
  readonly element: HTMLElement;
  readonly #sound: HTMLButtonElement;
  readonly #t: Translate;

  constructor(t: Translate, soundOn: boolean, onSound: (on: boolean) => void, help: string) {
    this.#t = t;
    this.#sound = h("button", { type: "button", class: "sound-toggle", "aria-pressed": soundOn });
    this.#sound.addEventListener("click", () => {
      const on = this.#sound.getAttribute("aria-pressed") !== "true";
      this.#render(on);
      onSound(on);
    });
    this.#render(soundOn);
    this.element = h(
      "header",
      { class: "toolbar" },
      h("span", { class: "brand-small" }, t("appName")),
      h("span", { class: "move-help" }, help),
      this.#sound,
    );
  }

  /** The name stays "Sound" and aria-pressed carries the state; sighted users see both in the text. */
  #render(on: boolean): void {
    this.#sound.setAttribute("aria-pressed", String(on));
    this.#sound.replaceChildren(
      h("span", { "aria-hidden": "true" }, on ? "🔔 " : "🔕 "),
      h("span", {}, this.#t("soundLabel")),
      h("span", { class: "state", "aria-hidden": "true" }, ` ${this.#t(on ? "stateOn" : "stateOff")}`),
    );
  }
}
