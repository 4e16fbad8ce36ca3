import type { PlazaSummary } from "../../shared/protocol/door.ts";
import { type Lang, type Translate, clockTime } from "../i18n/index.ts";
import { h } from "./dom.ts";

/** "14:00–15:00" in the school's words: times as the clock on the wall says them. */
function hours(plaza: PlazaSummary, lang: Lang): { from: string; to: string } {
  return { from: clockTime(plaza.startsAt, lang), to: clockTime(plaza.endsAt, lang) };
}

/** What the door says of a plaza event today, or "" when there is none. */
export function plazaLine(t: Translate, lang: Lang, plaza: PlazaSummary | null): string {
  if (!plaza) return "";
  const line = t("plazaToday", { name: plaza.name, title: plaza.title, ...hours(plaza, lang) });
  return plaza.open ? line : `${line} ${t("plazaWaiting")}`;
}

/** The page's address for a space: one's own floor, or the plaza (the language kept). */
export function spaceHref(lang: Lang, plazaId: string | null): string {
  const params = new URLSearchParams();
  if (plazaId) params.set("plaza", plazaId);
  if (lang === "en") params.set("lang", "en");
  return params.size ? `/?${params}` : "/";
}

/** The door's way to the plaza: there once staff are in it. */
export function plazaWay(t: Translate, lang: Lang, plaza: PlazaSummary | null): HTMLElement | null {
  return plaza?.open ? h("a", { class: "button-link", href: spaceHref(lang, plaza.id) }, t("plazaGo", { name: plaza.name })) : null;
}

/**
 * The way between one's own floor and the plaza while an event is on: a plain link (the page
 * enters the other space with the same sign-in and look, no new code). In the plaza it says where
 * one is and leads back.
 */
export function plazaLink(t: Translate, lang: Lang, plaza: PlazaSummary, here: boolean): HTMLElement {
  return h(
    "nav",
    { class: "plaza-link", "aria-label": plaza.name },
    here ? h("p", {}, t("plazaHere", { name: plaza.name, title: plaza.title })) : h("p", {}, plazaLine(t, lang, plaza)),
    // The way there only once staff are in it (as on the door); the way back always.
    here ? h("a", { class: "button-link", href: spaceHref(lang, null) }, t("plazaBack")) : plazaWay(t, lang, plaza),
  );
}
