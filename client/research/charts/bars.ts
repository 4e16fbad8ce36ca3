import { ZONE_IDS, zoneById } from "../../../shared/domain/zones.ts";
import { LADDER, type SessionReport } from "../../../shared/research/report.ts";
import type { ResearchTranslate } from "../dictionary.ts";
import { ZONE_COLOURS, chart, s } from "./svg.ts";

/** Time in each area per student, as stacked horizontal bars (minutes). */
export function zoneBars(report: SessionReport, rt: ResearchTranslate, lang: "ja" | "en"): SVGSVGElement {
  const students = report.participants.filter((p) => p.role === "student");
  const left = 150;
  const width = 900;
  const rowH = 22;
  const height = 20 + students.length * rowH + 10;
  const max = Math.max(1, ...students.map((p) => p.msPresent));
  const svg = chart(width, height, rt("zoneTime"));
  students.forEach((p, i) => {
    const y = 10 + i * rowH;
    svg.append(s("text", { x: left - 8, y: y + 15, "text-anchor": "end", class: "label" }, p.pseudonym));
    let x = left;
    for (const zone of ZONE_IDS) {
      const ms = p.msByZone[zone] ?? 0;
      if (ms <= 0) continue;
      const w = (ms / max) * (width - left - 80);
      const rect = s("rect", { x, y: y + 3, width: Math.max(1, w), height: rowH - 6, fill: ZONE_COLOURS[zone] ?? "#999" });
      rect.append(s("title", {}, `${zoneById(zone).name[lang]}: ${rt("minutes", { n: Math.round(ms / 60_000) })}`));
      svg.append(rect);
      x += w;
    }
    svg.append(s("text", { x: x + 6, y: y + 15, class: "axis" }, rt("minutes", { n: Math.round(p.msPresent / 60_000) })));
  });
  return svg;
}

/** How many students reached each step of the participation ladder in this session. */
export function ladderBars(report: SessionReport, rt: ResearchTranslate): { svg: SVGSVGElement; summary: string } {
  const counts = Object.fromEntries(LADDER.map((step) => [step, 0])) as Record<(typeof LADDER)[number], number>;
  for (const p of report.participants) if (p.role === "student") counts[p.ladder]++;
  const labels = { present: rt("ladderPresent"), reacted: rt("ladderReacted"), wrote: rt("ladderWrote"), listened: rt("ladderListened"), spoke: rt("ladderSpoke"), talked_with_staff: rt("ladderTalked") };
  const summary = rt("ladderSummary", { present: counts.present, reacted: counts.reacted, wrote: counts.wrote, listened: counts.listened, spoke: counts.spoke, talked: counts.talked_with_staff });
  const width = 690;
  const height = 200;
  const max = Math.max(1, ...Object.values(counts));
  const svg = chart(width, height, summary);
  LADDER.forEach((step, i) => {
    const barW = 80;
    const x = 30 + i * 110;
    const h = (counts[step] / max) * 130;
    svg.append(s("rect", { x, y: 160 - h, width: barW, height: Math.max(1, h), rx: 4, fill: ["#d9c2a5", "#e0a437", "#c8693e", "#7f9c6b", "#4f7a5a", "#8c4a2f"][i] ?? "#999" }));
    svg.append(s("text", { x: x + barW / 2, y: 150 - h, "text-anchor": "middle", class: "value" }, String(counts[step])));
    svg.append(s("text", { x: x + barW / 2, y: 180, "text-anchor": "middle", class: "axis" }, labels[step]));
  });
  return { svg, summary };
}
