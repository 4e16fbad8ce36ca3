import { RATE_LIMITS } from "../../shared/domain/limits.ts";

type Budget = { perSecond: number; burst: number };
type Verdict = "ok" | "limited" | "abusive";

/**
 * Token buckets per person and message type (values in shared/domain/limits.ts). Time is passed
 * in, so the rules can be tested without waiting.
 */
export type RateLimits = typeof RATE_LIMITS;

export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number; budget: Budget }>();
  readonly #refusals: number[] = [];
  readonly #limits: RateLimits;

  constructor(limits: RateLimits = RATE_LIMITS) {
    this.#limits = limits;
  }

  take(type: string, now: number): Verdict {
    const limits = this.#limits;
    // Each bucket keeps its own budget: one lookup per message (moves arrive ten a second).
    let bucket = this.#buckets.get(type);
    if (bucket === undefined) {
      const budget: Budget = (limits as unknown as Record<string, Budget | undefined>)[type] ?? limits.other;
      bucket = { tokens: budget.burst, at: now, budget };
      this.#buckets.set(type, bucket);
    }
    const { budget } = bucket;
    bucket.tokens = Math.min(budget.burst, bucket.tokens + ((now - bucket.at) / 1000) * budget.perSecond);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return "ok";
    }
    const cutoff = now - limits.abuseWindowSeconds * 1000;
    while (this.#refusals.length > 0 && (this.#refusals[0] ?? 0) < cutoff) this.#refusals.shift();
    this.#refusals.push(now);
    return this.#refusals.length >= limits.abuseLimit ? "abusive" : "limited";
  }
}
