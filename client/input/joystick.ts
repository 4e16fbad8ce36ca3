import { h } from "../ui/dom.ts";
import type { Direction, DirectionSource } from "./keyboard.ts";

/** Below this share of the radius the stick rests, so a resting thumb does not drift. */
const DEAD_ZONE = 0.2;

/**
 * An on-screen stick for touch screens: drag the knob and the avatar walks that way, as the
 * arrow keys do (it feeds the same direction input). Hidden from assistive technology: the
 * "go to" buttons are the way to move for those users.
 */
export class Joystick implements DirectionSource {
  readonly element: HTMLElement;
  readonly #knob: HTMLElement;
  #pointer: number | null = null;
  #vector: Direction | null = null;
  readonly #onStart: () => void;

  constructor(label: string, onStart: () => void = () => {}) {
    this.#onStart = onStart;
    this.#knob = h("span", { class: "joystick-knob" });
    this.element = h("div", { class: "joystick", "aria-hidden": "true", title: label }, this.#knob);
    this.element.addEventListener("pointerdown", (e) => {
      if (this.#pointer !== null) return;
      e.preventDefault();
      this.#pointer = e.pointerId;
      this.element.setPointerCapture?.(e.pointerId);
      this.element.classList.add("active");
      this.#onStart();
      this.#move(e);
    });
    this.element.addEventListener("pointermove", (e) => e.pointerId === this.#pointer && this.#move(e));
    for (const type of ["pointerup", "pointercancel", "lostpointercapture"] as const) {
      this.element.addEventListener(type, (e) => e.pointerId === this.#pointer && this.#release());
    }
  }

  direction(): Direction | null {
    return this.#vector;
  }

  #move(e: PointerEvent): void {
    const box = this.element.getBoundingClientRect();
    const radius = box.width / 2;
    let dx = (e.clientX - (box.left + radius)) / radius;
    let dz = (e.clientY - (box.top + radius)) / radius;
    const length = Math.hypot(dx, dz);
    if (length > 1) {
      dx /= length;
      dz /= length;
    }
    const reach = Math.min(1, length);
    this.#vector = reach < DEAD_ZONE ? null : { x: dx, z: dz };
    // Through the CSSOM: the page's CSP forbids style attributes.
    this.#knob.style.transform = `translate(${dx * radius * 0.6}px, ${dz * radius * 0.6}px)`;
  }

  #release(): void {
    this.#pointer = null;
    this.#vector = null;
    this.#knob.style.transform = "";
    this.element.classList.remove("active");
  }
}
