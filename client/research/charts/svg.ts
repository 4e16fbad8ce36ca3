const NS = "http://www.w3.org/2000/svg";

/** An SVG element with attributes; text goes in through textContent, never markup. */
export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/**
 * A chart's frame: an <svg role="img"> named by its title, with a text summary for screen readers.
 * It fills its panel's width, but grows to at most 1.6 times its own: a small chart (one day,
 * few rows) stretched across the panel drew its words several times their size.
 */
export function chart(width: number, height: number, label: string): SVGSVGElement {
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label, class: "chart" });
  svg.style.maxWidth = `${Math.round(width * 1.6)}px`; // through the CSSOM: the page's CSP refuses style attributes
  svg.append(s("title", {}, label));
  return svg;
}

/**
 * Room on the left for row labels written right-aligned (12 px): enough for the longest, at least
 * `min`. Estimated, not measured (the chart is built before it is on the page): a Latin letter
 * about 7.5 px, a kana or kanji 12.
 */
export function labelRoom(labels: readonly string[], min: number): number {
  const width = (text: string) => [...text].reduce((sum, ch) => sum + ((ch.codePointAt(0) ?? 0) >= 0x2e80 ? 12 : 7.5), 0);
  return Math.ceil(Math.max(min, 16 + Math.max(0, ...labels.map(width))));
}

/** The zones' colours, shared by every chart so a zone looks the same everywhere. */
export const ZONE_COLOURS: Record<string, string> = {
  classroom: "#c8924f",
  talk: "#e0a437",
  quiet: "#7fa86f",
  counselling: "#c86f6f",
};
