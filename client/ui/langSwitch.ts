import type { Lang } from "../i18n/index.ts";
import { h } from "./dom.ts";

/**
 * A link to this page in the other language, named in that language ("English", "日本語") and
 * marked with its `lang` so a screen reader says it right. The address is read when the link is
 * followed, so what the page took out of it (a scanned card's code) stays out; the choice is
 * remembered by pickLang.
 */
export function languageSwitch(lang: Lang): HTMLAnchorElement {
  const other: Lang = lang === "ja" ? "en" : "ja";
  const href = () => {
    const url = new URL(location.href);
    url.searchParams.set("lang", other);
    return `${url.pathname}${url.search}`;
  };
  const link = h("a", { class: "lang-switch", href: href(), lang: other, hreflang: other }, other === "en" ? "English" : "日本語");
  link.addEventListener("click", () => (link.href = href()));
  return link;
}
