import type { Display } from "../prefs.ts";

/**
 * Display choices as classes on the page's root, so every page (door, space, staff) follows
 * them from its first paint: text size, high contrast, reduced motion, furigana.
 */
export function applyDisplay(d: Display, root: HTMLElement = document.documentElement): void {
  root.classList.toggle("text-large", d.textSize === "large");
  root.classList.toggle("text-larger", d.textSize === "larger");
  root.classList.toggle("high-contrast", d.highContrast);
  root.classList.toggle("reduce-motion", d.reducedMotion);
  root.classList.toggle("furigana", d.furigana);
}

/** The system's wish for less motion (the person's own choice in settings wins). */
export function systemReducedMotion(): boolean {
  return typeof window.matchMedia === "function" && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}

/** A touch screen without a fine pointer beside it: show the joystick and larger targets. */
export function coarsePointer(): boolean {
  return typeof window.matchMedia === "function" && window.matchMedia("(pointer: coarse)").matches;
}
