const NS = "http://www.w3.org/2000/svg";

/** An SVG element with attributes; text goes in through textContent, never markup. */
export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** A chart's frame: an <svg role="img"> named by its title, with a text summary for screen readers. */
export function chart(width: number, height: number, label: string): SVGSVGElement {
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label, class: "chart" });
  svg.append(s("title", {}, label));
  return svg;
}

/** The zones' colours, shared by every chart so a zone looks the same everywhere. */
export const ZONE_COLOURS: Record<string, string> = {
  classroom: "#c8924f",
  talk: "#e0a437",
  quiet: "#7fa86f",
  counselling: "#c86f6f",
};
