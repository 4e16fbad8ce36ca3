import { tabStorage } from "../storage.ts";

/**
 * The sessions this tab has been in the space as (its own lines from before a reload or a re-entry come
 * back in the chat's history under an earlier session id): so one's own lines are known as one's own,
 * styled so and never offered a report button. Kept for the tab only (sessionStorage), a few at most.
 */
const KEY = "hidamari.ownSessions";
const KEEP = 20;

export class OwnSessions {
  readonly #earlier: Set<string>;

  constructor(private readonly storage: Storage | null = tabStorage()) {
    let ids: unknown = [];
    try {
      ids = JSON.parse(storage?.getItem(KEY) ?? "[]");
    } catch {
      ids = [];
    }
    this.#earlier = new Set(Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : []);
  }

  /** Remembers the session just joined. */
  add(id: string): void {
    this.#earlier.delete(id);
    this.#earlier.add(id);
    const kept = [...this.#earlier].slice(-KEEP);
    try {
      this.storage?.setItem(KEY, JSON.stringify(kept));
    } catch {
      // Storage full or refused: known for this page only.
    }
  }

  /** Whether a line from this session id is one's own (now, or from an earlier session in this tab). */
  mine(from: string, now: string | null): boolean {
    return from === now || this.#earlier.has(from);
  }
}
