import type { Mark } from "../../shared/protocol/lessonEvents.ts";

/** A deck on the board: which, how long, and what it is called. */
export interface DeckShown {
  id: string;
  title: string;
  pages: number;
}

/**
 * What the space's board shows besides the state everyone sees (boardUrl and the rest): the
 * organisation's one picture, kept while a deck covers it so taking the deck down shows it
 * again, and the deck on now. Page turns ask the store for the page's words: `turn()` numbers
 * each request, so a slow answer to an earlier turn never overwrites a later one.
 */
export class BoardShown {
  picture = { url: "", title: "" };
  deck: DeckShown | null = null;
  /** What is written on the page shown now (the store keeps every page's; this one is sent to arrivals). */
  marks: Mark[] = [];
  #turns = 0;

  turn(): number {
    return ++this.#turns;
  }

  isLatest(turn: number): boolean {
    return turn === this.#turns;
  }
}
