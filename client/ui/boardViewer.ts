import type { Translate } from "../i18n/index.ts";
import type { BoardView } from "../net/connection.ts";
import { openModal } from "./dialog.ts";
import { h, setText } from "./dom.ts";
import { marksSvg } from "./drawMarks.ts";
import type { PageMarks } from "./pageMarks.ts";

/** The open full-screen view: shown again whenever the board or its marks change; closed by the child. */
export interface BoardViewer {
  update(board: BoardView): void;
  readonly closed: boolean;
}

/**
 * "Look at the board" (issue 15): the board's page full-screen in the DOM, readable on a tablet,
 * with the teacher's marks over it and the page's words for screen readers. It follows the
 * teacher's page turns while open. Fetched when a child first opens it (the first visit carries
 * only the board's line, client/ui/board.ts).
 */
export function openBoardViewer(t: Translate, marks: PageMarks, board: BoardView, onClose: () => void): BoardViewer {
  // Fetched as the 3D board fetches it (three's loaders ask in CORS mode), so the browser answers both from one download.
  const image = h("img", { alt: "", crossorigin: "anonymous" });
  const page = h("div", { class: "board-page-box" }, image);
  const text = h("p", { class: "board-words-text" });
  const words = h("details", { class: "board-words" }, h("summary", {}, t("boardText")), text);
  let shown = board;
  let closed = false;
  const dialog = openModal({
    className: "board-dialog",
    title: t("board"),
    closeLabel: t("close"),
    body: [page, words],
    onClose: () => {
      closed = true;
      onClose();
    },
  });
  // The dialog's heading names what is on the board, page and all, as it changes.
  const heading = dialog.querySelector("h2");
  heading?.setAttribute("aria-live", "polite");

  const drawMarks = () => {
    page.querySelector(".board-marks")?.remove();
    const aspect = image.naturalWidth / image.naturalHeight;
    if (!aspect) return;
    page.style.setProperty("--aspect", String(aspect));
    const on = marks.of(shown.url);
    if (on.length > 0) page.append(marksSvg(on, aspect));
  };
  image.addEventListener("load", drawMarks);

  const update = (next: BoardView) => {
    shown = next;
    const name = next.title || t("board");
    const label = next.pages ? ` (${t("boardPage", { page: next.page, pages: next.pages })})` : "";
    if (heading) setText(heading, `${t("board")}: ${name}${label}`);
    if (image.getAttribute("src") !== next.url) image.src = next.url;
    image.alt = `${name}${label}`;
    // What the teacher wrote is read out too, after the page's own words.
    const written = marks.of(next.url).flatMap((m) => (m.kind === "text" ? [m.text] : []));
    setText(text, [next.text, written.length ? `${t("boardWritten")}: ${written.join(" / ")}` : ""].filter(Boolean).join("\n"));
    words.hidden = !text.textContent;
    drawMarks();
  };
  update(board);
  dialog.querySelector<HTMLElement>(".dialog-close")?.focus();
  return {
    update,
    get closed() {
      return closed;
    },
  };
}
