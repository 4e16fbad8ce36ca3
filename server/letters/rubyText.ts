import type PDFDocument from "pdfkit";

/** 漢字《かんじ》: a kanji run and its reading, as the pages write furigana (client/ui/ruby.ts). */
const READING = /([\p{Script=Han}々〆ヶ]+)《([^》]+)》/gu;

interface Piece {
  text: string;
  ruby: string | null;
}

/** Splits marked text into pieces a line can break between: a ruby run, a word, a space. */
function pieces(marked: string): Piece[] {
  const out: Piece[] = [];
  let at = 0;
  const plain = (text: string) => {
    // Japanese breaks anywhere; keep Latin words (addresses, codes) whole.
    for (const part of text.match(/[A-Za-z0-9@:/?=._&%+~#-]+|\s+|./gsu) ?? []) out.push({ text: part, ruby: null });
  };
  for (const m of marked.matchAll(READING)) {
    plain(marked.slice(at, m.index));
    out.push({ text: m[1] ?? "", ruby: m[2] ?? "" });
    at = (m.index ?? 0) + m[0].length;
  }
  plain(marked.slice(at));
  return out;
}

/**
 * A paragraph with furigana, laid out by hand (PDFKit has no ruby): each kanji run with its
 * reading centred above it at half size, lines broken to the width, room left above every line
 * for readings. Returns the y below the paragraph. Text without readings is set as it is.
 */
export function rubyParagraph(doc: PDFKit.PDFDocument | InstanceType<typeof PDFDocument>, marked: string, options: { x: number; y: number; width: number; size: number; font: string }): number {
  const { x, width, size, font } = options;
  const rubySize = size * 0.5;
  const hasRuby = READING.test(marked);
  READING.lastIndex = 0;
  const lineHeight = size * 1.35 + (hasRuby ? rubySize : 0);
  doc.font(font);
  let y = options.y;
  let line: Array<Piece & { w: number }> = [];
  let used = 0;
  const flush = () => {
    let cx = x;
    for (const p of line) {
      const top = y + (hasRuby ? rubySize : 0);
      doc.fontSize(size).text(p.text, cx, top, { lineBreak: false });
      if (p.ruby) {
        const rw = doc.fontSize(rubySize).widthOfString(p.ruby);
        doc.fontSize(rubySize).text(p.ruby, cx + (p.w - rw) / 2, y, { lineBreak: false });
      }
      cx += p.w;
    }
    y += lineHeight;
    line = [];
    used = 0;
  };
  for (const p of pieces(marked)) {
    if (p.text === "\n") {
      flush();
      continue;
    }
    const base = doc.fontSize(size).widthOfString(p.text);
    const w = p.ruby ? Math.max(base, doc.fontSize(rubySize).widthOfString(p.ruby)) : base;
    // Closing brackets and stops never start a line (kinsoku): they hang past the edge instead.
    if (used + w > width && line.length && !/^[、。，．）」』】〉》…ー)!?？！]$/.test(p.text)) {
      flush();
      if (/^\s+$/.test(p.text)) continue; // no space at the start of a line
    }
    line.push({ ...p, w });
    used += w;
  }
  if (line.length) flush();
  return y;
}
