import type { HelpRequest } from "../../shared/protocol/events.ts";
import type { HelpQueueStore } from "../store/helpQueue.ts";
import type { HelpQueue } from "./HelpQueue.ts";

/**
 * Keeps a space's queue in the store, so that a crash of its process loses nothing that waited
 * for staff: written in order after every change; read back when the space opens again, where
 * reports and held lines go straight back to staff and help or a wish to talk waits for the
 * person who asked to come back (their seat is new, their account is not).
 */
export class QueueKeeper {
  /** Who made each waiting request (by item id). */
  readonly #askers = new Map<string, string>();
  /** Help and wishes to talk from before a crash, by the account that asked. */
  readonly #returning = new Map<string, HelpRequest[]>();
  #writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: HelpQueueStore,
    private readonly space: string,
    private readonly queue: HelpQueue,
    private readonly accountOf: (sessionId: string) => string | undefined,
    private readonly failed: (err: unknown, what: string) => void,
  ) {}

  /** The queue changed: write it as it is now, after any write still under way. */
  keep(): void {
    const kept = this.queue.items().map((item) => {
      const account = this.accountOf(item.from) ?? this.#askers.get(item.id) ?? null;
      if (account) this.#askers.set(item.id, account);
      return { item, account };
    });
    this.#writing = this.#writing.then(() => this.store.save(this.space, kept)).catch((err: unknown) => this.failed(err, "help queue not kept"));
  }

  async restore(): Promise<void> {
    for (const { item, account } of await this.store.load(this.space)) {
      if ((item.kind === "help" || item.kind === "talk") && account) {
        this.#returning.set(account, [...(this.#returning.get(account) ?? []), item]);
      } else {
        if (account) this.#askers.set(item.id, account);
        this.queue.add(item);
      }
    }
  }

  /** Someone arrived: what they asked for before a crash waits again, as theirs. True if anything did. */
  returned(account: string, sessionId: string): boolean {
    const waiting = this.#returning.get(account);
    if (!waiting) return false;
    this.#returning.delete(account);
    for (const item of waiting) {
      this.#askers.set(item.id, account);
      this.queue.add({ ...item, from: sessionId });
    }
    return true;
  }

  /** The space closed on purpose: nothing waits any more. */
  clear(): void {
    this.#writing = this.#writing.then(() => this.store.clear(this.space)).catch((err: unknown) => this.failed(err, "help queue not cleared"));
  }
}
