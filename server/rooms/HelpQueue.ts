import type { HelpRequest } from "../../shared/protocol/events.ts";

/** Help requests, wishes to talk, reports and flagged messages waiting for a staff member. */
export class HelpQueue {
  readonly #items: HelpRequest[] = [];
  readonly #limit: number;

  constructor(limit = 100) {
    this.#limit = limit;
  }

  add(item: HelpRequest): void {
    // A child who taps "help" three times is one request, not three.
    if (item.kind !== "report" && item.kind !== "flag" && this.#items.some((i) => i.kind === item.kind && i.from === item.from)) return;
    this.#items.push(item);
    if (this.#items.length > this.#limit) this.#items.shift();
  }

  answer(id: string): HelpRequest | null {
    const index = this.#items.findIndex((i) => i.id === id);
    return index < 0 ? null : (this.#items.splice(index, 1)[0] ?? null);
  }

  items(): HelpRequest[] {
    return [...this.#items];
  }
}
