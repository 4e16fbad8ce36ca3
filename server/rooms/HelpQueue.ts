import type { HelpRequest } from "../../shared/protocol/events.ts";

/** Help requests, wishes to talk, reports and flagged messages waiting for a staff member. */
export class HelpQueue {
  readonly #items: HelpRequest[] = [];
  readonly #limit: number;
  readonly #changed: () => void;

  /** `changed` hears every change (the space keeps a copy in the store for after a crash). */
  constructor(limit = 100, changed: () => void = () => {}) {
    this.#limit = limit;
    this.#changed = changed;
  }

  /** Queues an item; false when it is the same person's help or wish to talk, still waiting. */
  add(item: HelpRequest): boolean {
    // A child who taps "help" three times is one request, not three.
    if (item.kind !== "report" && item.kind !== "flag" && this.#items.some((i) => i.kind === item.kind && i.from === item.from)) return false;
    this.#items.push(item);
    if (this.#items.length > this.#limit) this.#items.shift();
    this.#changed();
    return true;
  }

  answer(id: string): HelpRequest | null {
    const index = this.#items.findIndex((i) => i.id === id);
    const item = index < 0 ? null : (this.#items.splice(index, 1)[0] ?? null);
    if (item) this.#changed();
    return item;
  }

  /** A staff member read a report (or a held line): their name goes on it for the other staff. */
  read(id: string, by: string): HelpRequest | null {
    const item = this.#items.find((i) => i.id === id && (i.kind === "report" || i.kind === "flag"));
    if (!item || item.readBy !== undefined) return null;
    item.readBy = by;
    this.#changed();
    return item;
  }

  /** Someone left: their help and talk wishes go (reports and flags stay for staff to read). */
  forget(sessionId: string): boolean {
    const before = this.#items.length;
    for (let i = this.#items.length - 1; i >= 0; i--) {
      const item = this.#items[i];
      if (item && item.from === sessionId && (item.kind === "help" || item.kind === "talk")) this.#items.splice(i, 1);
    }
    if (this.#items.length === before) return false;
    this.#changed();
    return true;
  }

  items(): HelpRequest[] {
    return [...this.#items];
  }
}
