/**
 * The words of the inclusion features: skip links, keyboard help, "go to", settings and the
 * first-visit tour. Merged into the main dictionary (dictionary.ts); plain Japanese for children.
 * A reading for kanji is written after it as 漢字《かんじ》: shown as furigana when turned on,
 * dropped otherwise (see ruby.ts).
 */
export const accessJa = {
  skipToChat: "チャットへ とぶ",
  skipToSpace: "3Dの へやへ とぶ",
  skipToConsole: "サポーター用《よう》 パネルへ とぶ",
  toolbar: "ツールバー",
  // Keyboard shortcuts
  shortcuts: "キーボードの つかいかた",
  // Go to
  goTo: "いく ところ",
  goToZone: "{zone}へ いく",
  goingTo: "{zone}へ いきます",
  arrivedAt: "{zone}に つきました",
  routeStopped: "とちゅうで とまりました",
  // Settings
  settings: "せってい",
  // Near you
  nearby: "ちかくに：",
  nearbyNobody: "だれも いません",
  personNear: "{name}さん（{dir}）",
  thingNear: "{thing}（{dir}）",
  listSeparator: "、",
  dirHere: "すぐ そば",
  dirUp: "おく",
  dirDown: "てまえ",
  dirLeft: "ひだり",
  dirRight: "みぎ",
  thingDesk: "つくえ",
  thingBoard: "こくばん",
  thingBench: "ベンチ",
  thingRug: "しきもの",
  thingBookshelf: "ほんだな",
  thingCushion: "クッション",
  thingTable: "テーブル",
  thingSofa: "ソファ",
  thingPlant: "うえき",
  thingDoor: "ドア",
  thingTeacherDesk: "せんせいの つくえ",
  thingLamp: "あかり",
  // Follow
  follow: "ついていく",
  followName: "{name}さんに ついていく",
  followStop: "ついていくのを やめる",
  following: "{name}さんに ついていきます",
  followStopped: "ついていくのを やめました",
  followGone: "{name}さんが いなくなったので、ついていくのを やめました",
  followNoWay: "{name}さんの ところへ いけないので、ついていくのを やめました",
  // Touch
  joystick: "あるく ための スティック",
  // First-visit tour
  tour: "はじめての ガイド",
  tourStep: "{n} / {total}",
  tourNext: "つぎへ",
  tourBack: "もどる",
  tourSkip: "とばす",
  tourDone: "はじめる",
  tour1Title: "ようこそ",
  tour1Text: "ここに いるだけで だいじょうぶ。なにも しなくても いいよ。",
  tour2Title: "あるく",
  tour2Text: "やじるしキーか W A S D で あるけるよ。ゆかを タップしても、「いく ところ」の ボタンでも いどう できるよ。",
  tour2TextTouch: "したの まるい スティックを うごかすと あるけるよ。ゆかを タップしても、「いく ところ」の ボタンでも いどう できるよ。",
  tour3Title: "きもちと チャット",
  tour3Text: "「きもち」で いまの ようすを しらせたり、リアクションや かんたんな ことばを おくれるよ。はなさなくても いいよ。",
  tour4Title: "こまったら",
  tour4Text: "「たすけて」を おすと、サポーターに すぐ とどくよ。",
} as const;

export type AccessKey = keyof typeof accessJa;
