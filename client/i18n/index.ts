import { type MessageKey, ja } from "./dictionary.ts";

export type Lang = "ja" | "en";
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const LANG_KEY = "hidamari.lang";

/**
 * Japanese unless the address says ?lang=en, or English was chosen before in this browser: a
 * language in the address is remembered, so the choice persists across pages and visits.
 */
export function pickLang(search: string, storage: Pick<Storage, "getItem" | "setItem"> | null = localStore()): Lang {
  const asked = new URLSearchParams(search).get("lang");
  if (asked === "en" || asked === "ja") {
    try {
      storage?.setItem(LANG_KEY, asked);
    } catch {
      // Private mode or a full quota: the address still decides for this page.
    }
    return asked;
  }
  return storage?.getItem(LANG_KEY) === "en" ? "en" : "ja";
}

function localStore(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

/** A reading written after kanji in a dictionary value: 漢字《かんじ》 (see client/ui/ruby.ts). */
export const READING = /([\p{Script=Han}々〆ヶ]+)《([^》]+)》/gu;

/** A name that already carries its honorific (staff write "さとう先生"): "さん" after it would be doubled. */
const HONORIFIC = /(さん|先生|せんせい|くん|ちゃん|さま|様)$/;

/**
 * Fills `{name}` slots. Callers drop or render readings before filling, so a value (a nickname) is
 * never read as markup. A slot written with さん after it ("{name}さん") drops the さん for a
 * name that ends in an honorific of its own.
 */
export function fill(template: string, params?: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}(さん)?/g, (_, name: string, san?: string) => {
    const value = String(params?.[name] ?? `{${name}}`);
    return san && !HONORIFIC.test(value) ? `${value}${san}` : value;
  });
}

let english: Record<MessageKey, string> | null = null;
let englishAsked = false;

/**
 * Fetches the page's words before it shows any: English is a module of its own (en.ts), Japanese
 * is always here. If English cannot be fetched (the link dropped), the page speaks Japanese.
 */
export async function loadWords(lang: Lang): Promise<void> {
  if (lang !== "en" || english) return;
  englishAsked = true;
  try {
    english = (await import("./en.ts")).en;
  } catch (error) {
    console.error("English words not fetched; showing Japanese", error);
  }
}

/** A dictionary value as written, readings and all. */
export function template(lang: Lang, key: MessageKey): string {
  // English never asked for is a mistake in the page, not a network's: say so rather than speak Japanese.
  if (lang === "en" && !englishAsked) throw new Error("English words were not loaded: await loadWords(\"en\") first");
  const dict: Record<MessageKey, string> = lang === "en" && english ? english : ja;
  return dict[key];
}

/** Plain text in the page's language (no readings): for labels, notices, the 3D name tags. */
export function translator(lang: Lang): Translate {
  return (key, params) => fill(template(lang, key).replace(READING, "$1"), params);
}

/** A time of day as the clock on the wall says it ("14:05"), in the page's language. */
export function clockTime(at: number, lang: Lang): string {
  return new Date(at).toLocaleTimeString(lang === "en" ? "en-GB" : "ja-JP", { hour: "2-digit", minute: "2-digit" });
}

/** Names of things defined in shared/ carry both languages; pick one. */
export function localName(name: { readonly ja: string; readonly en: string }, lang: Lang): string {
  return name[lang];
}

export type { MessageKey };
