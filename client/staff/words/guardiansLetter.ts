/** The guardians' letter (issue 18). */
export const ja = {
  letterJa: "保護者への 手紙（PDF・日本語）",
  letterEn: "保護者への 手紙（PDF・英語）",
  letterContact: "手紙に のせる 連絡先（電話や 受付時間。ほかの 子の 手紙にも つかいます）",
  welcomeSession: "はじめての 子だけ（ウェルカム）",
  welcomeSessionOn: "いまは ウェルカムの 時間です。はじめての 日の 子だけが 入れます。",
  welcomeSessionOff: "だれでも 入れます。",
} as const;

export const en: Record<keyof typeof ja, string> = {
  letterJa: "Letter to the family (PDF, Japanese)",
  letterEn: "Letter to the family (PDF, English)",
  letterContact: "Contact for the letter (phone, hours; used for every child's letter)",
  welcomeSession: "Newcomers only (welcome session)",
  welcomeSessionOn: "A welcome session is on: only children on their first day can come in.",
  welcomeSessionOff: "Anyone can come in.",
};
