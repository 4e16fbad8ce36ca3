import { CanvasTexture, SRGBColorSpace, Sprite, SpriteMaterial } from "three";

/**
 * Text over avatars drawn on a canvas (never HTML): nicknames and speech bubbles. The caller
 * owns the sprite and must call disposeSprite when it goes.
 */
const FONT = "'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', system-ui, sans-serif";

export function nameSprite(text: string): Sprite {
  const canvas = document.createElement("canvas");
  canvas.width = 256;
  canvas.height = 64;
  const ctx = canvas.getContext("2d");
  if (ctx) {
    ctx.font = `bold 34px ${FONT}`;
    const width = Math.min(248, ctx.measureText(text).width + 28);
    ctx.fillStyle = "rgba(255, 252, 245, 0.9)";
    roundRect(ctx, (256 - width) / 2, 10, width, 44, 22);
    ctx.fill();
    ctx.fillStyle = "#4a3426";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(text, 128, 33, 236);
  }
  return sprite(canvas, 1.8, 0.45);
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

function wrap(ctx: CanvasRenderingContext2D, text: string, maxWidth: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const ch of Array.from(text)) {
    if (ctx.measureText(line + ch).width > maxWidth) {
      lines.push(line);
      line = ch.trimStart();
      if (lines.length === maxLines) break;
    } else {
      line += ch;
    }
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
