import type { Translate } from "../i18n/index.ts";
import { h, setText } from "./dom.ts";

/** A calm progress bar while the 3D space is prepared for the staff page (a student's door has its own, under Enter: client/ui/join.ts). */
export class LoadingScreen {
  readonly element: HTMLElement;
  readonly #bar: HTMLProgressElement;
  readonly #step: HTMLElement;

  constructor(t: Translate) {
    this.#bar = h("progress", { max: 100, value: 0, "aria-label": t("loading") });
    this.#step = h("p", { class: "loading-step", "aria-live": "polite" }, t("loading"));
    this.element = h(
      "main",
      { class: "screen loading", "aria-busy": "true" },
      h("h1", { class: "brand" }, t("appName")),
      h("p", { class: "tagline" }, t("tagline")),
      this.#bar,
      this.#step,
    );
  }

  progress(fraction: number, step: string): void {
    this.#bar.value = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
    setText(this.#step, step);
  }

  fail(message: string): void {
    this.element.setAttribute("aria-busy", "false");
    this.#step.setAttribute("role", "alert");
    setText(this.#step, message);
  }

  remove(): void {
    this.element.remove();
  }
}
