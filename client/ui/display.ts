import type { Display, TextSize } from "../prefs.ts";

/**
 * How many times larger each text size makes the page's words (the root font sizes in style.css:
 * 17, 20 and 23 px); the 3D view's name tags and bubbles grow as much (SpaceView.setTextScale).
 */
export const TEXT_SCALE: Record<TextSize, number> = { normal: 1, large: 20 / 17, larger: 23 / 17 };

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
