import { describe, expect, it } from "vitest";
import { RATE_LIMITS } from "../../shared/domain/limits.ts";
import { RateLimiter } from "../../server/rooms/RateLimiter.ts";

/** The token buckets behind every message (time is passed in: nothing here waits). */
describe("RateLimiter", () => {
  it("allows a burst, refuses past it, and refills at the type's rate", () => {
    const limiter = new RateLimiter();
    const { burst, perSecond } = RATE_LIMITS.chat;
    for (let i = 0; i < burst; i++) expect(limiter.take("chat", 0)).toBe("ok");
    expect(limiter.take("chat", 0)).toBe("limited");
    expect(limiter.take("chat", 1000 / perSecond)).toBe("ok");
    expect(limiter.take("chat", 1000 / perSecond)).toBe("limited");
  });

  it("keeps a bucket per type, and every unknown type shares the 'other' budget", () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < RATE_LIMITS.chat.burst; i++) limiter.take("chat", 0);
    expect(limiter.take("chat", 0)).toBe("limited");
    expect(limiter.take("move", 0)).toBe("ok");
    for (let i = 0; i < RATE_LIMITS.other.burst; i++) expect(limiter.take("other", 0)).toBe("ok");
    expect(limiter.take("other", 0)).toBe("limited");
  });

  it("never holds more than the burst however long the silence", () => {
    const limiter = new RateLimiter();
    limiter.take("move", 0);
    const later = 3_600_000;
    for (let i = 0; i < RATE_LIMITS.move.burst; i++) expect(limiter.take("move", later)).toBe("ok");
    expect(limiter.take("move", later)).toBe("limited");
  });

  it("calls a sender abusive after too many refusals within the window", () => {
    const limiter = new RateLimiter();
    const verdicts = Array.from({ length: RATE_LIMITS.help.burst + RATE_LIMITS.abuseLimit }, () => limiter.take("help", 0));
    expect(verdicts.at(-1)).toBe("abusive");
    expect(verdicts.at(-2)).toBe("limited");
  });
});
