import { createRequire } from "node:module";
import PDFDocument from "pdfkit";

/**
 * What every printed paper Hidamari makes shares (the guardians' letter, the attendance report):
 * PDFKit, A4, Noto Sans JP from npm (OFL) embedded as a subset under two names ("text" and
 * "bold"), the organisation as author, and the finished bytes as one Buffer.
 */
const require = createRequire(import.meta.url);
const FONT = require.resolve("@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf");
const BOLD = require.resolve("@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf");

export type Pdf = InstanceType<typeof PDFDocument>;

export function newPdf(options: { lang: "ja" | "en"; title: string; author: string; margin?: number; bufferPages?: boolean }): { doc: Pdf; done: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: "A4",
    margin: options.margin ?? 50,
    bufferPages: options.bufferPages ?? false,
    info: { Title: options.title, Author: options.author, Creator: "Hidamari" },
    lang: options.lang === "ja" ? "ja-JP" : "en-GB",
  });
  doc.registerFont("text", FONT);
  doc.registerFont("bold", BOLD);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  return { doc, done };
}
