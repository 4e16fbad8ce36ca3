import type { TalkRefusal } from "../../../shared/protocol/voice.ts";
import { type Lang, fill } from "../../i18n/index.ts";

/**
 * The console's voice part's words (issue 16), in both languages: kept beside it rather than in
 * the staff dictionary, which is long enough. A child saying no to voice is as welcome as yes, and
 * the words say so.
 */
const ja = {
  voiceConsole: "こえ（ボイス）",
  voiceHint: "こえで はなせるのは おしゃべりスポット・そうだん室・じゅぎょうの 中だけです。はいるのも マイクを いれるのも 子ども じしんが えらびます。",
  spotsTitle: "おしゃべりスポット",
  nobodyTalking: "こえの 会話には だれも いません。",
  micOn: "🎙️ マイク オン",
  listening: "👂 きいている",
  voiceMuted: "🔇 こえ ミュート中",
  staffMark: "サポーター",
  you: "（あなた）",
  voiceMute: "こえを ミュート",
  voiceMuteName: "{name}さんの こえを ミュート",
  voiceUnmute: "こえの ミュートを とく",
  voiceUnmuteName: "{name}さんの こえの ミュートを とく",
  spotLocked: "🔒 ロック中（あたらしい 人は はいれません）",
  spotLock: "ロックする",
  spotLockName: "{spot}を ロックする",
  spotUnlock: "ロックを とく",
  spotUnlockName: "{spot}の ロックを とく",
  spotEnd: "会話を おわりにする",
  spotEndName: "{spot}の 会話を おわりにする",
  mutedElsewhere: "こえ ミュート中で、いま 会話に いない 人",
  lessonTitle: "じゅぎょうの こえ",
  lessonVoiceOn: "🔊 クラスに こえで はなす（こえ オン）",
  lessonVoiceOff: "こえを オフに する",
  screenShareOn: "🖥️ がめんを こくばんに みせる（がめん きょうゆう）",
  screenShareOff: "がめんを みせるのを やめる",
  screenSharingNow: "🖥️ がめんを こくばんに みせています。こえを きいている 子に とどきます（こえを オフに している 子には「オンに すると みられる」と でます）。",
  screenShareHint: "ブラウザが みせる がめんか ウィンドウを ききます。カメラと おとは つかいません。",
  screenShareNoVoice: "がめんを みせるには、あなたの「せってい」で こえの おしゃべりを オンに してください。",
  lessonVoiceIsOn: "こえ オン: 教室の 子どもは きく ことが できます。はなせるのは あなたと、「つぎの 人」で ばんが きた 子だけです。",
  lessonVoiceIsOff: "こえ オフ: 教室は 文字だけです。",
  lessonVoiceTeacherOnly: "じゅぎょうの こえを オン・オフ できるのは、じゅぎょうの 先生（{teacher}）だけです。",
  endTurn: "はなす ばんを おわりにする",
  endTurnName: "{name}さんの はなす ばんを おわりにする",
  turnOf: "いま はなす ばん: {name}さん",
  lessonListeners: "きいている 人: {n}人（ピアツーピアは {max}人まで）",
  p2pFull: "ピアツーピアの こえが とどくのは {max}人までです。それより おおくの 人に とどけるには メディアサーバー（HIDAMARI_JANUS_URL）が いりますが、せっていされていません。",
  counsellingTitle: "そうだん室の こえ",
  counsellingHint: "そうだん室で いっしょに いる 子に、こえで はなすことを ていあんできます。えらぶのは 子どもです。文字の ままでも だいじょうぶです。",
  counsellingGoThere: "こえを ていあんするには、あなたも そうだん室に はいってください。",
  counsellingNobody: "そうだん室には いま 子どもが いません。",
  counsellingInTalk: "こえで はなしている 人",
  voiceOffer: "こえで はなそうと ていあんする",
  voiceOfferName: "{name}さんに こえで はなそうと ていあんする",
  voiceOffered: "{name}さんの へんじを まっています。",
  voiceAnswerYes: "🎙️ {name}さんは こえで はなすことを えらびました。",
  voiceAnswerNo: "💬 {name}さんは 文字で はなすことを えらびました。それで だいじょうぶです。",
  voiceUnanswered: "💬 {name}さんから こえの おさそいへの こたえが ありませんでした（こえを オフに しているのかも しれません）。文字で つづけましょう。",
  refusedOffer: "こえの ていあんは、あなたと その 子が そうだん室に いる ときだけ できます。",
  refusedSpot: "その おしゃべりスポットは みつかりませんでした。",
  refusedOther: "こえの そうさが できませんでした。",
} as const;

export type VoiceWordKey = keyof typeof ja;

const en: Record<VoiceWordKey, string> = {
  voiceConsole: "Voice",
  voiceHint: "People can talk by voice only in the talk spots, the counselling room and the lesson. Children choose for themselves whether to join a talk and whether to turn their microphone on.",
  spotsTitle: "Talk spots",
  nobodyTalking: "Nobody is in a voice talk.",
  micOn: "🎙️ microphone on",
  listening: "👂 listening",
  voiceMuted: "🔇 voice muted",
  staffMark: "Staff",
  you: "(you)",
  voiceMute: "Mute voice",
  voiceMuteName: "Mute voice of {name}",
  voiceUnmute: "Unmute voice",
  voiceUnmuteName: "Unmute voice of {name}",
  spotLocked: "🔒 locked (nobody new joins)",
  spotLock: "Lock",
  spotLockName: "Lock the {spot}",
  spotUnlock: "Unlock",
  spotUnlockName: "Unlock the {spot}",
  spotEnd: "End the talk",
  spotEndName: "End the talk at the {spot}",
  mutedElsewhere: "Voice muted, not in a talk now",
  lessonTitle: "The lesson's voice",
  lessonVoiceOn: "🔊 Speak to the classroom (voice on)",
  lessonVoiceOff: "Voice off",
  screenShareOn: "🖥️ Share a screen to the board",
  screenShareOff: "Stop sharing",
  screenSharingNow: "🖥️ Your screen is on the board. It reaches the children listening to the lesson (those with voice off are told how to see it).",
  screenShareHint: "The browser asks which screen or window to share. No camera and no sound are used.",
  screenShareNoVoice: "To share a screen, turn voice talk on in your settings.",
  lessonVoiceIsOn: "Voice on: children in the classroom can listen. Only you, and the child whose turn it is from the hand queue (\"next\"), can speak.",
  lessonVoiceIsOff: "Voice off: the classroom is text only.",
  lessonVoiceTeacherOnly: "Only the lesson's teacher ({teacher}) turns the lesson's voice on or off.",
  endTurn: "Take the turn back",
  endTurnName: "Take the turn back from {name}",
  turnOf: "Speaking now: {name}",
  lessonListeners: "Listening: {n} (peer-to-peer reaches {max})",
  p2pFull: "Peer-to-peer voice reaches at most {max} listeners. More need the media server (HIDAMARI_JANUS_URL), which is not configured.",
  counsellingTitle: "Counselling room voice",
  counsellingHint: "You can offer a voice talk to a child in the counselling room with you. The child decides; keeping to text is fine too.",
  counsellingGoThere: "To offer a voice talk, go into the counselling room yourself.",
  counsellingNobody: "No child is in the counselling room now.",
  counsellingInTalk: "Talking by voice",
  voiceOffer: "Offer a voice talk",
  voiceOfferName: "Offer a voice talk to {name}",
  voiceOffered: "Waiting for {name}'s answer.",
  voiceAnswerYes: "🎙️ {name} chose to talk by voice.",
  voiceAnswerNo: "💬 {name} would rather keep to text. That is fine.",
  voiceUnanswered: "💬 {name} did not answer the offer of a voice talk (their voice may be turned off). Carry on in text.",
  refusedOffer: "A voice talk can be offered only while you and the child are both in the counselling room.",
  refusedSpot: "That talk spot was not found.",
  refusedOther: "That voice action could not be done.",
};

export type VoiceWords = (key: VoiceWordKey, params?: Record<string, string | number>) => string;

export function voiceWords(lang: Lang): VoiceWords {
  const dict: Record<VoiceWordKey, string> = lang === "en" ? en : ja;
  return (key, params) => fill(dict[key], params);
}

/** The staff actions whose refusals the console words (the page's voice part words the person's own). */
const STAFF_ACTIONS = new Set(["voiceOffer", "voiceMute", "spotEnd", "spotLock", "lessonVoice", "endTurn"]);

/** The words for a refusal of one of staff's voice actions, or null if it is not one (then it is the voice part's). */
export function refusalWords(code: TalkRefusal, about: string | undefined): VoiceWordKey | null {
  if (!about || !STAFF_ACTIONS.has(about)) return null;
  if (code === "no_talk_here") return about === "voiceOffer" ? "refusedOffer" : about.startsWith("spot") ? "refusedSpot" : "refusedOther";
  return "refusedOther";
}
