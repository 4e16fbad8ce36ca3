/**
 * A deck on the lesson board: pages a teacher puts up and moves through (issue 15). The
 * teacher's page turns a PDF (with pdf.js) or pictures into page images before they leave their
 * browser, in two sizes: a child's page fetches the one sized for its screen, and only the page
 * on the board, so a page turn moves one image per child. The server checks what arrives (by
 * its bytes, not its name), keeps it in the organisation's store and shows it to that
 * organisation only.
 */
export const DECK = {
  /** Pages in one deck; a longer PDF is refused before anything is uploaded. */
  maxPages: 30,
  /** A PDF larger than this is refused in the teacher's browser (it is never uploaded). */
  pdfMaxBytes: 20 * 1024 * 1024,
  /** Each size's longest side, in pixels, and its most bytes. */
  small: { maxSide: 1280, maxBytes: 700 * 1024 },
  large: { maxSide: 2560, maxBytes: 2 * 1024 * 1024 },
  /** The page's words for a screen reader: its text, or the teacher's description. */
  textMaxChars: 2000,
  titleMaxChars: 80,
  /** Decks an organisation keeps; the oldest must be deleted before another is added. */
  perOrganisation: 100,
} as const;

/**
 * What the teacher writes on a page (a pen stroke, or a line of text), kept with the page.
 * Places are in ten-thousandths of the page's width and height, so they fit any size it is shown at.
 */
export const MARKS = {
  scale: 10_000,
  perPage: 300,
  /** x, y pairs of one stroke. */
  maxPoints: 256,
  textMaxChars: 60,
  colours: ["ink", "red", "blue", "green"],
  widths: [3, 6, 12],
} as const;
export type MarkColour = (typeof MARKS.colours)[number];

export const PAGE_SIZES = ["small", "large"] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

/** Where a page's image is fetched: the size is the reader's choice (pageSizeFor). */
export function deckPageUrl(deck: string, page: number): string {
  return `/api/decks/${encodeURIComponent(deck)}/pages/${page}`;
}

/** The smaller image unless the screen has more pixels across than it: a tablet gets a tablet's page. */
export function pageSizeFor(screenPixels: number): PageSize {
  return screenPixels > DECK.small.maxSide ? "large" : "small";
}
