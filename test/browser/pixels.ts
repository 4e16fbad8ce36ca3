import type { Page } from "playwright-core";
import { expect } from "vitest";

/** A box of a picture, in pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What differs between two pictures in one box: how many pixels, and on which rows (top first). */
export interface Change {
  pixels: number;
  rows: number[];
}

/** How many rows the tallest band of changed rows is (one row's gap closes no band: antialiasing). */
export function tallestBand(rows: number[]): number {
  let tallest = 0;
  let start = rows[0] ?? 0;
  rows.forEach((row, i) => {
    if (i > 0 && row - (rows[i - 1] ?? row) > 2) start = row;
    tallest = Math.max(tallest, row - start + 1);
  });
  return tallest;
}

/** The whole of a PNG screenshot, as a box (its width and height are in its header). */
export function whole(png: Buffer): Box {
  return { x: 0, y: 0, width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The space's picture once it stops changing (reduced motion: the same screenshot twice in a row). */
export async function stillPicture(page: Page): Promise<Buffer> {
  const canvas = page.locator("canvas").first();
  let last: Buffer = Buffer.alloc(0);
  await expect
    .poll(async () => {
      const now = await canvas.screenshot();
      const same = now.equals(last);
      last = now;
      return same;
    }, { timeout: 20_000 })
    .toBe(true);
  return last;
}

/**
 * What differs between two screenshots of the same size in each box, decoded by the browser in
 * `blank` (a page of its own: the pictures are not the page's business). A pixel differs when its
 * colour channels differ by more than 24 in all (antialiasing and dithering stay under it).
 */
export async function changes(blank: Page, a: Buffer, b: Buffer, boxes: Box[]): Promise<Change[]> {
  return blank.evaluate(
    async ([first, second, areas]) => {
      const pixels = async (png: string) => {
        const image = new Image();
        image.src = `data:image/png;base64,${png}`;
        await image.decode();
        const c = new OffscreenCanvas(image.width, image.height);
        const g = c.getContext("2d") as OffscreenCanvasRenderingContext2D;
        g.drawImage(image, 0, 0);
        return { data: g.getImageData(0, 0, image.width, image.height).data, width: image.width };
      };
      const [p, q] = await Promise.all([pixels(first), pixels(second)]);
      return areas.map(({ x, y, width, height }) => {
        let n = 0;
        const rows: number[] = [];
        for (let row = y; row < y + height; row++)
          for (let column = x; column < x + width; column++) {
            const i = (row * p.width + column) * 4;
            if (Math.abs((p.data[i] ?? 0) - (q.data[i] ?? 0)) + Math.abs((p.data[i + 1] ?? 0) - (q.data[i + 1] ?? 0)) + Math.abs((p.data[i + 2] ?? 0) - (q.data[i + 2] ?? 0)) <= 24) continue;
            n++;
            if (rows.at(-1) !== row) rows.push(row);
          }
        return { pixels: n, rows };
      });
    },
    [a.toString("base64"), b.toString("base64"), boxes] as const,
  );
}
