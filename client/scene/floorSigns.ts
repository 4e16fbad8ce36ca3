import { BufferAttribute, BufferGeometry, CanvasTexture, Mesh, MeshBasicMaterial, SRGBColorSpace } from "three";
import { ZONES } from "../../shared/domain/zones.ts";
import { type Lang, READING } from "../i18n/index.ts";
import { ZONE_READINGS } from "../ui/ruby.ts";

/** One sign's box on the canvas, in pixels, and on the floor, in metres. */
const SIGN_PX = { width: 512, height: 160 };
const SIGN_M = { width: 4, depth: 1.25 };

/**
 * The zones' names written on the floor, in the page's language: one canvas, one texture and one
 * mesh for all of them. A canvas each was a texture upload and a draw call each, made on the
 * page's thread while the child waits for the first frame (docs/benchmarks.md).
 */
export function floorSigns(lang: Lang): Mesh {
  const canvas = document.createElement("canvas");
  canvas.width = SIGN_PX.width;
  canvas.height = SIGN_PX.height * ZONES.length;
  const ctx = canvas.getContext("2d");
  const positions: number[] = [];
  const uvs: number[] = [];
  const index: number[] = [];
  const words = ZONES.map((zone) => (lang === "ja" && ZONE_READINGS[zone.id]) || zone.name[lang]);
  for (const [i, zone] of ZONES.entries()) {
    if (ctx) write(ctx, words[i] ?? "", i * SIGN_PX.height);
    // A quad flat on the floor, its top edge (the canvas's top) furthest into the room (−z).
    const { x, z } = zone.label;
    const top = 1 - i / ZONES.length;
    const bottom = 1 - (i + 1) / ZONES.length;
    const w = SIGN_M.width / 2;
    const d = SIGN_M.depth / 2;
    positions.push(x - w, 0.03, z - d, x + w, 0.03, z - d, x - w, 0.03, z + d, x + w, 0.03, z + d);
    uvs.push(0, top, 1, top, 0, bottom, 1, bottom);
    const v = i * 4;
    index.push(v, v + 2, v + 1, v + 2, v + 3, v + 1);
  }
  const geometry = new BufferGeometry();
  geometry.setAttribute("position", new BufferAttribute(new Float32Array(positions), 3));
  geometry.setAttribute("uv", new BufferAttribute(new Float32Array(uvs), 2));
  geometry.setIndex(index);
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  const signs = new Mesh(geometry, new MeshBasicMaterial({ map: texture, transparent: true, depthWrite: false }));
  signs.name = "floorSigns";
  signs.userData.words = words;
  return signs;
}

/** One zone's name in its box from `top`; furigana over the kanji (教室《きょうしつ》), as a child's school writes its signs. */
function write(ctx: CanvasRenderingContext2D, text: string, top: number): void {
  const font = (px: number) => `bold ${px}px 'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', sans-serif`;
  const centre = SIGN_PX.width / 2;
  ctx.font = font(64);
  ctx.textBaseline = "middle";
  ctx.fillStyle = "rgba(90, 60, 40, 0.55)";
  const plain = text.replace(READING, "$1");
  const scale = Math.min(1, (SIGN_PX.width - 12) / ctx.measureText(plain).width);
  let x = centre - (ctx.measureText(plain).width * scale) / 2;
  const parts = text.split(/《|》/);
  for (const [i, part] of parts.entries()) {
    ctx.font = font(64);
    if (i % 2) {
      // A reading: centred over the kanji just drawn (the end of the part before it).
      const base = /[\p{Script=Han}々]+$/u.exec(parts[i - 1] ?? "")?.[0] ?? "";
      const w = ctx.measureText(base).width * scale;
      ctx.font = font(26);
      ctx.textAlign = "center";
      ctx.fillText(part, x - w / 2, top + 42, w + 40);
      continue;
    }
    ctx.textAlign = "left";
    ctx.fillText(part, x, top + 104, ctx.measureText(part).width * scale);
    x += ctx.measureText(part).width * scale;
  }
}
