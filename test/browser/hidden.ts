import type { Page } from "playwright-core";

/**
 * Headless Chromium keeps every page visible, so the page is told it is hidden (or shown again)
 * the way a browser would: `document.hidden`, `visibilityState` and the event. Tests and benches
 * use it to check that a hidden page draws nothing.
 */
export function setHidden(page: Page, hidden: boolean): Promise<void> {
  return page.evaluate((h) => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (h ? "hidden" : "visible") });
    Object.defineProperty(document, "hidden", { configurable: true, get: () => h });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
}
