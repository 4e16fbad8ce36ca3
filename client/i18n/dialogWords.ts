import { type Lang, type MessageKey, type Translate, fill } from "./index.ts";

/**
 * The words of the keyboard help and the settings dialogs, in both languages: fetched with the
 * dialogs when one is first opened (client/space/access.ts), so a first visit carries none of
 * them. The buttons that open them keep their names in the main dictionary.
 */
const WORDS = {
  ja: {
    shortcutsIntro: "マウスが なくても ぜんぶ つかえます。",
    keyWalk: "あるく",
    keyWalkKeys: "やじるしキー / W A S D",
    keyChat: "チャットを かく",
    keyChatKeys: "Enter / T",
    keyBack: "3Dの へやに もどる",
    keyBackKeys: "Esc",
    keyHelp: "「たすけて」ボタンへ",
    keyHelpKeys: "H",
    keyGoTo: "「いく ところ」ボタンへ",
    keyGoToKeys: "G",
    keyShortcuts: "この せつめいを ひらく",
    keyShortcutsKeys: "?",
    keyTab: "つぎの ボタンへ / まえの ボタンへ",
    keyTabKeys: "Tab / Shift + Tab",
    keyLettersOff: "1もじの キー（T H G ? V W A S D）は いま オフです。「せってい」で オンに できます。",
    tourAgain: "ガイドを もういちど みる",
    settingsLead: "じぶんに あう ように かえてね。この ブラウザに おぼえておきます。",
    reduceMotion: "うごきを へらす",
    reduceMotionHint: "カメラが すっと うごきます。つぎに はいった ときから かわります。",
    hideNames: "なまえを かくす",
    textSize: "もじの おおきさ",
    textNormal: "ふつう",
    textLarge: "おおきい",
    textLarger: "とても おおきい",
    highContrast: "くっきり みせる",
    letterKeys: "1もじの キーを つかう（T H G ? V W A S D）",
    furigana: "ふりがなを つける",
    volume: "おとの おおきさ",
    language: "ことば（Language）:",
    languageHint: "かえると ページを よみこみなおします。",
    ambient: "ばしょの おと（しずかな BGM）を ながす",
    ambientHint: "「おと」が オンの ときに きこえます。",
    lowGraphics: "かるい がめん（うごきが おもい とき）",
    lowGraphicsAuto: "この きかいには これが おすすめです（じどうで えらびました）。",
    voiceLabel: "こえの おしゃべり",
    voiceOn: "こえの おしゃべりを つかう",
    voiceOnHint: "オフに すると、おしゃべりの ボタンも マイクも でてきません。",
    voiceCheck: "こえの チェック（マイクと スピーカー）",
    keyVoice: "おしている あいだ はなす（「おしている あいだだけ」に した とき）",
    keyVoiceKeys: "V",
  },
  en: {
    shortcutsIntro: "Everything works without a mouse.",
    keyWalk: "Walk",
    keyWalkKeys: "Arrow keys / W A S D",
    keyChat: "Write in the chat",
    keyChatKeys: "Enter / T",
    keyBack: "Back to the 3D space",
    keyBackKeys: "Esc",
    keyHelp: "Go to the Help button",
    keyHelpKeys: "H",
    keyGoTo: "Go to the \"Go to\" buttons",
    keyGoToKeys: "G",
    keyShortcuts: "Open this list",
    keyShortcutsKeys: "?",
    keyTab: "Next / previous button",
    keyTabKeys: "Tab / Shift + Tab",
    keyLettersOff: "One-letter keys (T H G ? V W A S D) are off now. Turn them on in Settings.",
    tourAgain: "Show the guide again",
    settingsLead: "Make it right for you. This browser remembers your choices.",
    reduceMotion: "Reduce motion",
    reduceMotionHint: "The camera moves without gliding. Changes from the next time you enter.",
    hideNames: "Hide names",
    textSize: "Text size",
    textNormal: "Normal",
    textLarge: "Large",
    textLarger: "Very large",
    highContrast: "High contrast",
    letterKeys: "Use one-letter keys (T H G ? V W A S D)",
    furigana: "Show furigana (Japanese readings)",
    volume: "Volume",
    language: "Language (ことば):",
    languageHint: "Changing it reloads the page.",
    ambient: "Gentle background sound for each area",
    ambientHint: "You hear it when Sound is on.",
    lowGraphics: "Light graphics (for slow devices)",
    lowGraphicsAuto: "Recommended for this device (chosen automatically).",
    voiceLabel: "Voice talk",
    voiceOn: "Use voice talk",
    voiceOnHint: "When off, no voice buttons and no microphone appear.",
    voiceCheck: "Voice check (microphone and speakers)",
    keyVoice: "Hold to speak (in push to talk)",
    keyVoiceKeys: "V",
  },
} as const satisfies Record<Lang, Record<string, string>>;

export type DialogWord = keyof (typeof WORDS)["ja"];
export type DialogTranslate = (key: MessageKey | DialogWord, params?: Record<string, string | number>) => string;

/** The page's translator, knowing the dialogs' words too. */
export function withDialogWords(t: Translate, lang: Lang): DialogTranslate {
  const dict: Record<DialogWord, string> = WORDS[lang];
  return (key, params) => (Object.hasOwn(dict, key) ? fill(dict[key as DialogWord], params) : t(key as MessageKey, params));
}
