import type { Mark } from "../../shared/protocol/lessonEvents.ts";

/**
 * What the teacher wrote on the board's page, as last heard: the marks arrive as events and the
 * page's address with the state, in either order, so marks are kept with the address they
 * belong to and shown only while the board shows that page.
 */
export class PageMarks {
  #page = "";
  #marks: Mark[] = [];

  set(page: string, marks: Mark[]): void {
    this.#page = page;
    this.#marks = [...marks];
  }

  add(page: string, mark: Mark): void {
    if (page !== this.#page) this.set(page, []);
    this.#marks.push(mark);
  }

  /** The marks of the page at `url` (a deck page's address, with or without its size). */
  of(url: string): Mark[] {
    return url && url.split("?")[0] === this.#page ? this.#marks : [];
  }
}
