/** What a student can choose for their avatar: a colour and one accessory. No photos, ever. */
export const AVATAR_COLOURS = [
  { id: "sun", hex: 0xf2a65a, name: { ja: "たいよう", en: "Sun" } },
  { id: "leaf", hex: 0x7fb77e, name: { ja: "はっぱ", en: "Leaf" } },
  { id: "sky", hex: 0x6fa8dc, name: { ja: "そら", en: "Sky" } },
  { id: "sakura", hex: 0xf4a7b9, name: { ja: "さくら", en: "Sakura" } },
  { id: "grape", hex: 0xa78bd1, name: { ja: "ぶどう", en: "Grape" } },
  { id: "cream", hex: 0xf1e3b5, name: { ja: "クリーム", en: "Cream" } },
] as const;

export const ACCESSORIES = [
  { id: "none", name: { ja: "なし", en: "None" } },
  { id: "cap", name: { ja: "ぼうし", en: "Cap" } },
  { id: "ribbon", name: { ja: "リボン", en: "Ribbon" } },
  { id: "glasses", name: { ja: "めがね", en: "Glasses" } },
  { id: "leaf", name: { ja: "ふたば", en: "Leaf sprout" } },
] as const;

export type ColourId = (typeof AVATAR_COLOURS)[number]["id"];
export type AccessoryId = (typeof ACCESSORIES)[number]["id"];
export const COLOUR_IDS = AVATAR_COLOURS.map((c) => c.id) as [ColourId, ...ColourId[]];
export const ACCESSORY_IDS = ACCESSORIES.map((a) => a.id) as [AccessoryId, ...AccessoryId[]];
