import type { MessageKey, Translate } from "../i18n/index.ts";
import { h, setText } from "./dom.ts";
import { coarsePointer } from "./display.ts";

/** Walking is told the way this device walks: the joystick shows where the pointer is coarse (space/access.ts). */
const steps = (touch: boolean): ReadonlyArray<[title: MessageKey, text: MessageKey]> => [
  ["tour1Title", "tour1Text"],
  ["tour2Title", touch ? "tour2TextTouch" : "tour2Text"],
  ["tour3Title", "tour3Text"],
  ["tour4Title", "tour4Text"],
];

/**
 * The first-visit guide: four short cards over the 3D view, the first saying it is fine to just
 * be here. Not modal (the space stays usable behind it), skippable at any step, closed by Escape.
 */
export class Tour {
  readonly element: HTMLDialogElement;
  readonly #title: HTMLElement;
  readonly #text: HTMLElement;
  readonly #count: HTMLElement;
  readonly #back: HTMLButtonElement;
  readonly #next: HTMLButtonElement;
  readonly #t: Translate;
  readonly #onClose: () => void;
  #step = 0;
  readonly #steps = steps(coarsePointer());

  constructor(t: Translate, onClose: () => void) {
    this.#t = t;
    this.#onClose = onClose;
    this.#title = h("h2", { id: "tour-title", tabindex: -1 });
    this.#text = h("p", { id: "tour-text" });
    this.#count = h("p", { class: "tour-count" });
    this.#back = h("button", { type: "button" }, t("tourBack"));
    this.#next = h("button", { type: "button", class: "primary" });
    const skip = h("button", { type: "button", class: "tour-skip" }, t("tourSkip"));
    this.#back.addEventListener("click", () => this.#show(this.#step - 1));
    this.#next.addEventListener("click", () => (this.#step === this.#steps.length - 1 ? this.close() : this.#show(this.#step + 1)));
    skip.addEventListener("click", () => this.close());
    this.element = h(
      "dialog",
      { class: "tour", "aria-labelledby": "tour-title", "aria-describedby": "tour-text", "aria-roledescription": t("tour") },
      // Read out again when the step changes while focus stays on the button pressed.
      h("div", { "aria-live": "polite", "aria-atomic": "true" }, this.#count, this.#title, this.#text),
      h("div", { class: "dialog-actions" }, skip, this.#back, this.#next),
    );
    this.element.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      this.close();
    });
  }

  /** Shows the first step inside `host` and puts focus on it, so a screen reader reads it. */
  open(host: HTMLElement): void {
    host.append(this.element);
    this.element.show();
    this.#show(0);
    this.#title.focus();
  }

  close(): void {
    if (!this.element.open) return;
    this.element.close();
    this.element.remove();
    this.#onClose();
  }

  #show(step: number): void {
    this.#step = Math.max(0, Math.min(this.#steps.length - 1, step));
    const [title, text] = this.#steps[this.#step] ?? this.#steps[0] ?? ["tour1Title", "tour1Text"];
    setText(this.#count, this.#t("tourStep", { n: this.#step + 1, total: this.#steps.length }));
    setText(this.#title, this.#t(title));
    setText(this.#text, this.#t(text));
    this.#back.hidden = this.#step === 0;
    setText(this.#next, this.#t(this.#step === this.#steps.length - 1 ? "tourDone" : "tourNext"));
    if (this.#back.hidden && document.activeElement === this.#back) this.#next.focus();
  }
}
