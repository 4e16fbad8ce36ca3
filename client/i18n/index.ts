import { type MessageKey, en, ja } from "./dictionary.ts";

export type Lang = "ja" | "en";
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Japanese unless the address says ?lang=en. */
export function pickLang(search: string): Lang {
  return new URLSearchParams(search).get("lang") === "en" ? "en" : "ja";
}

/** A reading written after kanji in a dictionary value: 漢字《かんじ》 (see client/ui/ruby.ts). */
export const READING = /([\p{Script=Han}々〆ヶ]+)《([^》]+)》/gu;

/** Fills `{name}` slots. Callers drop or render readings before filling, so a value (a nickname) is never read as markup. */
export function fill(template: string, params?: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? `{${name}}`));
}

/** A dictionary value as written, readings and all. */
export function template(lang: Lang, key: MessageKey): string {
  const dict: Record<MessageKey, string> = lang === "en" ? en : ja;
  return dict[key];
}

/** Plain text in the page's language (no readings): for labels, notices, the 3D name tags. */
export function translator(lang: Lang): Translate {
  return (key, params) => fill(template(lang, key).replace(READING, "$1"), params);
}

/** Names of things defined in shared/ carry both languages; pick one. */
export function localName(name: { readonly ja: string; readonly en: string }, lang: Lang): string {
  return name[lang];
}

export type { MessageKey };
