/**
 * A space's events reach the session log in the order they happened, even when one of them
 * must first ask the store something (whether a student consents to their words being kept):
 * while such an answer is awaited, later events queue behind it instead of overtaking it. Each
 * event keeps the time it happened, not the time it was written.
 */
export class OrderedLog<E> {
  readonly #write: (event: E, at: number) => void;
  readonly #now: () => number;
  readonly #failed: (error: unknown) => void;
  /** The last queued step, while any is waiting; null when events can go straight through. */
  #tail: Promise<void> | null = null;

  constructor(write: (event: E, at: number) => void, now: () => number, failed: (error: unknown) => void) {
    this.#write = write;
    this.#now = now;
    this.#failed = failed;
  }

  /** Logs an event now, or after whatever is still waiting. */
  log(event: E): void {
    const at = this.#now();
    if (this.#tail) this.#then(async () => this.#write(event, at));
    else this.#write(event, at);
  }

  /** Logs the event `build` makes of an answer still to come, in its place in the order. */
  logWhen<T>(answer: Promise<T>, build: (value: T) => E): void {
    const at = this.#now();
    // Asked at once, written in turn; an unanswered question loses only its own event.
    this.#then(async () => this.#write(build(await answer), at));
  }

  #then(step: () => Promise<void>): void {
    const next = (this.#tail ?? Promise.resolve()).then(step).catch(this.#failed);
    this.#tail = next;
    void next.then(() => {
      if (this.#tail === next) this.#tail = null;
    });
  }
}
