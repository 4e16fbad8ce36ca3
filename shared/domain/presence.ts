/** Low-pressure ways to be present: a status (きもち) and quick reactions. */
export const STATUSES = ["none", "looking", "break", "talk"] as const;
export type Status = (typeof STATUSES)[number];

export const EMOTES = ["wave", "thumbs_up", "smile", "raise_hand", "question"] as const;
export type Emote = (typeof EMOTES)[number];

/** Quick phrases: sent by id, shown in each reader's own language. */
export const QUICK_PHRASES = {
  hello: { ja: "こんにちは", en: "Hello" },
  thanks: { ja: "ありがとう", en: "Thank you" },
  yes: { ja: "はい", en: "Yes" },
  no: { ja: "いいえ", en: "No" },
  wait: { ja: "ちょっと まってね", en: "Just a moment" },
  bye: { ja: "またね", en: "See you" },
} as const;
export type QuickPhrase = keyof typeof QUICK_PHRASES;
export const QUICK_PHRASE_IDS = Object.keys(QUICK_PHRASES) as [QuickPhrase, ...QuickPhrase[]];
