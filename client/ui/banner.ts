import type { Translate } from "../i18n/index.ts";
import { h } from "./dom.ts";

/**
 * Announcements (staff's, or an event's MC's): a banner at the top that stays until closed, read
 * out politely; `onReport` offers the report button for one from another child.
 */
export function showBanner(host: HTMLElement, t: Translate, text: string, by: string, onReport?: () => void): void {
  const close = h("button", { type: "button", class: "banner-close", "aria-label": t("close") }, "×");
  const report = onReport ? h("button", { type: "button", class: "report", "aria-label": t("reportAnnouncement") }, t("report")) : null;
  report?.addEventListener("click", onReport ?? (() => {}));
  const banner = h(
    "div",
    { class: "banner", role: "status" },
    h("strong", {}, `${t("announcement")}（${by}）`),
    h("span", { class: "banner-text" }, text),
    report,
    close,
  );
  close.addEventListener("click", () => banner.remove());
  host.querySelector(".banner")?.remove();
  host.prepend(banner);
}
