import { FURNITURE } from "../../../shared/domain/furniture.ts";
import type { Heatmap } from "../../../shared/research/report.ts";
import { FLOOR, WALLS, ZONES } from "../../../shared/domain/zones.ts";

/**
 * Where people spent time, over the floor plan: zones and walls drawn from shared/ data, with
 * position samples as warm cells (square-root scaled so quiet corners still show).
 */
export function heatmapCanvas(map: Heatmap, label: string, lang: "ja" | "en"): HTMLCanvasElement {
  const scale = 20; // pixels per metre
  const canvas = document.createElement("canvas");
  canvas.width = (FLOOR.x1 - FLOOR.x0) * scale;
  canvas.height = (FLOOR.z1 - FLOOR.z0) * scale;
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", label);
  canvas.className = "heatmap";
  const ctx = canvas.getContext("2d");
  if (!ctx) return canvas;
  const px = (x: number) => (x - FLOOR.x0) * scale;
  const pz = (z: number) => (z - FLOOR.z0) * scale;
  for (const zone of ZONES) {
    ctx.fillStyle = `#${zone.colour.toString(16).padStart(6, "0")}`;
    for (const r of zone.floor) ctx.fillRect(px(r.x0), pz(r.z0), (r.x1 - r.x0) * scale, (r.z1 - r.z0) * scale);
  }
  ctx.fillStyle = "rgba(120, 80, 50, 0.35)";
  for (const f of FURNITURE) if (f.solid) ctx.fillRect(px(f.footprint.x0), pz(f.footprint.z0), (f.footprint.x1 - f.footprint.x0) * scale, (f.footprint.z1 - f.footprint.z0) * scale);
  const max = Math.max(1, ...map.counts);
  map.counts.forEach((n, i) => {
    if (n <= 0) return;
    const col = i % map.cols;
    const row = Math.floor(i / map.cols);
    ctx.fillStyle = `rgba(200, 40, 20, ${0.15 + 0.75 * Math.sqrt(n / max)})`;
    ctx.fillRect(px(map.x0 + col * map.cell), pz(map.z0 + row * map.cell), map.cell * scale, map.cell * scale);
  });
  ctx.fillStyle = "#5a4030";
  for (const w of WALLS) ctx.fillRect(px(w.x0), pz(w.z0), Math.max(2, (w.x1 - w.x0) * scale), Math.max(2, (w.z1 - w.z0) * scale));
  ctx.strokeStyle = "#5a4030";
  ctx.lineWidth = 3;
  ctx.strokeRect(1, 1, canvas.width - 2, canvas.height - 2);
  ctx.font = "bold 16px 'Noto Sans CJK JP', sans-serif";
  ctx.fillStyle = "rgba(60, 40, 30, 0.8)";
  ctx.textAlign = "center";
  for (const zone of ZONES) ctx.fillText(zone.name[lang], px(zone.label.x), pz(zone.label.z));
  return canvas;
}
