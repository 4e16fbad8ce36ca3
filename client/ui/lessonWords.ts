import type { QuestionPhrase, Subject } from "../../shared/domain/lesson.ts";
import type { LessonErrorCode, LessonNoticeCode } from "../../shared/protocol/events.ts";
import { type Lang, READING, fill } from "../i18n/index.ts";
import type { LessonView } from "../net/connection.ts";

/**
 * The lesson's own words, in both languages: fetched with its panel the first time a lesson is
 * on (client/space/lessonLoader.ts), so a first visit carries none of them. The notices and
 * errors only a lesson brings are here too (lessonSays): a page that is told one fetches them
 * then (staff-only ones are the staff page's words; a quick check's, its card's). Written mostly in
 * kana, as a young child reads; where a kanji is used it is written 漢字《かんじ》 and shown with
 * client/ui/ruby.ts, as in the page's dictionary.
 */
const WORDS = {
  ja: {
    lessonHeading: "じゅぎょう",
    pinAskTitle: "📌 こくばんに のせても いい？",
    pinAskText: "{by}さんが、あなたの こたえ「{text}」を こくばんに のせたいそうです。どれでも だいじょうぶ。",
    consentName: "はい、なまえも だして",
    consentAnonymous: "はい、なまえは ださないで",
    consentNo: "やめておく",
    exhibitWall: "てんじの かべ",
    exhibitDown: "おろす",
    exhibitAskTitle: "🖼️ さくひんを かざっても いい？",
    exhibitAskText: "{by}さんが、あなたの さくひん「{text}」を てんじの かべに かざりたいそうです。いつでも じぶんで おろせます。どれでも だいじょうぶ。",
    lessonOnDoor: "📖 いま きょうしつで じゅぎょう: {lesson}",
    lessonLine: "{title}{about} — {teacher}",
    lessonAbout: "（{about}）",
    lessonFromAnywhere: "きょうしつで しています。いかなくても ここで みられます。",
    lessonSit: "すわる",
    lessonStand: "たつ",
    lessonHandPlace: "✋ あなたは {place}ばんめ です",
    lessonAsk: "せんせいに しつもん（ほかの ひとには みえません）",
    lessonAskPhrases: "ひとことで しつもん",
    lessonAnswers: "せんせいの こたえ",
    lessonWaiting: "こたえを まっている しつもん",
    lessonAnswerYou: "あなたへ",
    lessonAnswerClass: "みんなへ",
    subjectJapanese: "こくご",
    subjectMaths: "さんすう・すうがく",
    subjectScience: "りか",
    subjectSocial: "しゃかい",
    subjectEnglish: "えいご",
    subjectMusic: "おんがく",
    subjectArt: "ずこう・びじゅつ",
    subjectPe: "たいいく",
    subjectMoral: "どうとく",
    subjectHomeroom: "がっきゅうかつどう",
    subjectOther: "そのほか",
    gradePrimary: "しょう{n}",
    gradeJunior: "ちゅう{n}",
    errNoLesson: "いまは じゅぎょうが ありません。",
    errLessonOn: "もう じゅぎょうが はじまっています。",
    errNotInClassroom: "きょうしつに いるときに できます。",
    errNoSeat: "いまは あいている せきが ありません。たったままでも、どこからでも さんか できます。",
    errNoSuchQuestion: "その しつもんは もう こたえてあります。",
    errNoSuchAnswer: "その こたえは もう ありません。",
    noticeHandTurn: "{by}さんが あなたを あてました。どうぞ！",
    noticeHandsLowered: "{by}さんが みんなの てを おろしました。",
    noticeQuestionSent: "しつもんが せんせいに とどきました。",
    noticeLessonStarted: "きょうしつで「{about}」の じゅぎょうが はじまりました。",
    noticeLessonOn: "いま きょうしつで「{about}」の じゅぎょうを しています。みるだけでも だいじょうぶ。",
    noticeLessonEnded: "じゅぎょうが おわりました。",
    noticeLookHere: "{by}さんから：こくばんを 見《み》てね。",
    errNoTables: "いまは テーブルの じかんでは ありません。",
    errTablesOn: "もう テーブルに わかれています。",
    errNotAtTable: "テーブルの せきに すわると、テーブルの チャットと ボードが つかえます。",
    tablesHeading: "テーブルの じかん",
    tablesAt: "あなたは テーブル{n}に います（こくばんに むかって ひだりから {n}れつめ）。",
    tablesWith: "いっしょ: {names}",
    tablesAlone: "いまは ひとりです。",
    tablesNone: "どの テーブルにも いません。すわると その テーブルに はいれます。すわらなくても だいじょうぶ。",
    tablesGoClassroom: "きょうしつに いくと、テーブルに すわれます。",
    tablesSitGroup: "テーブルを えらんで すわる",
    tablesSitAt: "テーブル{n}に すわる",
    tablesVisit: "{by}さんが この テーブルに きています。",
    tablesStaffRead: "テーブルの チャットと ボードは、せんせい（サポーター）も みています。",
    tablesChatHint: "チャットの おくりさき「わたしの テーブルへ」で、この テーブルの ひとに とどきます。",
    tablesChannel: "わたしの テーブルへ",
    tablesStarted: "テーブルの じかんです。すわっている テーブルの ひとと はなせます。",
    tablesEnded: "テーブルの じかんが おわりました。",
    tablesChannelBack: "チャットの おくりさきを「このエリアの ひとへ」に もどしました。",
    tableBoardTitle: "テーブルの ボード",
    tableBoardEmpty: "まだ なにも かいてありません。",
    tableBoardBy: "さいごに かいた ひと: {by}",
    tableBoardWrite: "ボードに かく（テーブルで ひとつの ボードです）",
    tableBoardPut: "ボードに のせる",
    // Quick checks (client/ui/pollCard.ts)
    pollHeading: "❓ せんせいからの しつもん",
    pollQuizHeading: "❓ クイズ",
    pollNew: "せんせいから しつもんが きました: {question}",
    pollChoices: "こたえを えらぶ",
    pollNumber: "すうじで こたえる",
    pollNumberBetween: "すうじで こたえる（{min}〜{max}）",
    pollNumberFrom: "すうじで こたえる（{min}より おおきい か おなじ）",
    pollNumberTo: "すうじで こたえる（{max}より ちいさい か おなじ）",
    pollSend: "おくる",
    pollPass: "こたえない",
    pollPassNote: "こたえなくても だいじょうぶ。だれが なにを こたえたかは、せんせいにしか みえません。",
    pollSent: "おくりました。せんせいが しめきるまで、かえられます。",
    pollMine: "あなたの こたえ: {answer}",
    pollPassed: "こたえない",
    pollPickOne: "こたえを ひとつ えらんでね。こたえなくても だいじょうぶ。",
    pollTypeNumber: "すうじを いれてね。こたえなくても だいじょうぶ。",
    pollOutOfRange: "{min}から {max}までの すうじで こたえてね。",
    pollWholeNumber: "せいすう（1、2、3 のような かず）で こたえてね。",
    pollClosed: "しめきりました。けっかです。",
    pollClosedNotice: "しつもんが しめきられました。けっかを みられます。",
    pollResult: "けっか（なまえは でません）",
    pollCount: "{n}にん",
    pollCorrect: "✓ せいかい",
    pollYours: "← あなた",
    pollPassedCount: "こたえない: {n}にん",
    pollNoNumbers: "すうじの こたえは ありませんでした。",
    pollGone: "この しつもんは もう しめきられました。",
    pollBadAnswer: "その こたえは おくれませんでした。もういちど えらんでね。",
  },
  en: {
    lessonHeading: "Lesson",
    lessonOnDoor: "📖 A lesson in the classroom now: {lesson}",
    lessonLine: "{title}{about} — {teacher}",
    lessonAbout: " ({about})",
    lessonFromAnywhere: "It is in the classroom. You can follow it from here too.",
    lessonSit: "Sit down",
    lessonStand: "Stand up",
    lessonHandPlace: "✋ You are number {place}",
    lessonAsk: "Ask the teacher (nobody else sees it)",
    lessonAskPhrases: "Ask in a word",
    lessonAnswers: "The teacher's answers",
    lessonWaiting: "Your questions waiting for an answer",
    lessonAnswerYou: "To you",
    lessonAnswerClass: "To everyone",
    subjectJapanese: "Japanese",
    subjectMaths: "Maths",
    subjectScience: "Science",
    subjectSocial: "Social studies",
    subjectEnglish: "English",
    subjectMusic: "Music",
    subjectArt: "Art",
    subjectPe: "PE",
    pinAskTitle: "📌 May it go on the board?",
    pinAskText: "{by} would like to put your answer “{text}” on the board. Any choice is fine.",
    consentName: "Yes, with my name",
    consentAnonymous: "Yes, without my name",
    consentNo: "No, thank you",
    exhibitWall: "Exhibit wall",
    exhibitDown: "Take down",
    exhibitAskTitle: "🖼️ May your work be shown?",
    exhibitAskText: "{by} would like to put your work “{text}” on the exhibit wall. You can take it down yourself at any time. Any choice is fine.",
    subjectMoral: "Moral education",
    subjectHomeroom: "Homeroom",
    subjectOther: "Other",
    gradePrimary: "Primary {n}",
    gradeJunior: "Junior high {n}",
    errNoLesson: "There is no lesson right now.",
    errLessonOn: "A lesson is already on.",
    errNotInClassroom: "You can do this in the classroom.",
    errNoSeat: "Every seat is taken just now. You can follow standing, or from anywhere.",
    errNoSuchQuestion: "That question has already been answered.",
    errNoSuchAnswer: "That answer is no longer there.",
    noticeHandTurn: "{by} picked you. Go ahead!",
    noticeHandsLowered: "{by} lowered everyone's hand.",
    noticeQuestionSent: "Your question reached the teacher.",
    noticeLessonStarted: "A lesson has begun in the classroom: “{about}”.",
    noticeLessonOn: "A lesson is on in the classroom: “{about}”. Just watching is fine.",
    noticeLessonEnded: "The lesson has ended.",
    noticeLookHere: "{by}: please look at the board.",
    errNoTables: "It is not table time just now.",
    errTablesOn: "The class is already at its tables.",
    errNotAtTable: "Sit at a table to use its chat and board.",
    tablesHeading: "Table time",
    tablesAt: "You are at table {n} (row {n} from the left, facing the board).",
    tablesWith: "With you: {names}",
    tablesAlone: "Nobody else is here yet.",
    tablesNone: "You are not at a table. Sit down to join one. It is fine not to.",
    tablesGoClassroom: "Go to the classroom to sit at a table.",
    tablesSitGroup: "Choose a table to sit at",
    tablesSitAt: "Sit at table {n}",
    tablesVisit: "{by} is at this table now.",
    tablesStaffRead: "The teachers (supporters) can read the table's chat and board too.",
    tablesChatHint: "In the chat, “To my table” reaches the people at this table.",
    tablesChannel: "To my table",
    tablesStarted: "Table time: you can talk with the people at the table you sit at.",
    tablesEnded: "Table time has ended.",
    tablesChannelBack: "The chat now goes to the people in this area again.",
    tableBoardTitle: "The table's board",
    tableBoardEmpty: "Nothing written yet.",
    tableBoardBy: "Last written by {by}",
    tableBoardWrite: "Write on the board (one board for the whole table)",
    tableBoardPut: "Put it on the board",
    pollHeading: "❓ A question from the teacher",
    pollQuizHeading: "❓ Quiz",
    pollNew: "A question from the teacher: {question}",
    pollChoices: "Choose an answer",
    pollNumber: "Answer with a number",
    pollNumberBetween: "Answer with a number ({min} to {max})",
    pollNumberFrom: "Answer with a number ({min} or more)",
    pollNumberTo: "Answer with a number ({max} or less)",
    pollSend: "Send",
    pollPass: "I'd rather not answer",
    pollPassNote: "It's fine not to answer. Only the teacher sees who answered what.",
    pollSent: "Sent — you can change it until the teacher closes it.",
    pollMine: "Your answer: {answer}",
    pollPassed: "rather not answer",
    pollPickOne: "Choose one answer. It's fine not to answer, too.",
    pollTypeNumber: "Type a number. It's fine not to answer, too.",
    pollOutOfRange: "Answer with a number from {min} to {max}.",
    pollWholeNumber: "Answer with a whole number (like 1, 2, 3).",
    pollClosed: "Closed. Here is the result.",
    pollClosedNotice: "The teacher closed the question. You can see the result.",
    pollResult: "Result (no names shown)",
    pollCount: "{n}",
    pollCorrect: "✓ Correct",
    pollYours: "← you",
    pollPassedCount: "Rather not answer: {n}",
    pollNoNumbers: "Nobody answered with a number.",
    pollGone: "This question has already closed.",
    pollBadAnswer: "That answer could not be sent. Please choose again.",
  },
} as const satisfies Record<Lang, Record<string, string>>;

export type LessonWord = keyof (typeof WORDS)["ja"];
export type LessonTranslate = (key: LessonWord, params?: Record<string, string | number>) => string;

/** Plain text (readings dropped): for labels, and wherever furigana cannot go. */
export function lessonWords(lang: Lang): LessonTranslate {
  const dict: Record<LessonWord, string> = WORDS[lang];
  return (key, params) => fill(dict[key].replace(READING, "$1"), params);
}

/** The lesson's own refusals and notices (shared/protocol/events.ts), each a kind word. */
const CODE_WORD: Record<LessonErrorCode | LessonNoticeCode, LessonWord> = {
  no_lesson: "errNoLesson",
  lesson_on: "errLessonOn",
  not_in_classroom: "errNotInClassroom",
  no_seat: "errNoSeat",
  no_such_question: "errNoSuchQuestion",
  no_such_answer: "errNoSuchAnswer",
  hand_turn: "noticeHandTurn",
  hands_lowered: "noticeHandsLowered",
  question_sent: "noticeQuestionSent",
  lesson_started: "noticeLessonStarted",
  lesson_ended: "noticeLessonEnded",
  look_here: "noticeLookHere",
  no_tables: "errNoTables",
  tables_on: "errTablesOn",
  not_at_table: "errNotAtTable",
};

/**
 * What the page says when the server answers with one of the lesson's codes, as written (readings
 * and all): the page renders it with furigana (client/ui/ruby.ts rubyNodes). Not rendered here,
 * so that the first visit's ruby.ts is not shared with this chunk (a shared module becomes a
 * chunk of its own, and costs the first visit more than it saves).
 */
export function lessonSays(lang: Lang, code: LessonErrorCode | LessonNoticeCode): string {
  return WORDS[lang][CODE_WORD[code]];
}

/** The question phrases (shared/domain/lesson.ts), as each reader's page says them. */
export const QUESTION_PHRASES: Record<QuestionPhrase, Record<Lang, string>> = {
  unsure: { ja: "よく わかりません", en: "I don't quite understand" },
  again: { ja: "もう いちど おねがいします", en: "Could you say that again?" },
  slower: { ja: "もう すこし ゆっくり おねがいします", en: "A little slower, please" },
  done: { ja: "できました", en: "I've finished" },
};

/** Each subject's word, as a timetable would say it. */
export const SUBJECT_WORD: Record<Subject, LessonWord> = {
  japanese: "subjectJapanese",
  maths: "subjectMaths",
  science: "subjectScience",
  social: "subjectSocial",
  english: "subjectEnglish",
  music: "subjectMusic",
  art: "subjectArt",
  pe: "subjectPe",
  moral: "subjectMoral",
  homeroom: "subjectHomeroom",
  other: "subjectOther",
};

/** 小1–小6 are 1–6, 中1–中3 are 7–9 (shared/domain/lesson.ts); 0 says nothing. */
export function gradeWord(w: LessonTranslate, grade: number): string {
  if (grade <= 0) return "";
  return grade <= 6 ? w("gradePrimary", { n: grade }) : w("gradeJunior", { n: grade - 6 });
}

/** "ぶんすう（さんすう・すうがく、しょう5） — たなか先生": what is on, for the door, the space and the console. */
export function lessonLine(w: LessonTranslate, separator: string, lesson: LessonView): string {
  const about = [lesson.subject in SUBJECT_WORD ? w(SUBJECT_WORD[lesson.subject as Subject]) : "", gradeWord(w, lesson.grade)].filter(Boolean).join(separator);
  return w("lessonLine", { title: lesson.title, about: about ? w("lessonAbout", { about }) : "", teacher: lesson.teacher });
}
