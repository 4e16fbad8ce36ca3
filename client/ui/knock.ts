import type { Lang, Translate } from "../i18n/index.ts";
import { h } from "./dom.ts";
import { rubyTranslator } from "./ruby.ts";

/**
 * A counsellor's knock: a small dialog the student answers. It takes focus so keyboard and
 * screen-reader users meet it at once, and either answer is fine.
 */
export function showKnock(t: Translate, lang: Lang, by: string, answer: (accept: boolean) => void): HTMLDialogElement {
  const accept = h("button", { type: "button", class: "primary" }, t("knockAccept"));
  const decline = h("button", { type: "button" }, t("knockDecline"));
  const dialog = h(
    "dialog",
    { class: "knock", "aria-labelledby": "knock-title", "aria-describedby": "knock-text" },
    h("h2", { id: "knock-title" }, `🚪 ${t("knockTitle")}`),
    h("p", { id: "knock-text" }, ...rubyTranslator(lang)("knockText", { name: by })),
    h("div", { class: "dialog-actions" }, accept, decline),
  );
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const close = (yes: boolean) => {
    answer(yes);
    dialog.close();
    dialog.remove();
    // Back where the student was (if still there), else the 3D view.
    (opener?.isConnected ? opener : document.getElementById("space-view"))?.focus();
  };
  accept.addEventListener("click", () => close(true));
  decline.addEventListener("click", () => close(false));
  dialog.addEventListener("cancel", (e) => {
    e.preventDefault();
    close(false);
  });
  document.body.append(dialog);
  dialog.showModal();
  accept.focus();
  return dialog;
}

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
