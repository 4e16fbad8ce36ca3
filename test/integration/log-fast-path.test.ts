import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LoggedEvent } from "../../shared/log/events.ts";
import { checkEvent } from "../../server/store/checkEvent.ts";

/**
 * Position samples are checked by hand before they are logged (they are most of the log). These
 * properties hold that check to zod's: the same event stored, byte for byte as JSON, or the same
 * refusal.
 */
const number = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(2 ** 53, -(2 ** 53), 2 ** 53 - 1, Number.NaN, Infinity, -0), fc.string(), fc.constant(undefined));
const positions = fc.oneof(
  fc.record({ v: fc.constantFrom(1, 2, "1"), at: number, space: fc.string({ maxLength: 3 }), participant: fc.oneof(fc.string(), fc.integer()), type: fc.constant("position"), x: number, z: number }),
  fc.record({ v: fc.constant(1), at: fc.integer(), space: fc.string({ minLength: 1 }), participant: fc.uuid(), type: fc.constant("position"), x: fc.integer(), z: fc.integer(), extra: fc.anything() }),
  fc.record({ v: fc.constant(1), at: fc.integer(), space: fc.string({ minLength: 1 }), participant: fc.uuid(), type: fc.constant("position"), x: fc.integer(), z: fc.integer() }, { requiredKeys: ["type"] }),
);

function outcome(f: () => LoggedEvent): { ok: true; json: string } | { ok: false; message: string } {
  try {
    return { ok: true, json: JSON.stringify(f()) };
  } catch (error) {
    return { ok: false, message: String(error) };
  }
}

describe("the position sample's fast check", () => {
  it("stores what zod would store, or refuses what zod refuses", () => {
    fc.assert(
      fc.property(positions, (event) => {
        const e = event as unknown as LoggedEvent;
        expect(outcome(() => checkEvent(e))).toEqual(outcome(() => LoggedEvent.parse(e)));
      }),
      { numRuns: 20_000 },
    );
  });

  it("leaves every other event to zod", () => {
    const entered = { v: 1, at: 5, space: "s", type: "entered", participant: "p", zone: "talk", extra: 1 } as unknown as LoggedEvent;
    expect(checkEvent(entered)).toEqual(LoggedEvent.parse(entered));
    expect(() => checkEvent({ ...entered, zone: "roof" } as unknown as LoggedEvent)).toThrow();
  });
});
