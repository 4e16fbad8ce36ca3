import qrcode from "qrcode-generator";
import { saveResponse } from "../download.ts";
import { h } from "../../ui/dom.ts";
import type { StaffTranslate } from "../i18n.ts";

/**
 * The access code as a card to print and hand over. The code is shown only here, once; the
 * print style sheet (staff.css) prints this card and nothing else.
 */
export function codeCard(st: StaffTranslate, orgName: string, child: { id: string; nickname: string }, code: string, onClose: () => void): HTMLElement {
  const nickname = child.nickname;
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
    letterForm(st, child.id, code),
  );
}

/** Where the contact line is remembered in this staff browser (it is the same on every letter). */
const CONTACT_KEY = "hidamari.letterContact";

/**
 * The guardians' letter (issue 18) for this child, made now while the code is known: a PDF in
 * Japanese (with furigana) or English, with how to come in, the hours, what is recorded and the
 * contact typed here. Downloaded as a file to print or send.
 */
function letterForm(st: StaffTranslate, studentId: string, code: string): HTMLElement {
  const contact = h("input", { id: `letter-contact-${studentId}`, type: "text", maxlength: 120, value: localStorage.getItem(CONTACT_KEY) ?? "" });
  const error = h("p", { class: "form-error", role: "alert" });
  const button = (lang: "ja" | "en") => {
    const b = h("button", { type: "button" }, `📄 ${st(lang === "ja" ? "letterJa" : "letterEn")}`);
    b.addEventListener("click", () => {
      localStorage.setItem(CONTACT_KEY, contact.value.trim());
      b.disabled = true;
      void fetch(`/api/staff/students/${encodeURIComponent(studentId)}/letter`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ code, lang, contact: contact.value.trim() }),
      })
        .then(async (response) => {
          if (!response.ok) throw new Error(String(response.status));
          await saveResponse(response, `hidamari-letter-${lang}.pdf`);
          error.textContent = "";
        })
        .catch(() => (error.textContent = st("errGeneric")))
        .finally(() => (b.disabled = false));
    });
    return b;
  };
  return h(
    "div",
    { class: "letter-form" },
    h("label", { for: contact.id }, st("letterContact")),
    contact,
    h("div", { class: "code-card-actions" }, button("ja"), button("en")),
    error,
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
