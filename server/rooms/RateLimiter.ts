import { RATE_LIMITS } from "../../shared/domain/limits.ts";

type Budget = { perSecond: number; burst: number };
type Verdict = "ok" | "limited" | "abusive";

/**
 * Token buckets per person and message type (values in shared/domain/limits.ts). Time is passed
 * in, so the rules can be tested without waiting.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #refusals: number[] = [];

  take(type: string, now: number): Verdict {
    const budget: Budget = (RATE_LIMITS as unknown as Record<string, Budget | undefined>)[type] ?? RATE_LIMITS.other;
    const bucket = this.#buckets.get(type) ?? { tokens: budget.burst, at: now };
    bucket.tokens = Math.min(budget.burst, bucket.tokens + ((now - bucket.at) / 1000) * budget.perSecond);
    bucket.at = now;
    this.#buckets.set(type, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return "ok";
    }
    const cutoff = now - RATE_LIMITS.abuseWindowSeconds * 1000;
    while (this.#refusals.length > 0 && (this.#refusals[0] ?? 0) < cutoff) this.#refusals.shift();
    this.#refusals.push(now);
    return this.#refusals.length >= RATE_LIMITS.abuseLimit ? "abusive" : "limited";
  }
}
