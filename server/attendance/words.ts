import type { DidPreset, GoalPreset } from "../../shared/domain/study.ts";
import type { Subject } from "../../shared/domain/lesson.ts";
import type { ZoneId } from "../../shared/domain/zones.ts";

/** The attendance report's words, for a school reader (adults: no furigana), in both languages. */
export const REPORT_WORDS = {
  ja: {
    title: "出席の報告（ひだまりでの活動記録）",
    child: "児童生徒",
    nickname: "（ひだまりでのニックネームです。学校での名前は登録されていません）",
    school: "学校",
    grade: "学年",
    period: "期間",
    made: "作成",
    by: "作成者",
    totals: (days: number, hours: string) => `出席した日: ${days} 日 / 合計 ${hours}`,
    none: "この期間に ひだまりに 来た日は ありません。",
    time: "時間",
    areas: "エリア",
    lessons: "授業",
    study: "自習",
    staff: "スタッフとの関わり",
    nothing: "なし",
    comment: "相談員からのコメント",
    noComment: "（コメントなし）",
    footnote: "時刻は学校の時間帯で表しています。話した内容や書いた内容は、この報告に含めていません。",
    page: (n: number, of: number) => `${n} / ${of} ページ`,
    weekdays: ["月", "火", "水", "木", "金", "土", "日"],
    dateOf: (date: string, weekday: number) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日（${["月", "火", "水", "木", "金", "土", "日"][weekday - 1]}）`,
    minutes: (ms: number) => duration(ms, "時間", "分"),
    greetings: "あいさつ", knocks: "そうだん室への ノック", helpAnswered: "相談・手助けの 応答", voiceOffers: "声での会話の 申し出",
    counselling: "そうだん室で スタッフと", voice: "スタッフと 声で会話",
    goal: "目標", did: "取り組み", ownWords: "自分の言葉で記入",
    grade_: (g: number) => (g === 0 ? "" : g <= 6 ? `小${g}` : `中${g - 6}`),
    csv: ["日付", "曜日", "滞在時刻", "滞在（分）", "教室（分）", "おしゃべりひろば（分）", "しずかコーナー（分）", "そうだん室（分）", "授業", "自習", "あいさつ", "ノック", "相談・手助けの応答", "声の会話の申し出", "そうだん室でスタッフと（分）", "スタッフと声で（分）"],
    csvTotal: "合計",
    csvMeta: { org: "組織", child: "児童生徒", period: "期間", comment: "コメント" },
  },
  en: {
    title: "Attendance report (activity in Hidamari)",
    child: "Pupil",
    nickname: "(their nickname in Hidamari: no school name has been entered)",
    school: "School",
    grade: "Grade",
    period: "Period",
    made: "Made",
    by: "Made by",
    totals: (days: number, hours: string) => `Days present: ${days} / Total ${hours}`,
    none: "No day in Hidamari in this period.",
    time: "Times",
    areas: "Areas",
    lessons: "Lessons",
    study: "Self-study",
    staff: "With staff",
    nothing: "none",
    comment: "Counsellor's comment",
    noComment: "(no comment)",
    footnote: "Times are in the school's time zone. Nothing anyone said or wrote is in this report.",
    page: (n: number, of: number) => `Page ${n} of ${of}`,
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    dateOf: (date: string, weekday: number) => `${["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][weekday - 1]} ${date}`,
    minutes: (ms: number) => duration(ms, " h ", " min"),
    greetings: "greetings", knocks: "knocks (counselling room)", helpAnswered: "help or talk requests answered", voiceOffers: "voice talk offers",
    counselling: "in the counselling room with staff", voice: "voice talk with staff",
    goal: "goal", did: "done", ownWords: "in their own words",
    grade_: (g: number) => (g === 0 ? "" : g <= 6 ? `elementary ${g}` : `junior high ${g - 6}`),
    csv: ["date", "weekday", "times", "minutes present", "classroom (min)", "talk area (min)", "quiet corner (min)", "counselling room (min)", "lessons", "self-study", "greetings", "knocks", "requests answered", "voice offers", "counselling room with staff (min)", "voice with staff (min)"],
    csvTotal: "total",
    csvMeta: { org: "organisation", child: "pupil", period: "period", comment: "comment" },
  },
} as const;

export const ZONE_WORDS: Record<"ja" | "en", Record<ZoneId, string>> = {
  ja: { classroom: "教室", talk: "おしゃべりひろば", quiet: "しずかコーナー", counselling: "そうだん室" },
  en: { classroom: "classroom", talk: "talk area", quiet: "quiet corner", counselling: "counselling room" },
};

export const SUBJECT_WORDS: Record<"ja" | "en", Record<Subject, string>> = {
  ja: { japanese: "国語", maths: "算数・数学", science: "理科", social: "社会", english: "英語", music: "音楽", art: "図工・美術", pe: "体育", moral: "道徳", homeroom: "朝の会・学活", other: "その他" },
  en: { japanese: "Japanese", maths: "Maths", science: "Science", social: "Social studies", english: "English", music: "Music", art: "Art", pe: "PE", moral: "Moral education", homeroom: "Homeroom", other: "Other" },
};

export const GOAL_WORDS: Record<"ja" | "en", Record<GoalPreset, string>> = {
  ja: { homework: "宿題", worksheet: "プリント", reading: "読書", kanji: "漢字", sums: "計算", english: "英語", explore: "調べ学習" },
  en: { homework: "homework", worksheet: "worksheet", reading: "reading", kanji: "kanji", sums: "sums", english: "English", explore: "exploring" },
};

export const DID_WORDS: Record<"ja" | "en", Record<DidPreset, string>> = {
  ja: { finished: "できた", a_little: "少しできた", not_today: "今日はここまで" },
  en: { finished: "finished", a_little: "did a little", not_today: "stopped for today" },
};

function duration(ms: number, h: string, m: string): string {
  const minutes = Math.round(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours}${h}${minutes % 60}${m}` : `${minutes}${m}`;
}
