/**
 * What a student chooses for their character on the door (issue 17): a hair style and its colour,
 * an outfit and its colour, a skin tone and one accessory. No camera, no photo, no real likeness:
 * friendly low-poly characters only. The ids travel in the join message and the space's state; the
 * shapes are made in assets/characters/, the colours are applied in the page.
 */
type Named = { readonly ja: string; readonly en: string };

/** The outfit's colour (named "colour" on the wire since the first avatars). */
export const AVATAR_COLOURS = [
  { id: "sun", hex: 0xf2a65a, name: { ja: "たいよう", en: "Sun" } },
  { id: "leaf", hex: 0x7fb77e, name: { ja: "はっぱ", en: "Leaf" } },
  { id: "sky", hex: 0x6fa8dc, name: { ja: "そら", en: "Sky" } },
  { id: "sakura", hex: 0xf4a7b9, name: { ja: "さくら", en: "Sakura" } },
  { id: "grape", hex: 0xa78bd1, name: { ja: "ぶどう", en: "Grape" } },
  { id: "cream", hex: 0xf1e3b5, name: { ja: "クリーム", en: "Cream" } },
  { id: "navy", hex: 0x3f4e75, name: { ja: "こん", en: "Navy" } },
] as const satisfies readonly { id: string; hex: number; name: Named }[];

export const ACCESSORIES = [
  { id: "none", name: { ja: "なし", en: "None" } },
  { id: "cap", name: { ja: "ぼうし", en: "Cap" } },
  { id: "ribbon", name: { ja: "リボン", en: "Ribbon" } },
  { id: "glasses", name: { ja: "めがね", en: "Glasses" } },
  { id: "leaf", name: { ja: "ふたば", en: "Leaf sprout" } },
  { id: "headphones", name: { ja: "ヘッドホン", en: "Headphones" } },
] as const satisfies readonly { id: string; name: Named }[];

export const HAIR_STYLES = [
  { id: "short", name: { ja: "みじかめ", en: "Short" } },
  { id: "bob", name: { ja: "ボブ", en: "Bob" } },
  { id: "long", name: { ja: "ながめ", en: "Long" } },
  { id: "ponytail", name: { ja: "ポニーテール", en: "Ponytail" } },
  { id: "twintails", name: { ja: "ふたつむすび", en: "Twin tails" } },
  { id: "bun", name: { ja: "おだんご", en: "Bun" } },
  { id: "spiky", name: { ja: "つんつん", en: "Spiky" } },
] as const satisfies readonly { id: string; name: Named }[];

export const HAIR_COLOURS = [
  { id: "black", hex: 0x2b2423, name: { ja: "くろ", en: "Black" } },
  { id: "brown", hex: 0x5b3b26, name: { ja: "こげちゃ", en: "Dark brown" } },
  { id: "chestnut", hex: 0x8a5a36, name: { ja: "くりいろ", en: "Chestnut" } },
  { id: "gold", hex: 0xd6ac5e, name: { ja: "きんいろ", en: "Golden" } },
  { id: "ash", hex: 0x8d8f99, name: { ja: "はいいろ", en: "Ash" } },
] as const satisfies readonly { id: string; hex: number; name: Named }[];

/** School-like and casual; which parts of the body each covers is in assets/characters/outfits.ts. */
export const OUTFITS = [
  { id: "sailor", name: { ja: "セーラーふく", en: "Sailor uniform" } },
  { id: "blazer", name: { ja: "ブレザー", en: "Blazer" } },
  { id: "gym", name: { ja: "たいそうふく", en: "Gym clothes" } },
  { id: "hoodie", name: { ja: "パーカー", en: "Hoodie" } },
  { id: "tshirt", name: { ja: "Tシャツ", en: "T-shirt" } },
  { id: "dress", name: { ja: "ワンピース", en: "Dress" } },
] as const satisfies readonly { id: string; name: Named }[];

/** Skin tones, named by number: a swatch says more than a word, and no word is anyone's label. */
export const SKIN_TONES = [
  { id: "1", hex: 0xffe3cc, name: { ja: "はだの いろ 1", en: "Skin tone 1" } },
  { id: "2", hex: 0xf6d0ad, name: { ja: "はだの いろ 2", en: "Skin tone 2" } },
  { id: "3", hex: 0xe0ae84, name: { ja: "はだの いろ 3", en: "Skin tone 3" } },
  { id: "4", hex: 0xb57f57, name: { ja: "はだの いろ 4", en: "Skin tone 4" } },
  { id: "5", hex: 0x7d5436, name: { ja: "はだの いろ 5", en: "Skin tone 5" } },
] as const satisfies readonly { id: string; hex: number; name: Named }[];

const ids = <T extends readonly { id: string }[]>(list: T) => list.map((x) => x.id) as unknown as [T[number]["id"], ...T[number]["id"][]];

export type ColourId = (typeof AVATAR_COLOURS)[number]["id"];
export type AccessoryId = (typeof ACCESSORIES)[number]["id"];
export type HairStyleId = (typeof HAIR_STYLES)[number]["id"];
export type HairColourId = (typeof HAIR_COLOURS)[number]["id"];
export type OutfitId = (typeof OUTFITS)[number]["id"];
export type SkinToneId = (typeof SKIN_TONES)[number]["id"];
export const COLOUR_IDS = ids(AVATAR_COLOURS);
export const ACCESSORY_IDS = ids(ACCESSORIES);
export const HAIR_STYLE_IDS = ids(HAIR_STYLES);
export const HAIR_COLOUR_IDS = ids(HAIR_COLOURS);
export const OUTFIT_IDS = ids(OUTFITS);
export const SKIN_TONE_IDS = ids(SKIN_TONES);

/** One character's look, as chosen on the door. */
export interface Look {
  hair: HairStyleId;
  hairColour: HairColourId;
  outfit: OutfitId;
  colour: ColourId;
  skin: SkinToneId;
  accessory: AccessoryId;
}

/** What a look is before anyone chooses (and what an older page's saved look is completed with). */
export const DEFAULT_LOOK: Look = { hair: "short", hairColour: "black", outfit: "tshirt", colour: "sun", skin: "2", accessory: "none" };

/** Staff enter without the door's choices: grown-ups in a blazer (the name tag says who they are). */
export const STAFF_LOOK: Look = { hair: "short", hairColour: "brown", outfit: "blazer", colour: "leaf", skin: "2", accessory: "none" };

/** How many distinct looks there are to choose from (the issue asks for at least 40). */
export const LOOK_COUNT = HAIR_STYLES.length * HAIR_COLOURS.length * OUTFITS.length * AVATAR_COLOURS.length * SKIN_TONES.length * ACCESSORIES.length;

/**
 * A varied look for the i-th figure of a crowd that chose none (demo bots, a replay's pseudonyms,
 * the benchmarks' crowds): each list stepped at its own pace, so neighbours differ in everything.
 */
export function sampleLook(i: number): Look {
  const pick = <L extends readonly { id: string }[]>(list: L, step: number) => list[(i * step) % list.length]?.id as L[number]["id"];
  return {
    hair: pick(HAIR_STYLES, 1),
    hairColour: pick(HAIR_COLOURS, 2),
    outfit: pick(OUTFITS, 5),
    colour: pick(AVATAR_COLOURS, 3),
    skin: pick(SKIN_TONES, 3),
    accessory: pick(ACCESSORIES, 5),
  };
}
