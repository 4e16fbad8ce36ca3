import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { ClientMessageType } from "../../shared/protocol/messages.ts";
import { ClientMessages } from "../../shared/protocol/staffMessages.ts";
import { fastNumberObject, fastPathTypes, parseMessage } from "../../server/rooms/parseMessage.ts";

/**
 * The server checks `move` without zod's generic machinery (it is most of what arrives). These
 * properties hold it to zod's answer: whatever the input, the same success and the same data, or
 * the same error.
 */
const bounded = (limit: number) =>
  fc.oneof(
    fc.double({ min: -limit * 1.01, max: limit * 1.01 }),
    fc.constantFrom(limit, -limit, limit + 1e-9, -limit - 1e-9, 0, -0, Number.NaN, Infinity, -Infinity, Number.MAX_VALUE),
    fc.integer(),
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
  );

const moves = fc.oneof(
  fc.record({ x: bounded(1000), z: bounded(1000), heading: bounded(100), vx: bounded(100), vz: bounded(100) }),
  fc.record({ x: bounded(1000), z: bounded(1000), heading: bounded(100), vx: bounded(100), vz: bounded(100) }, { requiredKeys: [] }),
  fc.record({ x: bounded(1000), z: bounded(1000), heading: bounded(100), vx: bounded(100), vz: bounded(100), extra: fc.anything() }),
  fc.dictionary(fc.constantFrom("x", "z", "heading", "vx", "vz", "y", "__proto__", "constructor"), bounded(1000)),
  fc.anything(),
  fc.array(fc.double()),
);

function sameAnswer(payload: unknown, type: ClientMessageType = "move") {
  const zod = ClientMessages[type].safeParse(payload);
  const ours = parseMessage(type, payload);
  expect(ours.success).toBe(zod.success);
  if (zod.success && ours.success) {
    const want = zod.data as Record<string, unknown>;
    const got = ours.data as Record<string, unknown>;
    expect(Object.keys(got)).toEqual(Object.keys(want));
    for (const key of Object.keys(want)) expect(Object.is(got[key], want[key])).toBe(true);
  }
  if (!zod.success && !ours.success) expect(ours.error.issues).toEqual(zod.error.issues);
}

describe("the fast path for move (and the empty messages)", () => {
  it("applies to move and the empty messages, to none with strings, enums or unions", () => {
    expect(fastPathTypes().sort()).toEqual(["askToTalk", "clearMarks", "closeSpace", "endLesson", "endTables", "endTurn", "help", "hideDeck", "lookHere", "lowerHands", "move", "nextHand", "stand", "startTables", "talkJoin", "talkLeave", "turnPage", "unpin", "visitTable"]);
  });

  it("answers the empty messages exactly as zod does", () => {
    const empties = fc.oneof(fc.constant({}), fc.anything(), fc.dictionary(fc.string(), fc.anything()));
    for (const type of ["help", "askToTalk", "closeSpace", "stand", "endLesson", "nextHand", "lowerHands", "hideDeck", "lookHere", "clearMarks", "unpin", "startTables", "endTables", "talkJoin", "talkLeave", "endTurn"] as const) fc.assert(fc.property(empties, (p) => sameAnswer(p, type)), { numRuns: 2_000 });
  });

  it("answers the one-number messages (a page, a table) exactly as zod does", () => {
    const numbers = fc.oneof(fc.record({ page: bounded(300) }), fc.record({ table: bounded(5) }), fc.dictionary(fc.constantFrom("page", "table", "x"), bounded(10)), fc.anything());
    for (const type of ["turnPage", "visitTable"] as const) fc.assert(fc.property(numbers, (p) => sameAnswer(p, type)), { numRuns: 5_000 });
  });

  it("answers exactly as zod does, for any input", () => {
    fc.assert(fc.property(moves, (payload) => sameAnswer(payload)), { numRuns: 20_000 });
  });

  it("answers as zod does for inherited keys, which zod counts as unknown", () => {
    sameAnswer(Object.assign(Object.create({ y: 1 }), { x: 1, z: 2, heading: 3 }));
    sameAnswer(Object.assign(Object.create({ x: 1 }), { z: 2, heading: 3 }));
    sameAnswer(Object.assign(Object.create(null), { x: 1, z: 2, heading: 3 }));
  });

  it("is refused for schemas it does not fully understand, which zod alone then checks", () => {
    expect(fastNumberObject(z.object({ x: z.number() }))).toBeNull(); // strips unknown keys instead of refusing
    expect(fastNumberObject(z.strictObject({ x: z.number().int() }))).toBeNull();
    expect(fastNumberObject(z.strictObject({ x: z.int32() }))).toBeNull();
    expect(fastNumberObject(z.strictObject({ x: z.number().gt(0) }))).toBeNull();
    expect(fastNumberObject(z.strictObject({ x: z.number().optional() }))).toBeNull();
    expect(fastNumberObject(z.strictObject({ x: z.string() }))).toBeNull();
    expect(fastNumberObject(z.strictObject({ x: z.number().min(0).max(1) }))).not.toBeNull();
  });
});
