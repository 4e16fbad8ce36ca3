import type { Page } from "playwright-core";
import { expect } from "vitest";

/**
 * What has keyboard focus, as the keyboard journeys name it: `#id` for the 3D view, a form field
 * or a heading the page moved focus to; otherwise the accessible-ish name (aria-label, else the
 * text as shown: innerText, with furigana off and visually hidden words run together).
 */
export const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!(el instanceof HTMLElement)) return "";
    if (el.id && (el.tagName === "INPUT" || el.tagName === "CANVAS" || /^H\d$/.test(el.tagName))) return `#${el.id}`;
    return el.getAttribute("aria-label") ?? el.innerText.replace(/\n/g, "").trim();
  });

/** Presses Tab (or `key`) until `name` has focus; fails after `max` presses (a trap, or a missing control). */
export async function tabTo(page: Page, name: string, max = 40, key = "Tab"): Promise<void> {
  // The way focus went is kept for the failure message: a journey that loses its way says where.
  const path: string[] = [];
  for (let i = 0; i < max && path[path.length - 1] !== name; i++) {
    path.push(await focused(page));
    if (path[path.length - 1] !== name) await page.keyboard.press(key);
  }
  expect(await focused(page), `${key} ×${path.length} went: ${path.join(" → ")}`).toBe(name);
}
