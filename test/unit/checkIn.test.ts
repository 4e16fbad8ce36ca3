import { describe, expect, it } from "vitest";
import { CHECK_IN, type CheckInDay, dayBefore, daysBetween, faceLevel, quietFlag } from "../../shared/domain/checkIn.ts";
import { CheckInMessages } from "../../shared/protocol/checkIn.ts";

/** The daily check-in's rules both sides read (shared/domain/checkIn.ts): the quiet flag, calendar days, the message. */
const TODAY = "2026-12-05";
const days = (...answers: Array<[number, CheckInDay["answer"]]>): CheckInDay[] => answers.map(([ago, answer]) => ({ day: dayBefore(TODAY, ago), answer }));

describe("the quiet flag", () => {
  it(`should rise when the last ${CHECK_IN.flagAfter} answered check-ins are all the lowest face, in any order given`, () => {
    expect(quietFlag(days([0, "hard"], [2, "hard"], [1, "hard"], [3, "great"]), TODAY)).toBe(true);
  });

  it("should not count skips or days without a check-in, either way", () => {
    expect(quietFlag(days([0, "hard"], [1, "skip"], [5, "hard"], [6, "skip"], [9, "hard"]), TODAY)).toBe(true);
    expect(quietFlag(days([0, "skip"], [1, "hard"], [2, "hard"]), TODAY)).toBe(false);
  });

  it("should stay down with fewer answers, a brighter one among the last, or when the latest is old", () => {
    expect(quietFlag(days([0, "hard"], [1, "hard"]), TODAY)).toBe(false);
    expect(quietFlag(days([0, "hard"], [1, "low"], [2, "hard"], [3, "hard"]), TODAY)).toBe(false);
    expect(quietFlag(days([CHECK_IN.flagWithinDays - 1, "hard"], [CHECK_IN.flagWithinDays, "hard"], [CHECK_IN.flagWithinDays + 1, "hard"]), TODAY)).toBe(true);
    expect(quietFlag(days([CHECK_IN.flagWithinDays, "hard"], [CHECK_IN.flagWithinDays + 1, "hard"], [CHECK_IN.flagWithinDays + 2, "hard"]), TODAY)).toBe(false);
  });

  it("should not read days after today (a clock set back)", () => {
    expect(quietFlag([{ day: "2026-12-06", answer: "hard" }, ...days([0, "hard"], [1, "hard"])], TODAY)).toBe(false);
  });
});

describe("calendar days and faces", () => {
  it("should count whole days across months and leap years", () => {
    expect(dayBefore("2026-03-01", 1)).toBe("2026-02-28");
    expect(dayBefore("2028-03-01", 1)).toBe("2028-02-29");
    expect(dayBefore("2027-01-01", 27)).toBe("2026-12-05");
    expect(daysBetween("2026-11-28", "2026-12-05")).toBe(7);
  });

  it("should rank the faces from the brightest (1) to the lowest (5)", () => {
    expect(["great", "good", "okay", "low", "hard"].map((f) => faceLevel(f as "great"))).toEqual([1, 2, 3, 4, 5]);
  });

  it("should take a face or a skip, and nothing else", () => {
    const ok = (payload: unknown) => CheckInMessages.checkIn.safeParse(payload).success;
    expect(ok({ answer: "hard" })).toBe(true);
    expect(ok({ answer: "skip" })).toBe(true);
    expect(ok({ answer: "angry" })).toBe(false);
    expect(ok({})).toBe(false);
    expect(ok({ answer: "good", face: 3 })).toBe(false);
  });
});
