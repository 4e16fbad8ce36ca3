import { DECK } from "../../shared/domain/deck.ts";

/** One page, ready to upload: its two images and its words for screen readers. */
export interface DeckPage {
  small: Blob;
  large: Blob;
  text: string;
}

/** What the teacher chose, read: how many pages, and each page made when asked for. */
export interface DeckSource {
  pages: number;
  page(n: number): Promise<DeckPage>;
  close(): void;
}

export class DeckFileError extends Error {
  constructor(readonly problem: "too_many_pages" | "too_big" | "not_readable") {
    super(problem);
  }
}

/**
 * Turns the teacher's files into board pages in their own browser (issue 15): a PDF is drawn
 * page by page with pdf.js (fetched only here, on the staff page, when a PDF is chosen), and its
 * text kept for screen readers; pictures are drawn as they are. Each page becomes two images,
 * the longest side at most DECK.large.maxSide and DECK.small.maxSide, so a child's tablet gets a
 * page sized for it and never the original upload. Nothing is uploaded from here.
 */
export async function readDeckFiles(files: File[]): Promise<DeckSource> {
  const pdf = files.find((f) => f.type === "application/pdf" || /\.pdf$/i.test(f.name));
  if (pdf) {
    if (pdf.size > DECK.pdfMaxBytes) throw new DeckFileError("too_big");
    return readPdf(pdf);
  }
  if (files.length === 0 || files.some((f) => !/^image\/(png|jpeg|webp)$/.test(f.type))) throw new DeckFileError("not_readable");
  if (files.length > DECK.maxPages) throw new DeckFileError("too_many_pages");
  return {
    pages: files.length,
    async page(n) {
      const file = files[n - 1];
      if (!file) throw new DeckFileError("not_readable");
      let bitmap: ImageBitmap;
      try {
        bitmap = await createImageBitmap(file);
      } catch {
        throw new DeckFileError("not_readable");
      }
      try {
        return { ...(await bothSizes(bitmap, bitmap.width, bitmap.height)), text: "" };
      } finally {
        bitmap.close();
      }
    },
    close() {},
  };
}

async function readPdf(file: File): Promise<DeckSource> {
  const pdfjs = await import("pdfjs-dist");
  const worker = await import("pdfjs-dist/build/pdf.worker.min.mjs?url");
  pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
  let doc: Awaited<ReturnType<typeof pdfjs.getDocument>["promise"]>;
  try {
    // No eval (the page's CSP forbids it), and nothing fetched from elsewhere.
    doc = await pdfjs.getDocument({ data: new Uint8Array(await file.arrayBuffer()), isEvalSupported: false, disableFontFace: false }).promise;
  } catch {
    throw new DeckFileError("not_readable");
  }
  if (doc.numPages > DECK.maxPages) {
    void doc.destroy();
    throw new DeckFileError("too_many_pages");
  }
  return {
    pages: doc.numPages,
    async page(n) {
      const page = await doc.getPage(n);
      const base = page.getViewport({ scale: 1 });
      const scale = DECK.large.maxSide / Math.max(base.width, base.height);
      const viewport = page.getViewport({ scale });
      const canvas = document.createElement("canvas");
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      const context = canvas.getContext("2d");
      if (!context) throw new DeckFileError("not_readable");
      // Slides are drawn on white: a transparent page would show the board's colour through.
      context.fillStyle = "#fff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      await page.render({ canvas, canvasContext: context, viewport }).promise;
      const content = await page.getTextContent();
      // Runs join as they were laid out (Japanese has no spaces between them); a line's end is a space.
      const text = content.items
        .map((item) => ("str" in item ? item.str + (item.hasEOL ? " " : "") : ""))
        .join("")
        .replace(/\s+/g, " ")
        .trim();
      page.cleanup();
      try {
        return { ...(await bothSizes(canvas, canvas.width, canvas.height)), text };
      } finally {
        canvas.width = canvas.height = 0; // give the memory back at once: a tablet has little
      }
    },
    close() {
      void doc.destroy();
    },
  };
}

async function bothSizes(source: CanvasImageSource, width: number, height: number): Promise<{ small: Blob; large: Blob }> {
  return {
    large: await encode(source, width, height, DECK.large),
    small: await encode(source, width, height, DECK.small),
  };
}

/** A picture the teacher chose, made at most `limit.maxSide` on its longest side and `limit.maxBytes` (the exhibit wall's). */
export async function shrinkPicture(file: File, limit: { maxSide: number; maxBytes: number }): Promise<Blob> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new DeckFileError("not_readable");
  }
  try {
    return await encode(bitmap, bitmap.width, bitmap.height, limit);
  } finally {
    bitmap.close();
  }
}

/** Draws the picture at most `limit.maxSide` on its longest side and encodes it within `limit.maxBytes`. */
async function encode(source: CanvasImageSource, width: number, height: number, limit: { maxSide: number; maxBytes: number }): Promise<Blob> {
  const scale = Math.min(1, limit.maxSide / Math.max(width, height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const context = canvas.getContext("2d");
  if (!context) throw new DeckFileError("not_readable");
  context.fillStyle = "#fff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
  try {
    // WebP where the browser writes it (smaller for slides), JPEG where it does not; less quality until it fits.
    for (const quality of [0.86, 0.72, 0.58, 0.44]) {
      let blob = await toBlob(canvas, "image/webp", quality);
      if (blob?.type !== "image/webp") blob = await toBlob(canvas, "image/jpeg", quality);
      if (blob && blob.size <= limit.maxBytes) return blob;
    }
    throw new DeckFileError("too_big");
  } finally {
    canvas.width = canvas.height = 0;
  }
}

function toBlob(canvas: HTMLCanvasElement, type: string, quality: number): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, type, quality));
}

/** A blob as the data URL the upload's JSON carries. */
export function dataUrlOf(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}
