import type { TalkRefusal } from "../../shared/protocol/voice.ts";
import { type Lang, READING, fill } from "../i18n/index.ts";
import type { rubyNodes } from "../ui/ruby.ts";
import type { MicProblem } from "./microphone.ts";

/**
 * The voice part's own words, in both languages: fetched with it (client/voice/), so a first
 * visit, and a page whose person keeps voice off, carries none of them. Plain Japanese for
 * children; 漢字《かんじ》 gives a reading, shown as furigana when on. Listening only is always
 * said to be fine; nothing here asks a child to speak.
 */
const WORDS = {
  ja: {
    talkHeading: "こえで おしゃべり",
    groupCounselling: "そうだん室《しつ》の こえの おしゃべり",
    groupLesson: "じゅぎょうの こえ",
    talkLead: "ここでは こえで おしゃべりが できます。きくだけでも、チャットだけでも だいじょうぶ。",
    talkHere: "🎧 ここでは こえで おしゃべりが できます。きくだけでも だいじょうぶ。",
    lessonTurn: "🎙 あなたが はなす ばんです。「🎙 はなす（マイク オン）」を おすと みんなに きこえます。チャットでも いいよ。",
    lessonTurnOver: "はなす ばんが おわりました。マイクは オフです。きくことは つづきます。",
    lessonListening: "🎧 じゅぎょうの こえが きこえます（「おと」の せっていとは べつです）。きかない ときは「ぬける」を おしてね。",
    talkJoin: "🎧 さんかして きく",
    talkLeave: "ぬける",
    talkPlay: "🔈 タップして こえを きく",
    talkSpeak: "🎙 はなす（マイク オン）",
    talkStop: "マイクを オフにする",
    talkHold: "🎙 おしている あいだ はなす",
    talkListening: "きいています。きくだけでも だいじょうぶ。",
    talkMicOn: "🎙 マイク オン: ここの みんなに きこえています。",
    talkWhyMuted: "サポーターが いま あなたの こえを とめています。きくことと チャットは できます。",
    talkWhyTurn: "じゅぎょうでは、じゅんばんが きたら はなせます。手《て》を あげて まってね。",
    talkWhyListen: "いまは きくだけです。",
    talkLeft: "こえの おしゃべりから ぬけました。",
    talkUnmuted: "また こえで はなせます。",
    talkFull: "いまは いっぱいです（{n}人《にん》まで）。チャットは つかえます。",
    talkLocked: "いまは あたらしく はいれません。チャットは つかえます。",
    talkPeople: "おしゃべりに いる人《ひと》",
    talkNobody: "まだ だれも いません。",
    personYou: "（じぶん）",
    personStaff: "サポーター",
    personMic: "🎙 マイク オン",
    personSpeaking: "はなしています",
    talkCheck: "こえの チェック",
    talkHowTo: "はなしかた",
    permTitle: "マイクを つかう まえに",
    permText: "このあと ブラウザが「マイクを つかっても いい？」と きいてきます。「許可《きょか》」を えらぶと はなせます。えらばなくても、きくことと チャットは できます。マイクは いつでも オフに できます。ろくおんは しません。",
    permGo: "わかった、はなす",
    permNotNow: "まだ きくだけに する",
    micDenied: "マイクが つかえません（ブラウザで ゆるされていません）。ブラウザの せっていで かえられます。きくことと チャットは できます。",
    micMissing: "マイクが みつかりません。きくことと チャットは できます。",
    micBusy: "マイクを ほかの アプリが つかっているようです。",
    micUnavailable: "マイクが つかえませんでした。きくことと チャットは できます。",
    no_talk_here: "ここでは こえの おしゃべりは できません。",
    talk_full: "この おしゃべりは いま いっぱいです。チャットは つかえます。",
    talk_locked: "この おしゃべりには いま あたらしく はいれません。",
    voice_muted: "いまは こえが とめられています。きくことと チャットは できます。",
    not_your_turn: "まだ はなす じゅんばんでは ありません。",
    no_link: "こえの つながりが うまく いきませんでした。",
    p2p_full: "いまは きく人《ひと》が いっぱいです。チャットで さんかできます。",
    media_down: "いまは こえの しくみが うごいていません。チャットで さんかできます。",
    no_offer: "その さそいは もう おわっています。",
    offerTitle: "こえで はなす？",
    offerText: "{by}さんが こえで はなそうと いっています。どちらでも だいじょうぶ。",
    offerAccept: "こえで はなす",
    offerDecline: "もじ（チャット）で つづける",
    caption: "🔊 こえで はなしました",
    checkLead: "マイクと スピーカーを ためせます。ボタンを おすまで マイクは つかいません。",
    checkMic: "つかう マイク",
    checkDefault: "いつもの マイク",
    checkStart: "🎙 マイクを ためす",
    checkStop: "ためすのを やめる",
    checkLevel: "こえの おおきさ",
    checkLevelHint: "はなすと バーが うごきます。",
    checkSound: "🔔 ためしの おとを ならす",
    checkSoundHint: "きこえたら スピーカーは だいじょうぶ。",
    checkClose: "とじる",
    modeOpen: "ボタンで マイクを オン・オフ する",
    modePush: "おしている あいだだけ はなす",
    pushKey: "キーボードでは {key} キーを おしている あいだ はなせます。",
    voiceStopped: "こえの おしゃべりを オフに しました。",
    screenSharing: "先生《せんせい》が こくばんに がめんを みせています。",
    screenJoin: "先生《せんせい》が こくばんに がめんを みせています。じゅぎょうの こえに さんかすると（きくだけ）みられます。",
    screenVoiceOff: "先生《せんせい》が こくばんに がめんを みせています。「せってい」で こえの おしゃべりを オンに すると みられます。",
    screenLook: "📺 おおきく みる",
    screenJoinButton: "🎧 さんかして みる",
    screenAlt: "先生《せんせい》が みせている がめん",
    screenNoteSharing: "📺 先生《せんせい》が がめんを みせています",
    screenNoteJoin: "📺 先生《せんせい》が がめんを みせています / 「さんかして きく」で みられます",
    screenNoteVoiceOff: "📺 先生《せんせい》が がめんを みせています / 「せってい」で こえを オンに すると みられます",
  },
  en: {
    talkHeading: "Voice talk",
    groupCounselling: "Voice talk in the counselling room",
    groupLesson: "The lesson's voice",
    talkLead: "You can talk by voice here. Just listening, or only using the chat, is fine too.",
    talkHere: "🎧 You can talk by voice here. Just listening is fine too.",
    lessonTurn: "🎙 It's your turn to speak. Press \"🎙 Speak (microphone on)\" and everyone hears you. Writing in the chat is fine too.",
    lessonTurnOver: "Your turn to speak is over. Your microphone is off; you are still listening.",
    lessonListening: "🎧 You can hear the lesson's voice (apart from the \"Sound\" setting). Press \"Leave\" to stop listening.",
    talkJoin: "🎧 Join the talk (listen)",
    talkLeave: "Leave",
    talkPlay: "🔈 Tap to hear the others",
    talkSpeak: "🎙 Speak (microphone on)",
    talkStop: "Stop speaking (microphone off)",
    talkHold: "🎙 Hold to speak",
    talkListening: "You are listening. Just listening is completely fine.",
    talkMicOn: "🎙 Your microphone is on: everyone in this talk can hear you.",
    talkWhyMuted: "A supporter has paused your voice for now. You can still listen and chat.",
    talkWhyTurn: "In the lesson you can speak when it is your turn. Raise your hand and wait.",
    talkWhyListen: "You can listen here.",
    talkLeft: "You left the voice talk.",
    talkUnmuted: "You can speak by voice again.",
    talkFull: "This talk is full for now (up to {n} people). You can still chat.",
    talkLocked: "Nobody new can join this talk just now. You can still chat.",
    talkPeople: "In this talk",
    talkNobody: "Nobody yet.",
    personYou: "(you)",
    personStaff: "supporter",
    personMic: "🎙 microphone on",
    personSpeaking: "speaking",
    talkCheck: "Voice check",
    talkHowTo: "How to speak",
    permTitle: "Before you use your microphone",
    permText: "Next, your browser will ask whether this page may use your microphone. Choose \"Allow\" to speak. If you don't, you can still listen and chat. You can turn the microphone off at any time. Nothing is recorded.",
    permGo: "OK, speak",
    permNotNow: "Just listen for now",
    micDenied: "The microphone cannot be used (the browser has not allowed it). You can change this in the browser's settings. You can still listen and chat.",
    micMissing: "No microphone was found. You can still listen and chat.",
    micBusy: "Another app seems to be using the microphone.",
    micUnavailable: "The microphone could not be used. You can still listen and chat.",
    no_talk_here: "There is no voice talk here.",
    talk_full: "This talk is full just now. You can still chat.",
    talk_locked: "Nobody new can join this talk just now.",
    voice_muted: "Your voice is paused for now. You can still listen and chat.",
    not_your_turn: "It is not your turn to speak yet.",
    no_link: "The voice connection did not work out.",
    p2p_full: "There are as many listeners as there can be just now. You can join in by chat.",
    media_down: "Voice is not working just now. You can join in by chat.",
    no_offer: "That invitation has ended.",
    offerTitle: "Talk by voice?",
    offerText: "{by} offers to talk by voice. Either way is fine.",
    offerAccept: "Talk by voice",
    offerDecline: "Keep to text",
    caption: "🔊 spoke by voice",
    checkLead: "Try your microphone and speakers. The microphone is used only after you press the button.",
    checkMic: "Microphone",
    checkDefault: "The usual microphone",
    checkStart: "🎙 Try the microphone",
    checkStop: "Stop trying",
    checkLevel: "Voice level",
    checkLevelHint: "The bar moves when you speak.",
    checkSound: "🔔 Play a test sound",
    checkSoundHint: "If you hear it, your speakers work.",
    checkClose: "Close",
    modeOpen: "Press a button to turn the microphone on and off",
    modePush: "Speak only while holding (push to talk)",
    pushKey: "On a keyboard, hold the {key} key to speak.",
    voiceStopped: "Voice talk is off.",
    screenSharing: "The teacher is sharing a screen on the board.",
    screenJoin: "The teacher is sharing a screen on the board. Join the lesson's voice talk (just listening) to see it.",
    screenVoiceOff: "The teacher is sharing a screen on the board. Turn voice talk on in the settings to see it.",
    screenLook: "📺 See it large",
    screenJoinButton: "🎧 Join to see it",
    screenAlt: "The screen the teacher is sharing",
    screenNoteSharing: "📺 The teacher is sharing a screen",
    screenNoteJoin: "📺 The teacher is sharing a screen / Join the lesson's talk to see it",
    screenNoteVoiceOff: "📺 The teacher is sharing a screen / Turn voice on in the settings to see it",
  },
} as const satisfies Record<Lang, Record<string, string>>;

export type VoiceWord = keyof (typeof WORDS)["ja"];
type Params = Record<string, string | number>;

export interface VoiceWords {
  /** Plain text (labels, notices, accessible names). */
  text(key: VoiceWord, params?: Params): string;
  /** DOM with furigana where the words have readings. */
  ruby(key: VoiceWord, params?: Params): Array<Node | string>;
}

/**
 * `ruby` is the page's furigana (client/ui/ruby.ts), handed in rather than imported: the first visit has it already,
 * and a lazily fetched module that imported it would make the build split it (and the zones it
 * needs) out of the chunks they are in, costing every first visit bytes.
 */
export function voiceWords(lang: Lang, ruby?: typeof rubyNodes): VoiceWords {
  const dict: Record<VoiceWord, string> = WORDS[lang];
  const text = (key: VoiceWord, params?: Params) => fill(dict[key].replace(READING, "$1"), params);
  // Without the page's furigana (the voice check opened from the settings), plain words: the
  // voice check's own words are written in kana, so nothing is lost there.
  return { text, ruby: (key, params) => (ruby ? ruby(dict[key], params) : [text(key, params)]) };
}

export const REFUSAL_WORD: Record<TalkRefusal, VoiceWord> = {
  no_talk_here: "no_talk_here",
  talk_full: "talk_full",
  talk_locked: "talk_locked",
  voice_muted: "voice_muted",
  not_your_turn: "not_your_turn",
  no_link: "no_link",
  p2p_full: "p2p_full",
  media_down: "media_down",
  no_offer: "no_offer",
};

export const MIC_WORD: Record<MicProblem, VoiceWord> = { micDenied: "micDenied", micMissing: "micMissing", micBusy: "micBusy", micUnavailable: "micUnavailable" };

/** The key held to speak in push-to-talk (client/input/shortcuts.ts uses T, H, G, ?, WASD and arrows). */
export const PUSH_KEY = "V";
