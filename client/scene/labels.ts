import { CanvasTexture, SRGBColorSpace, Sprite, SpriteMaterial } from "three";

/**
 * Text over avatars drawn on a canvas (never HTML): nicknames and speech bubbles. The caller
 * owns the sprite and must call disposeSprite when it goes.
 */
const FONT = "'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', system-ui, sans-serif, 'Noto Color Emoji'";

/** A name tag: the nickname, and under it a smaller line (status, a raised hand) when there is one. */
export function nameSprite(text: string, detail = "", staff = false): Sprite {
  const canvas = document.createElement("canvas");
  canvas.width = 256;
  canvas.height = 128;
  const ctx = canvas.getContext("2d");
  if (ctx) {
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    if (detail) {
      ctx.font = `bold 26px ${FONT}`;
      const w = Math.min(248, ctx.measureText(detail).width + 24);
      ctx.fillStyle = "rgba(255, 236, 200, 0.95)";
      roundRect(ctx, (256 - w) / 2, 14, w, 38, 19);
      ctx.fill();
      ctx.fillStyle = "#6b3f1f";
      ctx.fillText(detail, 128, 34, 236);
    }
    ctx.font = `bold 34px ${FONT}`;
    const width = Math.min(248, ctx.measureText(text).width + 28);
    ctx.fillStyle = staff ? "rgba(200, 105, 62, 0.95)" : "rgba(255, 252, 245, 0.92)";
    roundRect(ctx, (256 - width) / 2, 66, width, 48, 24);
    ctx.fill();
    ctx.fillStyle = staff ? "#ffffff" : "#4a3426";
    ctx.fillText(text, 128, 91, 236);
  }
  return sprite(canvas, 1.8, 0.9);
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
    ctx.font = `72px ${FONT}, "Noto Color Emoji"`;
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

export function disposeSprite(s: Sprite): void {
  s.material.map?.dispose();
  s.material.dispose();
}

function sprite(canvas: HTMLCanvasElement, width: number, height: number): Sprite {
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  // Labels stay readable over walls and furniture.
  const s = new Sprite(new SpriteMaterial({ map: texture, depthTest: false, transparent: true }));
  s.scale.set(width, height, 1);
  s.renderOrder = 10;
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
