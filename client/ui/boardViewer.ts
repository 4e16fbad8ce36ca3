import type { Translate } from "../i18n/index.ts";
import type { BoardView } from "../net/connection.ts";
import { openModal } from "./dialog.ts";
import { h, setText } from "./dom.ts";
import { marksSvg } from "./drawMarks.ts";
import type { PageMarks } from "./pageMarks.ts";

/**
 * A screen the teacher shares to the board (issue 16), as the voice part receives it: shown in
 * every open view instead of the page (the page again when it ends), and in a view opened later.
 */
export interface SharedScreen {
  /** Null for a child not in the lesson's talk (or with voice off): the label then says how to see it. */
  stream: MediaStream | null;
  /** Its text alternative: the teacher is sharing a screen (or how to see it). */
  label: string;
}
let sharedScreen: SharedScreen | null = null;
const screenWatchers = new Set<() => void>();

/** The voice part (client/voice/screenView.ts): a screen is shared now, or no longer (null). */
export function showScreen(screen: SharedScreen | null): void {
  sharedScreen = screen;
  for (const watch of screenWatchers) watch();
}

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
  // The shared screen: a muted inline video, its text alternative said beside it too.
  const video = h("video", { class: "board-screen-video", muted: true, playsinline: true, autoplay: true });
  video.muted = true;
  const caption = h("p", { class: "board-screen-label" });
  const screenBox = h("figure", { class: "board-screen", hidden: true }, video, caption);
  let shown = board;
  let closed = false;
  const dialog = openModal({
    className: "board-dialog",
    title: t("board"),
    closeLabel: t("close"),
    body: [screenBox, page, words],
    onClose: () => {
      closed = true;
      screenWatchers.delete(watchScreen);
      video.srcObject = null;
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
    // Nothing but a shared screen on the board: it is just "the board".
    if (heading) setText(heading, next.url ? `${t("board")}: ${name}${label}` : t("board"));
    if (next.url && image.getAttribute("src") !== next.url) image.src = next.url;
    page.hidden = (sharedScreen?.stream ?? null) !== null || !next.url;
    image.alt = `${name}${label}`;
    // What the teacher wrote is read out too, after the page's own words.
    const written = marks.of(next.url).flatMap((m) => (m.kind === "text" ? [m.text] : []));
    setText(text, [next.text, written.length ? `${t("boardWritten")}: ${written.join(" / ")}` : ""].filter(Boolean).join("\n"));
    words.hidden = !text.textContent;
    drawMarks();
  };
  function watchScreen(): void {
    const screen = sharedScreen;
    const stream = screen?.stream ?? null;
    screenBox.hidden = !screen;
    video.hidden = !stream;
    page.hidden = stream !== null || !shown.url;
    if (video.srcObject !== stream) video.srcObject = stream;
    if (screen) {
      video.setAttribute("aria-label", screen.label);
      setText(caption, screen.label.startsWith("📺") ? screen.label : `📺 ${screen.label}`);
      if (stream) void video.play().catch(() => {});
    }
  }
  screenWatchers.add(watchScreen);
  update(board);
  watchScreen();
  dialog.querySelector<HTMLElement>(".dialog-close")?.focus();
  return {
    update,
    get closed() {
      return closed;
    },
  };
}
