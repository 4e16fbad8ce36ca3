import type { ReportStatus } from "../../shared/protocol/reports.ts";
import type { Lang } from "../i18n/index.ts";

/**
 * The words of "what we record about you" (issue 19), fetched with the page (client/ui/records.ts)
 * so a first visit carries none of them. Japanese as a child of seven reads it: kana, and the few
 * kanji with readings (漢字《かんじ》). Every sentence must stay true: when what Hidamari keeps
 * changes, this changes with it (test/browser/records.test.ts reads it).
 */
const WORDS = {
  ja: {
    open: "🔒 きろくの こと",
    title: "🔒 ひだまりが きろくする こと",
    close: "とじる",
    whatHeading: "きろくする こと",
    what: [
      "ニックネーム と あいことば（あいことばは だれにも よめない かたちで しまっています）",
      "いつ きて いつ かえったか、どの エリアに いたか、どこを あるいたか、どこに すわったか",
      "「きもち」や リアクション（✋ 😊 など）を えらんだ こと、「たすけて」や「サポーターと はなしたい」を おした こと",
      "じゅぎょうで てを あげた こと、しつもんを した こと（かいた ことばでは なく ながさだけ）、クイックチェックの こたえ、こたえや さくひんを みせて いいかの へんじ、テーブルの ボードに かいた こと",
      "こえの おしゃべりに はいった・ぬけた こと、マイクを つけた・けした こと",
      "チャットを おくった こと。なにを かいたかは、おうちの 人《ひと》が「いいよ」と いったときだけ のこります",
      "じしゅうの めあてと やったこと、そうだんの よやく、あなたが おくった しらせ",
      "「きょうの きもち」（えらんだ 日《ひ》だけ）",
    ],
    notWhat: "カメラは つかいません。こえや がめんきょうゆうの なかみは きろくしません。",
    whoHeading: "だれが みられるか",
    who: [
      "あなたの サポーター（ひだまりの スタッフ）",
      "けんきゅうの 人《ひと》は、おうちの 人《ひと》が「いいよ」と いったときだけ。なまえを けして、だれか わからない かたちで みます",
      "がっこうには、サポーターが「しゅっせきの ほうこく」を つくったときだけ とどきます",
      "ほかの 子《こ》には みえません",
    ],
    howLongHeading: "どのくらい しまっておくか",
    howLong: "いつ きたか などの きろくは、いちばん ながくて {days}にち。そのあとは けします。",
    askHeading: "みせて ほしい・けして ほしい とき",
    ask: "おうちの 人《ひと》か サポーターに いってね。おうちの 人《ひと》が たのむと、ひだまりの せきにんしゃが、あなたの きろくを ぜんぶ みせたり、けしたり できます。",
    consentHeading: "おうちの 人《ひと》の こたえ",
    consent_none: "けんきゅうには つかいません。",
    consent_activity: "なにを したかを けんきゅうに つかって いいよ（かいた ことばは つかいません）。",
    consent_activity_chat: "なにを したかと、かいた ことばを けんきゅうに つかって いいよ。",
    lookingHeading: "👀 の サイン",
    looking: "「サポーターが みまもっています」と でている ときは、スタッフが だれかの ようすを みています。だれの ことかは でません。",
    reportsHeading: "あなたが おくった しらせ",
    reportsNone: "まだ ありません。",
    report: "{when} の しらせ: {status}",
    status_received: "サポーターに とどきました",
    status_looked_at: "サポーターが よみました",
    status_closed: "おわりました",
    loadProblem: "いまは よみこめませんでした。あとで もういちど ひらいてね。",
    lookingSign: "👀 サポーターが みまもっています",
  },
  en: {
    open: "🔒 What we record",
    title: "🔒 What Hidamari records about you",
    close: "Close",
    whatHeading: "What we record",
    what: [
      "Your nickname and access code (the code is kept in a form nobody can read)",
      "When you came and left, which areas you were in, where you walked and where you sat",
      "The moods and reactions you chose (✋ 😊 and so on), and when you pressed \"Help\" or \"I want to talk to a supporter\"",
      "In a lesson: raising your hand, that you asked a question (only how long it was, not the words), your quick check answers, your answer when asked whether your answer or work may be shown, and drawing on your table's board",
      "Joining or leaving a voice talk, and turning your microphone on or off",
      "That you sent a chat line. What you wrote is kept only if your family said yes",
      "Your self-study goals and what you did, your bookings, and reports you sent",
      "\"How I feel today\" (only on days you chose one)",
    ],
    notWhat: "We never use a camera. We do not record what is said by voice or shown on a shared screen.",
    whoHeading: "Who can see it",
    who: [
      "Your supporters (Hidamari's staff)",
      "Researchers, only if your family said yes, and without your name, so they cannot tell who you are",
      "Your school, only if a supporter makes an attendance report for it",
      "Other children cannot see it",
    ],
    howLongHeading: "How long we keep it",
    howLong: "Records such as when you came are kept {days} days at most, then deleted.",
    askHeading: "If you want to see it or have it deleted",
    ask: "Tell your family or a supporter. When your family asks, the person in charge of Hidamari can show you everything we keep about you, or delete it.",
    consentHeading: "What your family said",
    consent_none: "Nothing is used for research.",
    consent_activity: "What you do may be used for research (not what you write).",
    consent_activity_chat: "What you do and what you write may be used for research.",
    lookingHeading: "The 👀 sign",
    looking: "When \"staff are looking after the space\" shows, a staff member is looking at someone's details. It never says whose.",
    reportsHeading: "Reports you sent",
    reportsNone: "None yet.",
    report: "Report of {when}: {status}",
    status_received: "reached the supporters",
    status_looked_at: "a supporter read it",
    status_closed: "dealt with",
    loadProblem: "This could not be loaded now. Please open it again later.",
    lookingSign: "👀 Staff are looking after the space",
  },
} as const;

export type RecordsWords = (typeof WORDS)["ja"] | (typeof WORDS)["en"];
export const recordsWords = (lang: Lang): RecordsWords => WORDS[lang];
export const statusWord = (w: RecordsWords, status: ReportStatus): string => w[`status_${status}`];
