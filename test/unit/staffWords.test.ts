import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { en, ja } from "../../client/staff/dictionary.ts";

const folder = new URL("../../client/staff/words/", import.meta.url);
const parts = await Promise.all(
  readdirSync(folder)
    .filter((file) => file.endsWith(".ts"))
    .map(async (file) => ({ file, words: (await import(new URL(file, folder).href)) as { ja: Record<string, string>; en: Record<string, string> } })),
);

describe("the staff page's words, one file a part", () => {
  it("should give each word to one part only, so that no part silently replaces another's", () => {
    const owner = new Map<string, string>();
    const twice: string[] = [];
    for (const { file, words } of parts) {
      for (const key of Object.keys(words.ja)) {
        if (owner.has(key)) twice.push(`${key}: ${owner.get(key)} and ${file}`);
        owner.set(key, file);
      }
    }
    expect(twice).toEqual([]);
    expect([...owner.keys()].sort()).toEqual(Object.keys(ja).sort());
    // English the same, part by part (an English word in the wrong part would replace another's too).
    for (const { file, words } of parts) expect(Object.keys(words.en).sort(), file).toEqual(Object.keys(words.ja).sort());
  });

  it("should say every word in both languages, filling in the same values", () => {
    const values = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    // English says "them" where Japanese repeats the name: the only word allowed fewer values.
    const fewerInEnglish = new Set(["staffAdded"]);
    for (const key of Object.keys(ja) as (keyof typeof ja)[]) {
      expect(en[key], key).toBeTypeOf("string");
      expect(en[key].trim(), key).not.toBe("");
      const english = values(en[key]);
      if (fewerInEnglish.has(key)) expect(values(ja[key]), key).toEqual(expect.arrayContaining(english));
      else expect(english, key).toEqual(values(ja[key]));
    }
  });
});
