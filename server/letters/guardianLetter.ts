import qrcode from "qrcode-generator";
import type { Timetable } from "../../shared/domain/timetable.ts";
import { type Pdf, newPdf } from "./pdf.ts";
import { rubyParagraph } from "./rubyText.ts";

/**
 * The letter for a child's guardians (issue 18): how to come in (the address, the access code with
 * a QR code, or the school's account), when Hidamari is open, what it records and who to ask. A
 * PDF made here with PDFKit and Noto Sans JP (from npm, OFL, embedded as a subset), in Japanese with
 * furigana or in English. It names the child only by the nickname Hidamari knows.
 */
export interface LetterInput {
  lang: "ja" | "en";
  orgName: string;
  nickname: string;
  /** The access code just issued (shown once, so the letter is made then), or null. */
  code: string | null;
  /** Hidamari's address, as the families' devices reach it. */
  url: string;
  /** The door's "school account" link, when the organisation lets children use it. */
  schoolUrl: string | null;
  feedUrl: string;
  timetable: Timetable;
  contact: string;
}

const WEEKDAYS = {
  ja: ["月曜日《げつようび》", "火曜日《かようび》", "水曜日《すいようび》", "木曜日《もくようび》", "金曜日《きんようび》", "土曜日《どようび》", "日曜日《にちようび》"],
  en: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
};

const WORDS = {
  ja: {
    title: "ひだまりへ ようこそ",
    to: "保護者《ほごしゃ》の みなさまへ",
    intro: "{nickname} さんが ひだまりに 参加《さんか》できるように なりました。ひだまりは、家《いえ》から ブラウザで 入《はい》れる、みんなの 居場所《いばしょ》です。話《はな》さなくても、見《み》ているだけでも だいじょうぶです。",
    howTitle: "入《はい》りかた",
    how1: "タブレットや パソコンの ブラウザで、つぎの アドレスを ひらきます（QR コードでも ひらけます）。",
    how2: "「あいことば」に つぎの ことばを 入《い》れて、「はいる」を おします。",
    howNoCode: "あいことばは 別《べつ》の カードで お知《し》らせします。",
    howSchool: "学校《がっこう》の アカウントでも 入《はい》れます: ",
    hoursTitle: "ひらいている 時間《じかん》",
    closedDay: "おやすみ",
    noHours: "ひらく 時間《じかん》は まだ 決《き》まっていません。ドアに「あいています」と 出《で》ている ときに 入《はい》れます。",
    holidaysClosed: "祝日《しゅくじつ》は おやすみです。",
    holidaysOpen: "祝日《しゅくじつ》も ひらいています。",
    supervised: "スタッフが いる ときだけ 入《はい》れます。",
    calendar: "カレンダーアプリに 入《い》れる アドレス（iCal）: ",
    recordsTitle: "ひだまりが 記録《きろく》すること",
    records: [
      "入《はい》った 時刻《じこく》と 出《で》た 時刻《じこく》、いた 場所《ばしょ》（教室《きょうしつ》など）を 記録《きろく》します。",
      "チャットは スタッフが 見守《みまも》るために のこし、決《き》まった 日数《にっすう》の あとで 消《け》します。",
      "カメラは つかいません。声《こえ》で 話《はな》す ときも 録音《ろくおん》は しません。",
      "研究《けんきゅう》に つかうのは、保護者《ほごしゃ》の 同意《どうい》が ある ときだけで、名前《なまえ》は のぞきます。",
      "記録《きろく》を 見《み》たい とき、消《け》して ほしい ときは、下《した》の 連絡先《れんらくさき》に お知《し》らせください。",
    ],
    contactTitle: "連絡先《れんらくさき》",
  },
  en: {
    title: "Welcome to Hidamari",
    to: "To the family of",
    intro: "{nickname} can now join Hidamari, a place for children to be together, entered from home in a web browser. Nobody has to talk; just being there is fine.",
    howTitle: "How to come in",
    how1: "Open this address in the browser of a tablet or computer (or scan the QR code).",
    how2: "Type this into \"access code\" and press \"Enter\".",
    howNoCode: "The access code comes on a separate card.",
    howSchool: "The school's account works too: ",
    hoursTitle: "When Hidamari is open",
    closedDay: "closed",
    noHours: "Opening hours are not set yet. Children can come in whenever the door says it is open.",
    holidaysClosed: "Closed on public holidays.",
    holidaysOpen: "Open on public holidays too.",
    supervised: "Children can come in only while a staff member is there.",
    calendar: "Address for a calendar app (iCal): ",
    recordsTitle: "What Hidamari records",
    records: [
      "When your child came in and left, and which areas (the classroom and so on) they were in.",
      "Chat is kept so staff can look after everyone, and deleted after a set number of days.",
      "No camera is ever used. Voice talk is never recorded.",
      "Research uses records only with a guardian's consent, and without names.",
      "To see your child's records, or to have them deleted, please contact us below.",
    ],
    contactTitle: "Contact",
  },
} as const;

export function guardianLetter(input: LetterInput): Promise<Buffer> {
  const w = WORDS[input.lang];
  const { doc, done } = newPdf({ lang: input.lang, title: `${w.title} — ${input.orgName}`, author: input.orgName });

  const x = 50;
  const width = doc.page.width - 100;
  let y = 50;
  /** Narrower beside the QR code. */
  let right = 0;
  const para = (marked: string, size = 11, font = "text") => {
    y = rubyParagraph(doc, marked, { x, y, width: width - right, size, font }) + 4;
  };
  const heading = (marked: string) => {
    y += 8;
    para(marked, 14, "bold");
  };
  const fill = (text: string) => text.replace("{nickname}", input.nickname);

  doc.fillColor("#8a4a24");
  para(input.orgName, 11);
  para(w.title, 22, "bold");
  doc.fillColor("#222222");
  para(input.lang === "ja" ? `${w.to}（${input.nickname} さん）` : `${w.to} ${input.nickname}`, 12);
  para(fill(w.intro));

  heading(w.howTitle);
  const top = y;
  let below = y;
  if (input.code) {
    below = qr(doc, `${input.url}?code=${encodeURIComponent(input.code)}`, x + width - 110, top, 110);
    right = 120;
  }
  para(`1. ${w.how1}`);
  para(input.url, 13, "bold");
  if (input.code) {
    para(`2. ${w.how2}`);
    para(input.code, 20, "bold");
  } else para(`2. ${w.howNoCode}`);
  y = Math.max(y, below);
  right = 0;
  if (input.schoolUrl) para(`${w.howSchool}${input.schoolUrl}`);

  heading(w.hoursTitle);
  const hours = input.timetable.hours;
  if (hours.length === 0) para(w.noHours);
  else {
    for (let day = 1; day <= 7; day++) {
      const periods = hours.filter((h) => h.weekday === day).sort((a, b) => a.from.localeCompare(b.from));
      const dash = input.lang === "ja" ? "〜" : "–";
      para(`${WEEKDAYS[input.lang][day - 1]}  ${periods.length ? periods.map((p) => `${p.from}${dash}${p.to}`).join(", ") : w.closedDay}`, 10.5);
    }
    para(input.timetable.openOnPublicHolidays ? w.holidaysOpen : w.holidaysClosed, 10.5);
  }
  para(w.supervised, 10.5);
  para(`${w.calendar}${input.feedUrl}`, 9);

  heading(w.recordsTitle);
  for (const line of w.records) para(`・${line}`, 10.5);

  heading(w.contactTitle);
  para(input.contact ? `${input.orgName}  ${input.contact}` : input.orgName);
  doc.end();
  return done;
}

/** The door's address with the code in it, as dark squares (no image format needed); returns the y below it. */
function qr(doc: Pdf, data: string, x: number, y: number, size: number): number {
  const code = qrcode(0, "M");
  code.addData(data);
  code.make();
  const n = code.getModuleCount();
  const cell = size / (n + 2);
  doc.save().fillColor("#000000");
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (code.isDark(r, c)) doc.rect(x + (c + 1) * cell, y + (r + 1) * cell, cell, cell).fill();
  doc.restore();
  return y + size + 4;
}
