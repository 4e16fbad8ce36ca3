/**
 * Pictures over avatars drawn on a canvas (never HTML): name tags, speech bubbles and reactions.
 * Each kind is drawn into its own atlas (atlas.ts) in boxes of its size, and all of a kind are
 * drawn in one call (billboards.ts). Each function draws into the box whose top left corner is
 * (x, y), already cleared and clipped, and returns the part of the box it covers, so that only
 * that part is drawn on screen (the rest is transparent, and blending transparent pixels is most
 * of what such pictures cost a software renderer).
 */
const FONT = "'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', system-ui, sans-serif, 'Noto Color Emoji'";

/**
 * Each kind of picture: its box on its atlas, in pixels (as many columns as fit 2048 pixels, the
 * widest texture every WebGL 2 device takes, and rows that grow as needed up to 2048 too), its
 * size over an avatar's head, in metres, and when it draws among the others. Each atlas holds at
 * least one picture for everyone a space lets in (test/unit/labels.test.ts). Name tags draw
 * first, then reactions, then bubbles: speech is never under a tag or a symbol.
 */
export const NAME_TAG = { name: "name tags", width: 256, height: 128, columns: 8, firstRows: 2, metresWide: 1.8, metresHigh: 0.9, order: 10 } as const;
/** 408 pixels wide: five to a row, so that 12 rows hold a bubble for each of 60 people. */
export const BUBBLE = { name: "speech bubbles", width: 408, height: 160, columns: 5, firstRows: 1, metresWide: 2.55, metresHigh: 1.0, order: 12 } as const;
export const REACTION = { name: "reactions", width: 128, height: 128, columns: 16, firstRows: 1, metresWide: 0.8, metresHigh: 0.8, order: 11 } as const;

/** The part of a NAME_TAG box that a tag covers, in pixels from its top left corner. */
export interface TagBounds {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The mark client/space/shell.ts puts on the line of someone speaking by voice: their name gets a ring too. */
export const SPEAKING = "🔊";

/**
 * A name tag: the nickname, and over it a smaller line (status, a raised hand) when there is one.
 * While the line says the person speaks by voice, a steady green ring goes round the name
 * (issue 16: gentle, never flashing).
 */
export function drawNameTag(ctx: CanvasRenderingContext2D, x: number, y: number, text: string, detail: string, staff: boolean): TagBounds {
  const W = NAME_TAG.width;
  ctx.translate(x, y);
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  let w = 0;
  if (detail) {
    ctx.font = `bold 26px ${FONT}`;
    w = Math.min(248, ctx.measureText(detail).width + 24);
    ctx.fillStyle = "rgba(255, 236, 200, 0.95)";
    roundRect(ctx, (W - w) / 2, 14, w, 38, 19);
    ctx.fill();
    ctx.fillStyle = "#6b3f1f";
    ctx.fillText(detail, W / 2, 34, 236);
  }
  ctx.font = `bold 34px ${FONT}`;
  const width = Math.min(248, ctx.measureText(text).width + 28);
  ctx.fillStyle = staff ? "rgba(200, 105, 62, 0.95)" : "rgba(255, 252, 245, 0.92)";
  roundRect(ctx, (W - width) / 2, 66, width, 48, 24);
  ctx.fill();
  ctx.fillStyle = staff ? "#ffffff" : "#4a3426";
  ctx.fillText(text, W / 2, 91, 236);
  if (detail.includes(SPEAKING)) {
    // The pill's own edge, clipped to its inside (half the line), so the tag's bounds stay.
    ctx.clip();
    ctx.lineWidth = 10;
    ctx.strokeStyle = "#3a7";
    ctx.stroke();
  }
  // Two pixels of margin keep the pills' antialiased edges inside.
  const half = Math.max(w, width) / 2 + 2;
  return { left: Math.max(0, W / 2 - half), top: detail ? 12 : 64, right: Math.min(W, W / 2 + half), bottom: 116 };
}

/** A reaction that floats over an avatar for a moment: its symbol on a white disc. */
export function drawReaction(ctx: CanvasRenderingContext2D, x: number, y: number, symbol: string): TagBounds {
  ctx.fillStyle = "rgba(255, 255, 255, 0.95)";
  ctx.beginPath();
  ctx.arc(x + 64, y + 64, 58, 0, Math.PI * 2);
  ctx.fill();
  ctx.font = `72px ${FONT}`;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillText(symbol, x + 64, y + 70);
  return { left: 4, top: 4, right: 124, bottom: 124 };
}

/** A chat line over its writer's head: up to three lines, as wide as its longest, standing on the bottom of its box. */
export function drawBubble(ctx: CanvasRenderingContext2D, x: number, y: number, text: string): TagBounds {
  ctx.font = `36px ${FONT}`;
  const W = BUBBLE.width;
  const lines = wrap(ctx, text, W - 52, 3);
  const width = Math.min(W - 16, Math.max(...lines.map((line) => ctx.measureText(line).width), 0) + 36);
  const left = (W - width) / 2;
  const height = 24 + lines.length * 44;
  const top = BUBBLE.height - height - 12;
  ctx.fillStyle = "rgba(255, 255, 255, 0.95)";
  ctx.strokeStyle = "rgba(150, 110, 80, 0.6)";
  ctx.lineWidth = 3;
  roundRect(ctx, x + left, y + top, width, height, 22);
  ctx.fill();
  ctx.stroke();
  ctx.fillStyle = "#3b2a20";
  ctx.textBaseline = "top";
  lines.forEach((line, i) => ctx.fillText(line, x + left + 18, y + top + 12 + i * 44, W - 52));
  return { left: left - 4, top: top - 4, right: W - left + 4, bottom: BUBBLE.height - 8 };
}

/** Japanese wraps between any two characters; words in Latin script stay whole where they fit. */
function wrap(ctx: CanvasRenderingContext2D, text: string, maxWidth: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = "";
  const pieces = text.match(/[A-Za-z0-9À-ɏ'’.,!?:;-]+\s*|\s+|[^]/gu) ?? [];
  for (const piece of pieces) {
    const fits = ctx.measureText(line + piece).width <= maxWidth;
    if (fits) {
      line += piece;
    } else if (ctx.measureText(piece).width <= maxWidth && line) {
      lines.push(line.trimEnd());
      line = piece.trimStart();
    } else {
      // A piece longer than a line: break it by characters.
      for (const ch of Array.from(piece)) {
        if (ctx.measureText(line + ch).width > maxWidth && line) {
          lines.push(line.trimEnd());
          line = ch.trimStart();
        } else {
          line += ch;
        }
      }
    }
    if (lines.length >= maxLines) break;
  }
  if (lines.length < maxLines && line) lines.push(line);
  if (lines.length === maxLines && Array.from(lines.join("")).length < Array.from(text).length) {
    lines[maxLines - 1] = `${Array.from(lines[maxLines - 1] ?? "").slice(0, -1).join("")}…`;
  }
  return lines;
}

function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
}
