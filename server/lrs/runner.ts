import type { LoggedEvent } from "../../shared/log/events.ts";
import type { Logger } from "../log.ts";
import type { SessionLog } from "../store/SessionLog.ts";
import { LrsProducer, type ProducerDeps } from "./producer.ts";
import { LrsSender, type SendTiming } from "./sender.ts";

export interface LrsTiming extends SendTiming {
  /** How often sessions with new events are made into statements (and at once when one closes). */
  produceEveryMs: number;
  /** How often the outbox is looked at for statements to send. */
  sendEveryMs: number;
  /** How far back the first pass after a start reads sessions. */
  lookbackMs: number;
}

export const LRS_TIMING: LrsTiming = {
  produceEveryMs: 5_000,
  sendEveryMs: 2_000,
  lookbackMs: 3 * 24 * 60 * 60 * 1000,
  batchSize: 50,
  batchesPerPass: 20,
  timeoutMs: 10_000,
  backoffBaseMs: 5_000,
  backoffCapMs: 10 * 60_000,
  random: Math.random,
};

/**
 * Records to the school's LRS, run in the server process beside the rooms and never in their way:
 * two timers, one that queues statements (producer.ts) and one that sends them (sender.ts), each
 * waiting for its own pass to end before the next, so a slow or absent LRS holds up nothing but
 * its own next try. Errors are logged and the pass comes round again.
 */
export class LrsRunner {
  readonly producer: LrsProducer;
  readonly sender: LrsSender;
  readonly #loops: Loop[];

  constructor(deps: ProducerDeps, timing: LrsTiming) {
    this.producer = new LrsProducer(deps, timing.lookbackMs);
    this.sender = new LrsSender(deps, timing);
    this.#loops = [new Loop("produce", timing.produceEveryMs, () => this.producer.pass(), deps.logger), new Loop("send", timing.sendEveryMs, () => this.sender.pass(), deps.logger)];
  }

  start(): void {
    for (const loop of this.#loops) loop.start();
  }

  /** An event was logged: the session is read at the next pass, at once if it closed. */
  saw(event: LoggedEvent): void {
    this.producer.saw(event);
    if (event.type === "space_closed") this.wake();
  }

  /** Passes now rather than at their time (an endpoint set up or changed; a session closed). */
  wake(options: { everything?: boolean } = {}): void {
    if (options.everything) this.producer.everything();
    for (const loop of this.#loops) loop.wake();
  }

  /** Stops both timers, after the passes under way end (what they claimed is settled, not left leased). */
  async close(): Promise<void> {
    await Promise.all(this.#loops.map((loop) => loop.stop()));
  }
}

class Loop {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = true;

  constructor(
    readonly name: string,
    readonly everyMs: number,
    readonly run: () => Promise<void>,
    readonly logger: Logger,
  ) {}

  start(): void {
    this.#stopped = false;
    this.#schedule(0);
  }

  wake(): void {
    if (this.#stopped) return;
    if (this.#running) this.#again = true;
    else this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#tick(), ms);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    this.#timer = null;
    this.#again = false;
    this.#running = this.run().catch((err: unknown) => this.logger.error({ err, part: `lrs-${this.name}` }, "LRS pass failed; it comes round again"));
    await this.#running;
    this.#running = null;
    this.#schedule(this.#again ? 0 : this.everyMs);
  }
}

/**
 * The session log, with every append also told to `onAppend` (the LRS producer hears which
 * sessions have new events). Only append is changed: everything else is the log's own, so the
 * log's interface can grow without this. `onAppend` must be cheap and is never let throw.
 */
export function watchedLog(log: SessionLog, onAppend: (event: LoggedEvent) => void, logger: Logger): SessionLog {
  const append = (event: LoggedEvent) => {
    log.append(event);
    try {
      onAppend(event);
    } catch (err) {
      logger.error({ err }, "an append's listener failed");
    }
  };
  return new Proxy(log, {
    get(target, prop) {
      if (prop === "append") return append;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
