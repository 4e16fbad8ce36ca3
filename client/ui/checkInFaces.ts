import type { Face } from "../../shared/domain/checkIn.ts";

/**
 * The check-in's faces, drawn in SVG (emoji fonts are missing on many school devices) and calmly:
 * soft colours, small features, the lowest face sad but not alarming. Decorative: the word beside
 * (or the label around) a face is what assistive technology reads.
 */
const LOOK: Record<Face, { fill: string; mouth: number; brows: boolean }> = {
  great: { fill: "#f6d98b", mouth: 8, brows: false },
  good: { fill: "#f3e3b8", mouth: 5, brows: false },
  okay: { fill: "#e6e0d4", mouth: 0, brows: false },
  low: { fill: "#d6dfe9", mouth: -3, brows: false },
  hard: { fill: "#c9d3e6", mouth: -6, brows: true },
};

const NS = "http://www.w3.org/2000/svg";

function el(tag: string, attrs: Record<string, string | number>): SVGElement {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

export function faceSvg(face: Face, size = 40): SVGSVGElement {
  const look = LOOK[face];
  const svg = el("svg", { viewBox: "0 0 48 48", width: size, height: size, "aria-hidden": "true", focusable: "false", class: `face face-${face}` }) as SVGSVGElement;
  const ink = "#4a3a30";
  svg.append(el("circle", { cx: 24, cy: 24, r: 21, fill: look.fill, stroke: ink, "stroke-width": 2 }));
  svg.append(el("circle", { cx: 17, cy: 20, r: 2.3, fill: ink }), el("circle", { cx: 31, cy: 20, r: 2.3, fill: ink }));
  if (look.brows) svg.append(el("path", { d: "M13 14.5 L20 13 M35 14.5 L28 13", stroke: ink, "stroke-width": 1.8, "stroke-linecap": "round", fill: "none" }));
  const y = look.mouth < 0 ? 34 : 30;
  svg.append(el("path", { d: `M15 ${y} Q24 ${y + look.mouth} 33 ${y}`, stroke: ink, "stroke-width": 2.2, "stroke-linecap": "round", fill: "none" }));
  return svg;
}
