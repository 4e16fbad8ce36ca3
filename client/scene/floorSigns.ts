import { CanvasTexture, Group, Mesh, MeshBasicMaterial, PlaneGeometry, SRGBColorSpace } from "three";
import { ZONES } from "../../shared/domain/zones.ts";
import { type Lang, READING } from "../i18n/index.ts";
import { ZONE_READINGS } from "../ui/ruby.ts";

/** One sign's picture, in pixels, and its size on the floor, in metres. */
const SIGN_PX = { width: 512, height: 160 };
const SIGN_M = { width: 4, depth: 1.25 };

/**
 * The zones' names written on the floor, in the page's language. A sign each, not one picture for
 * all: three sends a texture to the GPU when it is first drawn, and a sign out of view is not, so
 * the first frame sends only the one or two the child sees. All four in one texture made the
 * drawing behind the door 100–170 ms slower on the LTE profile (docs/benchmarks.md).
 */
export function floorSigns(lang: Lang): Group {
  const signs = new Group();
  signs.name = "floorSigns";
  const words = ZONES.map((zone) => (lang === "ja" && ZONE_READINGS[zone.id]) || zone.name[lang]);
  for (const [i, zone] of ZONES.entries()) signs.add(sign(words[i] ?? "", zone.label));
  signs.userData.words = words;
  return signs;
}

function sign(text: string, at: { x: number; z: number }): Mesh {
  const canvas = document.createElement("canvas");
  canvas.width = SIGN_PX.width;
  canvas.height = SIGN_PX.height;
  const ctx = canvas.getContext("2d");
  if (ctx) write(ctx, text);
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  const mesh = new Mesh(new PlaneGeometry(SIGN_M.width, SIGN_M.depth), new MeshBasicMaterial({ map: texture, transparent: true, depthWrite: false }));
  mesh.rotation.x = -Math.PI / 2;
  mesh.position.set(at.x, 0.03, at.z);
  return mesh;
}

/** A zone's name; furigana over the kanji (教室《きょうしつ》), as a child's school writes its signs. */
function write(ctx: CanvasRenderingContext2D, text: string): void {
  const font = (px: number) => `bold ${px}px 'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', sans-serif`;
  ctx.font = font(64);
  ctx.textBaseline = "middle";
  ctx.fillStyle = "rgba(90, 60, 40, 0.55)";
  const plainWidth = ctx.measureText(text.replace(READING, "$1")).width;
  const scale = Math.min(1, (SIGN_PX.width - 12) / plainWidth);
  let x = SIGN_PX.width / 2 - (plainWidth * scale) / 2;
  const parts = text.split(/《|》/);
  for (const [i, part] of parts.entries()) {
    ctx.font = font(64);
    if (i % 2) {
      // A reading: centred over the kanji just drawn (the end of the part before it).
      const base = /[\p{Script=Han}々]+$/u.exec(parts[i - 1] ?? "")?.[0] ?? "";
      const w = ctx.measureText(base).width * scale;
      ctx.font = font(26);
      ctx.textAlign = "center";
      ctx.fillText(part, x - w / 2, 42, w + 40);
      continue;
    }
    const width = ctx.measureText(part).width * scale;
    ctx.textAlign = "left";
    ctx.fillText(part, x, 104, width);
    x += width;
  }
}
