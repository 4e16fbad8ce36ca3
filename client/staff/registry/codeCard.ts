import qrcode from "qrcode-generator";
import { h } from "../../ui/dom.ts";
import type { StaffTranslate } from "../i18n.ts";

/**
 * The access code as a card to print and hand over. The code is shown only here, once; the
 * print style sheet (staff.css) prints this card and nothing else.
 */
export function codeCard(st: StaffTranslate, orgName: string, nickname: string, code: string, onClose: () => void): HTMLElement {
  const title = h("h3", { class: "code-card-name", tabindex: -1 }, nickname);
  const print = h("button", { type: "button", class: "primary" }, `🖨 ${st("print")}`);
  print.addEventListener("click", () => window.print());
  const close = h("button", { type: "button" }, st("closeCard"));
  close.addEventListener("click", onClose);
  return h(
    "section",
    { class: "code-card", "aria-label": st("codeCardFor", { name: nickname }) },
    h("p", { class: "code-card-org" }, orgName),
    title,
    h("p", { class: "code-card-code", translate: "no", spellcheck: "false" }, code),
    h("p", { class: "code-card-hint" }, st("codeCardHint")),
    h("p", { class: "code-card-url" }, `${location.origin}/`),
    qrImage(`${location.origin}/?code=${encodeURIComponent(code)}`, st("qrAlt")),
    // The card carries this page's address: printed from "localhost" it would open nothing on a tablet.
    LOCAL_ONLY.test(location.hostname) ? h("p", { class: "code-card-warning", role: "alert" }, st("codeCardLocalOnly", { url: location.origin })) : null,
    h("div", { class: "code-card-actions" }, print, close),
  );
}

const LOCAL_ONLY = /^(localhost|127(\.\d+){3}|\[::1\])$/;

/** A QR code of the page's address with the code in it: a tablet's camera opens the door pre-filled. */
function qrImage(url: string, alt: string): HTMLImageElement {
  const qr = qrcode(0, "M");
  qr.addData(url);
  qr.make();
  return h("img", { class: "code-card-qr", src: qr.createDataURL(5, 2), alt, width: qr.getModuleCount() * 5 + 20, height: qr.getModuleCount() * 5 + 20 });
}
