import { MARKS, type MarkColour } from "../../shared/domain/deck.ts";
import type { Mark } from "../../shared/protocol/lessonEvents.ts";

/** Ink colours readable on a white slide, also for colour-blind children (not red against green alone). */
export const INK: Record<MarkColour, string> = { ink: "#222222", red: "#d1281f", blue: "#1f5fd1", green: "#1b8a3a" };
const S = MARKS.scale;

/**
 * Draws the teacher's marks over a page, in the page's own proportions: as SVG over the
 * full-screen view (client/ui/board.ts), and onto a canvas for the 3D board (client/scene/board.ts).
 * Stroke widths and text sizes are in thousandths of the page's width, so they look the same at any size.
 */
export function marksSvg(marks: readonly Mark[], aspect: number): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  // One unit across is a ten-thousandth of the width; down, of the height scaled to match.
  const height = S / aspect;
  svg.setAttribute("viewBox", `0 0 ${S} ${height}`);
  svg.setAttribute("class", "board-marks");
  svg.setAttribute("aria-hidden", "true");
  for (const mark of marks) {
    if (mark.kind === "pen") {
      const line = document.createElementNS(ns, "polyline");
      line.setAttribute("points", pairs(mark.points, (x, y) => `${x},${(y / S) * height}`).join(" "));
      line.setAttribute("fill", "none");
      line.setAttribute("stroke", INK[mark.colour]);
      line.setAttribute("stroke-width", String(mark.width * 10));
      line.setAttribute("stroke-linecap", "round");
      line.setAttribute("stroke-linejoin", "round");
      svg.append(line);
    } else {
      const text = document.createElementNS(ns, "text");
      text.setAttribute("x", String(mark.x));
      text.setAttribute("y", String((mark.y / S) * height));
      text.setAttribute("fill", INK[mark.colour]);
      text.setAttribute("font-size", String(TEXT_SIZE * S));
      text.textContent = mark.text;
      svg.append(text);
    }
  }
  return svg;
}

/** Draws the marks onto a canvas holding the page at `width` × `height` pixels. */
export function drawMarks(context: CanvasRenderingContext2D, marks: readonly Mark[], width: number, height: number): void {
  const k = width / S;
  context.lineCap = "round";
  context.lineJoin = "round";
  for (const mark of marks) {
    context.strokeStyle = context.fillStyle = INK[mark.colour];
    if (mark.kind === "pen") {
      context.lineWidth = mark.width * 10 * k;
      context.beginPath();
      pairs(mark.points, (x, y, i) => (i === 0 ? context.moveTo(x * k, (y / S) * height) : context.lineTo(x * k, (y / S) * height)));
      context.stroke();
    } else {
      context.font = `${Math.round(TEXT_SIZE * width)}px sans-serif`;
      context.fillText(mark.text, mark.x * k, (mark.y / S) * height);
    }
  }
}

/** The page with the marks drawn on it, as a canvas its size (for the 3D board's texture). */
export function markedCanvas(image: HTMLImageElement, marks: readonly Mark[]): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.width = image.naturalWidth;
  canvas.height = image.naturalHeight;
  const context = canvas.getContext("2d");
  if (context) {
    context.drawImage(image, 0, 0);
    drawMarks(context, marks, canvas.width, canvas.height);
  }
  return canvas;
}

/** Text on the board: a twentieth of the page's width high, readable from the back of the room. */
const TEXT_SIZE = 0.05;

function pairs<T>(points: readonly number[], each: (x: number, y: number, i: number) => T): T[] {
  const out: T[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) out.push(each(points[i] as number, points[i + 1] as number, i / 2));
  return out;
}
