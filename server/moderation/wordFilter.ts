/**
 * The NG-word filter: a message or nickname that contains a listed word (after folding case,
 * width, katakana to hiragana and removing spaces and punctuation) is held back.
 */
export const DEFAULT_NG_WORDS = {
  ja: ["しね", "死ね", "ころす", "殺す", "きもい", "うざい", "ばか", "ブス", "でぶ"],
  en: ["kill yourself", "kys", "idiot", "stupid", "shut up", "loser"],
};

export function fold(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u30A1-\u30F6]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60)) // katakana → hiragana
    .replace(/[\s\p{P}\p{S}ー]/gu, "");
}

export class WordFilter {
  #folded: string[] = [];

  constructor(words: readonly string[] = []) {
    this.update(words);
  }

  update(words: readonly string[]): void {
    this.#folded = [...new Set(words.map(fold).filter((w) => w.length > 0))];
  }

  /** The first listed word the text contains, or null. */
  match(text: string): string | null {
    const folded = fold(text);
    return this.#folded.find((w) => folded.includes(w)) ?? null;
  }
}
