import { WELCOME_LINK_DAYS, type WelcomeLink } from "../../../shared/protocol/http.ts";
import { h, setText } from "../../ui/dom.ts";
import type { StaffTranslate } from "../i18n.ts";

/**
 * A welcome (or password reset) link just made for someone, to pass on to them alone: the
 * address in a read-only box with a copy button, how long it works, and that whoever made it
 * never learns the password. Shown once; a lost link is replaced by a new one from the list.
 */
export function welcomeLinkBox(st: StaffTranslate, who: { displayName: string }, link: WelcomeLink, reset: boolean, onClose: () => void): HTMLElement {
  const name = who.displayName;
  const id = `welcome-link-${Math.random().toString(36).slice(2, 8)}`;
  const title = h("h3", { tabindex: -1 }, st(reset ? "resetLinkFor" : "welcomeLinkFor", { name }));
  const address = h("input", { id, type: "text", class: "welcome-link-url", readonly: true, value: link.url, spellcheck: "false", autocapitalize: "none", "aria-describedby": `${id}-how` });
  address.addEventListener("focus", () => address.select());
  const said = h("p", { class: "welcome-link-said", "aria-live": "polite" });
  const copy = h("button", { type: "button", class: "primary" }, st("copyLink"));
  copy.addEventListener("click", () => {
    void copyText(address).then((ok) => setText(said, st(ok ? "copied" : "copyFailed")));
  });
  const close = h("button", { type: "button" }, st("closeLink"));
  close.addEventListener("click", onClose);
  const lang = document.documentElement.lang === "en" ? "en-GB" : "ja-JP";
  const until = new Date(link.expiresAt).toLocaleString(lang, { dateStyle: "long", timeStyle: "short" });
  const host = new URL(link.url).hostname;
  return h(
    "section",
    { class: "welcome-link", "aria-labelledby": `${id}-title` },
    Object.assign(title, { id: `${id}-title` }),
    h("p", { id: `${id}-how` }, st("welcomeLinkHow", { name })),
    h("label", { for: id }, st("welcomeLinkLabel")),
    h("div", { class: "welcome-link-row" }, address, copy),
    said,
    h("p", {}, st("welcomeLinkWhen", { date: until, days: WELCOME_LINK_DAYS })),
    reset ? h("p", {}, st("resetLinkNote", { name })) : null,
    // A link made on "localhost" opens nothing on the person's own device.
    LOCAL_ONLY.test(host) ? h("p", { class: "code-card-warning" }, st("welcomeLocalOnly", { url: new URL(link.url).origin })) : null,
    h("div", { class: "code-card-actions" }, close),
  );
}

const LOCAL_ONLY = /^(localhost|127(\.\d+){3}|\[::1\])$/;

/** The clipboard where the page may use it (HTTPS or localhost); otherwise the old way, from the selected box. */
async function copyText(input: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(input.value);
    return true;
  } catch {
    input.focus();
    input.select();
    return document.execCommand("copy");
  }
}
