import type { Translate } from "../i18n/index.ts";
import { h } from "./dom.ts";

/**
 * The top bar: the name of the place (the page's heading), how to move, the page's own buttons
 * (settings, keyboard help) and the sound toggle, whose choice persists. A banner landmark,
 * unless the page already has one (the staff page's bar).
 */
export class Toolbar {
  readonly element: HTMLElement;
  readonly #sound: HTMLButtonElement;
  readonly #t: Translate;

  constructor(t: Translate, soundOn: boolean, onSound: (on: boolean) => void, help: string, buttons: HTMLElement[] = [], banner = true) {
    this.#t = t;
    this.#sound = h("button", { type: "button", class: "sound-toggle", "aria-pressed": soundOn });
    this.#sound.addEventListener("click", () => {
      const on = this.#sound.getAttribute("aria-pressed") !== "true";
      this.#render(on);
      onSound(on);
    });
    this.#render(soundOn);
    this.element = h(
      banner ? "header" : "section",
      { class: "toolbar", "aria-label": banner ? undefined : t("toolbar") },
      h("h1", { class: "brand-small" }, t("appName")),
      h("span", { class: "move-help" }, help),
      h("div", { class: "toolbar-buttons" }, ...buttons, this.#sound),
    );
  }

  /** The name stays "Sound" and aria-pressed carries the state; sighted users see both in the text. */
  #render(on: boolean): void {
    this.#sound.setAttribute("aria-pressed", String(on));
    this.#sound.replaceChildren(
      speakerIcon(on),
      h("span", {}, this.#t("soundLabel")),
      h("span", { class: "state", "aria-hidden": "true" }, ` ${this.#t(on ? "stateOn" : "stateOff")}`),
    );
  }
}

/** A small speaker drawn in SVG (emoji fonts are missing on many school devices). */
function speakerIcon(on: boolean): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  const paths = ["M4 9h4l5-4v14l-5-4H4z", on ? "M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12" : "M16.5 9.5l5 5M21.5 9.5l-5 5"];
  for (const d of paths) {
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", d);
    path.setAttribute("fill", d.startsWith("M4") ? "currentColor" : "none");
    path.setAttribute("stroke", "currentColor");
    path.setAttribute("stroke-width", "2");
    path.setAttribute("stroke-linecap", "round");
    svg.append(path);
  }
  return svg;
}
