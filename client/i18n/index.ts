import { type MessageKey, en, ja } from "./dictionary.ts";

export type Lang = "ja" | "en";
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Japanese unless the address says ?lang=en. */
export function pickLang(search: string): Lang {
  return new URLSearchParams(search).get("lang") === "en" ? "en" : "ja";
}

export function translator(lang: Lang): Translate {
  const dict: Record<MessageKey, string> = lang === "en" ? en : ja;
  return (key, params) => dict[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? `{${name}}`));
}

/** Names of things defined in shared/ carry both languages; pick one. */
export function localName(name: { readonly ja: string; readonly en: string }, lang: Lang): string {
  return name[lang];
}

export type { MessageKey };
