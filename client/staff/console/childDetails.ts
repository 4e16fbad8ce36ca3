import type { ChildDetails } from "../../../shared/protocol/staffEvents.ts";
import type { Lang } from "../../i18n/index.ts";
import { h } from "../../ui/dom.ts";
import type { StaffKey } from "../dictionary.ts";
import type { StaffTranslate } from "../i18n.ts";

const CONSENT_TEXT: Record<ChildDetails["consent"], StaffKey> = { none: "consentNone", activity: "consentActivity", activity_chat: "consentActivityChat" };

/**
 * One child's details in the console, folded away (issue 19). Opening them tells the server
 * (`onToggle`), which sends them and shows every child a calm sign that staff are looking after
 * the space, for as long as any staff member has a child's details open; so they close again
 * when the counsellor is done, and only one child's are open at a time on a console.
 */
export function childDetailsDisclosure(st: StaffTranslate, name: string, onToggle: (open: boolean) => void): HTMLDetailsElement {
  const body = h("div", { class: "person-details-body", "aria-live": "polite" });
  const details = h("details", { class: "person-details" }, h("summary", {}, st("detailsOpen"), h("span", { class: "visually-hidden" }, ` (${name})`)), body);
  details.addEventListener("toggle", () => {
    if (details.open) {
      body.replaceChildren(st("detailsLoading"));
      for (const other of document.querySelectorAll<HTMLDetailsElement>("details.person-details[open]")) if (other !== details) other.open = false;
      onToggle(true);
    } else if (!document.querySelector("details.person-details[open]")) {
      // Closed by opening another child's (which told the server already), this says nothing.
      onToggle(false);
    }
  });
  return details;
}

export function showChildDetails(st: StaffTranslate, lang: Lang, details: HTMLDetailsElement, d: ChildDetails): void {
  const body = details.querySelector(".person-details-body");
  if (!body || !details.open) return;
  const time = (ms: number) => new Date(ms).toLocaleString(lang === "en" ? "en-GB" : "ja-JP", { month: "numeric", day: "numeric", weekday: "short", hour: "2-digit", minute: "2-digit" });
  const row = (label: StaffKey, value: string) => [h("dt", {}, st(label)), h("dd", {}, value)];
  body.replaceChildren(
    h(
      "dl",
      {},
      ...row("detailsNote", d.note || st("detailsNone")),
      ...row("consent", st(CONSENT_TEXT[d.consent])),
      ...row("detailsNextBooking", d.nextBooking ? time(d.nextBooking.startsAt) : st("detailsNone")),
    ),
    d.firstDay ? h("p", { class: "person-first-day" }, `🌱 ${st("detailsFirstDay")}`) : "",
    h("p", { class: "form-note" }, st("detailsSeen")),
  );
}
