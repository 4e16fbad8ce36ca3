import type { Lang } from "../../i18n/index.ts";
import { h } from "../../ui/dom.ts";
import { CheckInsPanel, checkInsHeading } from "../checkInsPanel.ts";
import type { StaffTranslate } from "../i18n.ts";

/**
 * The daily check-in in the console beside the space (issue 19): the staff page's trend and quiet
 * flags, behind a button so that how each child feels is not on screen unasked while the space is
 * open (a screen may be shared). Loaded when shown, and again each time it is shown.
 */
export function checkInsConsole(st: StaffTranslate, lang: Lang): HTMLElement {
  const words = checkInsHeading(lang);
  const panel = new CheckInsPanel(st, lang, true);
  panel.element.id = "console-check-ins-body";
  panel.element.hidden = true;
  const show = h("button", { type: "button", class: "small", "aria-expanded": "false", "aria-controls": "console-check-ins-body" }, words.show);
  show.addEventListener("click", () => {
    const open = panel.element.hidden;
    panel.element.hidden = !open;
    show.setAttribute("aria-expanded", String(open));
    if (open) void panel.load();
  });
  return h(
    "section",
    { class: "console-section check-ins-console", "aria-labelledby": "console-check-ins-title" },
    h("h3", { id: "console-check-ins-title" }, words.title),
    show,
    panel.element,
  );
}
