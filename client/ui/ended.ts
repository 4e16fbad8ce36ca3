import { endedWords } from "../i18n/codes.ts";
import type { Lang } from "../i18n/index.ts";
import { h } from "./dom.ts";
import { spaceHref } from "./plazaLink.ts";
import { rubyTranslator } from "./ruby.ts";

/**
 * What a child's page shows once the space has let them go for good (closed for today, removed
 * for today, their seat taken by their own other tab...): why, in kind words, and the way back
 * to the door. It stays until the child goes: a notice that fades would leave a space that only
 * looks open. A modal dialog that takes focus, so a screen reader reads it out at once; calm, not
 * an alert. `code` is the socket's close code (shared/protocol/events.ts CLOSE_CODES).
 */
export function endedPanel(lang: Lang, code: number): HTMLElement {
  const rt = rubyTranslator(lang);
  const words = endedWords(code);
  const door = h("a", { class: "button-link", href: spaceHref(lang, null) }, ...rt(words.way));
  return h(
    "section",
    { class: "ended", role: "dialog", "aria-modal": "true", "aria-labelledby": "ended-title", "aria-describedby": words.more ? "ended-more" : undefined, tabindex: -1 },
    h("p", { class: "ended-sun", "aria-hidden": "true" }, "☀"),
    h("h2", { id: "ended-title" }, ...rt(words.text)),
    words.more ? h("p", { id: "ended-more" }, ...rt(words.more)) : null,
    door,
  );
}
