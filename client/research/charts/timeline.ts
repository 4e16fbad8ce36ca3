import type { SessionReport } from "../../../shared/research/report.ts";
import { ZONE_IDS, zoneById } from "../../../shared/domain/zones.ts";
import type { ResearchTranslate } from "../dictionary.ts";
import { clockTime } from "../../i18n/index.ts";
import { ZONE_COLOURS, chart, labelRoom, s } from "./svg.ts";

/** Who was present when, and in which area: one row per pseudonym, coloured by zone. */
export function timelineChart(report: SessionReport, rt: ResearchTranslate, lang: "ja" | "en"): SVGSVGElement {
  const rows = report.participants;
  const label = (p: (typeof rows)[number]) => `${p.pseudonym}${p.role === "staff" ? ` (${rt("staff")})` : ""}`;
  // Staff rows carry "(staff)" after the pseudonym: a fixed margin cut the front of theirs off.
  const left = labelRoom(rows.map(label), 190);
  const width = 900;
  const rowH = 22;
  const top = 24;
  const height = top + rows.length * rowH + 40;
  const span = Math.max(1, ...rows.flatMap((p) => p.segments.map((seg) => seg.to)));
  const x = (ms: number) => left + (ms / span) * (width - left - 10);
  const svg = chart(width, height, rt("timelineSummary", { n: rows.length }));

  // Time axis: a tick every 15 minutes (or fewer for short sessions).
  const step = span > 2 * 3600_000 ? 30 * 60_000 : span > 30 * 60_000 ? 15 * 60_000 : 5 * 60_000;
  for (let t = 0; t <= span; t += step) {
    svg.append(s("line", { x1: x(t), x2: x(t), y1: top - 6, y2: height - 30, class: "grid" }));
    svg.append(s("text", { x: x(t), y: height - 14, "text-anchor": "middle", class: "axis" }, clockTime(report.openedAt + t, lang)));
  }
  rows.forEach((p, i) => {
    const y = top + i * rowH;
    svg.append(s("text", { x: left - 8, y: y + 15, "text-anchor": "end", class: p.role === "staff" ? "label staff" : "label" }, label(p)));
    for (const seg of p.segments) {
      const rect = s("rect", { x: x(seg.from), y: y + 3, width: Math.max(1, x(seg.to) - x(seg.from)), height: rowH - 6, rx: 3, fill: ZONE_COLOURS[seg.zone] ?? "#999" });
      rect.append(s("title", {}, `${p.pseudonym}: ${zoneById(seg.zone).name[lang]}`));
      svg.append(rect);
    }
  });
  return svg;
}

/** A legend of the zones' colours, as text for everyone. */
export function zoneLegend(lang: "ja" | "en"): HTMLElement {
  const list = document.createElement("ul");
  list.className = "legend";
  for (const id of ZONE_IDS) {
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = ZONE_COLOURS[id] ?? "#999";
    item.append(swatch, document.createTextNode(zoneById(id).name[lang]));
    list.append(item);
  }
  return list;
}
