import { CanvasTexture, SRGBColorSpace, Sprite, SpriteMaterial } from "three";

/**
 * Text over avatars drawn on a canvas (never HTML): name tags, speech bubbles and reactions.
 * Bubbles and reactions are sprites of their own (a few at a time, for seconds); the caller owns
 * each sprite and must call disposeSprite when it goes. Name tags are drawn into a shared atlas
 * (nameAtlas.ts) with drawNameTag.
 */
const FONT = "'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', system-ui, sans-serif, 'Noto Color Emoji'";

/** A name tag's box on its canvas, in pixels, and its size over an avatar's head, in metres. */
export const NAME_TAG = { width: 256, height: 128, metresWide: 1.8, metresHigh: 0.9 } as const;

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
 * A name tag: the nickname, and over it a smaller line (status, a raised hand) when there is one,
 * drawn into the NAME_TAG box whose top left corner is (x, y). While the line says the person
 * speaks by voice, a steady green ring goes round the name (issue 16: gentle, never flashing).
 * Returns the part it covers, so that only that part is drawn on screen (the rest of the box is
 * transparent, and blending transparent pixels is most of what tags cost a software renderer).
 */
export function drawNameTag(ctx: CanvasRenderingContext2D, x: number, y: number, text: string, detail: string, staff: boolean): TagBounds {
  const { width: W, height: H } = NAME_TAG;
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, W, H);
  ctx.clip();
  ctx.clearRect(x, y, W, H);
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
  ctx.restore();
  // Two pixels of margin keep the pills' antialiased edges inside.
  const half = Math.max(w, width) / 2 + 2;
  return { left: Math.max(0, W / 2 - half), top: detail ? 12 : 64, right: Math.min(W, W / 2 + half), bottom: 116 };
}

/** A reaction that floats over an avatar for a moment. */
export function emoteSprite(symbol: string): Sprite {
  const canvas = document.createElement("canvas");
  canvas.width = 128;
  canvas.height = 128;
  const ctx = canvas.getContext("2d");
  if (ctx) {
    ctx.fillStyle = "rgba(255, 255, 255, 0.95)";
    ctx.beginPath();
    ctx.arc(64, 64, 58, 0, Math.PI * 2);
    ctx.fill();
    ctx.font = `72px ${FONT}`;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(symbol, 64, 70);
  }
  return sprite(canvas, 0.8, 0.8);
}

export function bubbleSprite(text: string): Sprite {
  const canvas = document.createElement("canvas");
  canvas.width = 512;
  canvas.height = 160;
  const ctx = canvas.getContext("2d");
  if (ctx) {
    ctx.font = `36px ${FONT}`;
    const lines = wrap(ctx, text, 460, 3);
    const height = 24 + lines.length * 44;
    ctx.fillStyle = "rgba(255, 255, 255, 0.95)";
    ctx.strokeStyle = "rgba(150, 110, 80, 0.6)";
    ctx.lineWidth = 3;
    roundRect(ctx, 8, 160 - height - 12, 496, height, 22);
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = "#3b2a20";
    ctx.textBaseline = "top";
    lines.forEach((line, i) => ctx.fillText(line, 26, 160 - height - 12 + 12 + i * 44, 460));
  }
  return sprite(canvas, 3.2, 1.0);
}

/** Name tags draw in this order, bubbles and reactions after them: speech is never under a tag. */
export const NAME_TAG_ORDER = 10;
const BUBBLE_ORDER = 11;

export function disposeSprite(s: Sprite): void {
  s.material.map?.dispose();
  s.material.dispose();
}

function sprite(canvas: HTMLCanvasElement, width: number, height: number): Sprite {
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  // Readable over walls and furniture, and drawn after the name tags (BUBBLE_ORDER).
  const s = new Sprite(new SpriteMaterial({ map: texture, depthTest: false, transparent: true }));
  s.scale.set(width, height, 1);
  s.renderOrder = BUBBLE_ORDER;
  return s;
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
