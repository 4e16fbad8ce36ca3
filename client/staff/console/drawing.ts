import { MARKS, type MarkColour } from "../../../shared/domain/deck.ts";
import type { Mark } from "../../../shared/protocol/lessonEvents.ts";
import type { BoardView } from "../../net/connection.ts";
import { openModal } from "../../ui/dialog.ts";
import { h } from "../../ui/dom.ts";
import { INK, marksSvg } from "../../ui/drawMarks.ts";
import type { PageMarks } from "../../ui/pageMarks.ts";
import type { StaffTranslate } from "../i18n.ts";

export interface DrawingActions {
  mark(mark: Mark): void;
  clear(): void;
}

const S = MARKS.scale;
/** A stroke keeps a point only this far (in ten-thousandths) from the last: smooth enough, small on the wire. */
const STEP = 25;

/**
 * The teacher writes on the page on the board (issue 15): a pen (drag on the page) and text (type,
 * then tap where it goes, or press Enter to place it below the last one). Each stroke is sent
 * when the finger or pen lifts; what is shown is what the server sent back to everyone (the
 * stroke being drawn is previewed until then). Opened from the board's console.
 */
export class DrawingView {
  #dialog: HTMLDialogElement | null = null;
  #overlay: HTMLElement | null = null;
  #image: HTMLImageElement | null = null;
  #colour: MarkColour = "red";
  #width: (typeof MARKS.widths)[number] = MARKS.widths[1];
  #textLine = 0;

  constructor(
    private readonly st: StaffTranslate,
    private readonly marks: PageMarks,
    private readonly actions: DrawingActions,
  ) {}

  open(board: BoardView): void {
    if (!board.pages || this.#dialog) return;
    const image = h("img", { src: board.url, alt: board.title, crossorigin: "anonymous", draggable: false });
    const overlay = h("div", { class: "drawing-overlay" });
    const page = h("div", { class: "board-page-box drawing-page" }, image, overlay);
    image.addEventListener("load", () => {
      page.style.setProperty("--aspect", String(image.naturalWidth / image.naturalHeight));
      this.refresh();
    });
    const text = h("input", { type: "text", id: "drawing-text", maxlength: MARKS.textMaxChars, autocomplete: "off" });
    text.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || !text.value.trim()) return;
      event.preventDefault();
      // Keyboard: the line goes below the last one placed this way, from the top left.
      this.actions.mark({ kind: "text", colour: this.#colour, x: 300, y: Math.min(S - 300, 900 + this.#textLine++ * 700), text: text.value.trim() });
      text.value = "";
    });
    const colours = h(
      "fieldset",
      { class: "drawing-colours" },
      h("legend", {}, this.st("drawColour")),
      ...MARKS.colours.map((c) => {
        const input = h("input", { type: "radio", name: "drawing-colour", value: c, checked: c === this.#colour });
        input.addEventListener("change", () => (this.#colour = c));
        return h("label", { class: "choice" }, input, h("span", { class: `swatch swatch-${c}`, "aria-hidden": "true" }), this.st(`ink_${c}`));
      }),
    );
    const widths = h(
      "fieldset",
      { class: "drawing-widths" },
      h("legend", {}, this.st("drawWidth")),
      ...MARKS.widths.map((w, i) => {
        const input = h("input", { type: "radio", name: "drawing-width", value: String(w), checked: w === this.#width });
        input.addEventListener("change", () => (this.#width = w));
        return h("label", { class: "choice" }, input, this.st(i === 0 ? "widthThin" : i === 1 ? "widthMedium" : "widthThick"));
      }),
    );
    const clear = h("button", { type: "button", class: "small warn" }, this.st("drawClear"));
    clear.addEventListener("click", () => window.confirm(this.st("drawClearConfirm")) && this.actions.clear());
    this.#dialog = openModal({
      className: "board-dialog drawing-dialog",
      title: `✏️ ${this.st("drawTitle")}: ${board.title} (${board.page} / ${board.pages})`,
      closeLabel: this.st("drawDone"),
      body: [
        h("p", { class: "hint" }, this.st("drawHint")),
        page,
        h("div", { class: "drawing-tools" }, colours, widths, h("label", { for: "drawing-text" }, this.st("drawText")), text, clear),
      ],
      onClose: () => {
        this.#dialog = this.#overlay = this.#image = null;
      },
    });
    this.#overlay = overlay;
    this.#image = image;
    this.#listen(overlay, text);
  }

  /** The page's marks changed (sent back by the server): drawn again. */
  refresh(): void {
    const overlay = this.#overlay;
    const image = this.#image;
    if (!overlay || !image?.naturalWidth) return;
    overlay.querySelector(".board-marks")?.remove();
    overlay.prepend(marksSvg(this.marks.of(image.src.replace(location.origin, "")), image.naturalWidth / image.naturalHeight));
  }

  /** A drag draws; a tap with text typed places the text there. */
  #listen(overlay: HTMLElement, text: HTMLInputElement): void {
    let points: number[] | null = null;
    let preview: SVGPolylineElement | null = null;
    const at = (event: PointerEvent) => {
      const box = overlay.getBoundingClientRect();
      const clamp = (v: number) => Math.max(0, Math.min(S, Math.round(v)));
      return [clamp(((event.clientX - box.left) / box.width) * S), clamp(((event.clientY - box.top) / box.height) * S)] as const;
    };
    overlay.addEventListener("pointerdown", (event) => {
      const [x, y] = at(event);
      if (text.value.trim()) {
        this.actions.mark({ kind: "text", colour: this.#colour, x, y, text: text.value.trim() });
        text.value = "";
        return;
      }
      overlay.setPointerCapture(event.pointerId);
      points = [x, y];
      const ns = "http://www.w3.org/2000/svg";
      const svg = document.createElementNS(ns, "svg");
      svg.setAttribute("class", "drawing-preview");
      svg.setAttribute("viewBox", `0 0 ${S} ${S}`);
      svg.setAttribute("preserveAspectRatio", "none");
      preview = document.createElementNS(ns, "polyline");
      preview.setAttribute("fill", "none");
      preview.setAttribute("stroke", INK[this.#colour]);
      // The same width the page will show: thousandths of its width, here in screen pixels.
      preview.setAttribute("stroke-width", String((overlay.getBoundingClientRect().width * this.#width * 10) / S));
      preview.setAttribute("vector-effect", "non-scaling-stroke");
      svg.append(preview);
      overlay.append(svg);
    });
    overlay.addEventListener("pointermove", (event) => {
      if (!points) return;
      const [x, y] = at(event);
      const lx = points[points.length - 2] as number;
      const ly = points[points.length - 1] as number;
      if (Math.hypot(x - lx, y - ly) < STEP || points.length >= MARKS.maxPoints * 2) return;
      points.push(x, y);
      preview?.setAttribute("points", points.join(" "));
    });
    const finish = () => {
      if (!points) return;
      // A tap is a dot: the same point twice.
      const stroke = points.length >= 4 ? points : [...points, ...points];
      this.actions.mark({ kind: "pen", colour: this.#colour, width: this.#width, points: stroke });
      points = null;
      preview?.ownerSVGElement?.remove();
      preview = null;
    };
    overlay.addEventListener("pointerup", finish);
    overlay.addEventListener("pointercancel", finish);
  }
}
