import type { Logger } from "../log.ts";
import { admission } from "../research/scope.ts";
import type { Studies } from "../research/studies.ts";
import type { Directory } from "../store/directory.ts";
import type { ClaimedRow, LrsEndpoint, LrsOutbox } from "../store/lrsOutbox.ts";
import { type PostOutcome, getStatement, postStatements, sameStatement } from "./client.ts";

export interface SendTiming {
  /** Statements per POST. */
  batchSize: number;
  /** Batches per endpoint per pass, so one busy endpoint does not keep the others waiting. */
  batchesPerPass: number;
  /** Each request to an LRS gives up after this long. */
  timeoutMs: number;
  /** After the n-th failure in a row an LRS rests min(cap, base·2^(n−1)), half of it jittered. */
  backoffBaseMs: number;
  backoffCapMs: number;
  /** 0 ≤ x < 1: the jitter (tests pass their own). */
  random(): number;
}

/** How long an LRS rests after its `failures`-th failure in a row: exponential, capped, with "equal jitter" (between half and all of it). */
export function backoffMs(failures: number, t: Pick<SendTiming, "backoffBaseMs" | "backoffCapMs" | "random">): number {
  const full = Math.min(t.backoffCapMs, t.backoffBaseMs * 2 ** Math.min(Math.max(failures, 1) - 1, 30));
  return Math.round(full / 2 + (t.random() * full) / 2);
}

export interface SenderDeps {
  outbox: LrsOutbox;
  directory: Directory;
  studies: Studies;
  logger: Logger;
  now(): number;
}

/**
 * Sends what waits in the outbox, endpoint by endpoint, off the rooms' path (a timer: runner.ts).
 * Before a statement goes, the person's consent is read again with the rules the research export
 * uses: one who withdrew since it was queued is not sent (the row is dropped and counted).
 *
 * What each answer does:
 * - 2xx: sent.
 * - no answer, a timeout, 5xx, 408, 429: nothing is lost; the statements wait and the LRS rests
 *   (backoffMs, or its Retry-After up to the cap).
 * - 401, 403, 404, 405…: the LRS takes nothing from us as set up (a wrong key or address), so no
 *   statement is to blame: they wait, the LRS rests, and the admin sees why. Saving the endpoint
 *   again (a new key) ends the rest at once.
 * - 409, 400 and other 4xx: the LRS refused something in the batch. Each statement is then sent
 *   alone, so only the ones it refuses are marked refused, with its reason, and never tried again
 *   unless an admin asks ("send again"). A 409 for an id it already holds with the same content
 *   counts as sent (it has it); with other content it is refused as a conflict: statements are
 *   immutable in an LRS, and ours are made again from the same events, so a conflict means
 *   someone else wrote under that id, or the LRS changed what it holds: a person should look.
 */
export class LrsSender {
  readonly #deps: SenderDeps;
  readonly #t: SendTiming;

  constructor(deps: SenderDeps, timing: SendTiming) {
    this.#deps = deps;
    this.#t = timing;
  }

  /** How long a claim lasts: a whole batch sent one by one, each with a 409's look-up, and then some. */
  get leaseMs(): number {
    return this.#t.timeoutMs * (2 * this.#t.batchSize + 2);
  }

  async pass(): Promise<void> {
    for (const endpoint of await this.#deps.outbox.sending()) {
      if (endpoint.retryAt !== null && endpoint.retryAt > this.#deps.now()) continue;
      await this.#drain(endpoint);
    }
  }

  async #drain(endpoint: LrsEndpoint): Promise<void> {
    const { outbox, directory, studies } = this.#deps;
    const study = await studies.open(endpoint.orgId, endpoint.studyId);
    if (!study) return;
    const admitted = await admission(directory, endpoint.orgId, study.pseudonym);
    const allowed = (r: ClaimedRow) => admitted.include(r.personId, r.personRole) && (!r.content || admitted.chatConsented(r.personId));
    for (let i = 0; i < this.#t.batchesPerPass; i++) {
      const rows = await outbox.claim(endpoint.id, this.#deps.now(), this.#t.batchSize, this.leaseMs);
      if (rows.length === 0) return;
      await outbox.withhold(endpoint.id, rows.filter((r) => !allowed(r)).map((r) => r.statementId));
      const go = rows.filter(allowed);
      if (go.length > 0 && !(await this.#send(endpoint, go))) return;
    }
  }

  /** Sends claimed rows; false when the LRS is to rest (what was not sent waits again). */
  async #send(endpoint: LrsEndpoint, rows: ClaimedRow[]): Promise<boolean> {
    const outcome = await postStatements(endpoint, rows.map((r) => r.statement), this.#t.timeoutMs, this.#deps.now());
    if (outcome.kind === "sent") {
      await this.#deps.outbox.markSent(endpoint.id, rows.map((r) => r.statementId), this.#deps.now());
      await this.#deps.outbox.succeeded(endpoint.id, this.#deps.now());
      return true;
    }
    if (outcome.kind === "transient" || outcome.kind === "endpoint" || rows.length === 1) return this.#settle(endpoint, rows, outcome);
    // Which of them? Each alone, in order, until the LRS has to rest.
    for (const [i, row] of rows.entries()) {
      const alone = await postStatements(endpoint, [row.statement], this.#t.timeoutMs, this.#deps.now());
      if (!(await this.#settle(endpoint, [row], alone))) {
        await this.#deps.outbox.release(endpoint.id, rows.slice(i + 1).map((r) => r.statementId));
        return false;
      }
    }
    return true;
  }

  /** What an answer does to the rows it was for (one row, unless the LRS is to rest). */
  async #settle(endpoint: LrsEndpoint, rows: ClaimedRow[], outcome: PostOutcome): Promise<boolean> {
    const { outbox, logger } = this.#deps;
    const now = this.#deps.now();
    const ids = rows.map((r) => r.statementId);
    const rest = async (error: string, retryAfter: number | null) => {
      await outbox.release(endpoint.id, ids);
      const wait = Math.min(this.#t.backoffCapMs, retryAfter ?? backoffMs(endpoint.failures + 1, this.#t));
      await outbox.failed(endpoint.id, error, now + wait, now);
      logger.warn({ endpoint: endpoint.id, error, waitMs: wait }, "the LRS did not take statements; they wait");
      return false;
    };
    switch (outcome.kind) {
      case "sent":
        await outbox.markSent(endpoint.id, ids, now);
        await outbox.succeeded(endpoint.id, now);
        return true;
      case "transient":
        return rest(outcome.error, outcome.retryAfterMs);
      case "endpoint":
        return rest(outcome.error, null);
      case "refused":
        for (const id of ids) await outbox.markRefused(endpoint.id, id, outcome.reason, now);
        await outbox.answered(endpoint.id);
        return true;
      case "conflict":
        for (const row of rows) {
          const held = await getStatement(endpoint, row.statementId, this.#t.timeoutMs);
          if (held.kind === "transient") return rest(held.error, null);
          if (held.kind === "found" && sameStatement(held.statement, row.statement)) {
            await outbox.markSent(endpoint.id, [row.statementId], now);
            await outbox.succeeded(endpoint.id, now);
          } else {
            await outbox.markRefused(endpoint.id, row.statementId, `${outcome.reason} (the LRS holds another statement under this id)`, now);
            await outbox.answered(endpoint.id);
          }
        }
        return true;
    }
  }
}
