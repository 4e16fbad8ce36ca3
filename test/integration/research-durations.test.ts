import { describe, expect, it } from "vitest";
import { Duration } from "../../shared/research/xapi.ts";
import { isoDuration } from "../../server/research/exports.ts";

/** xAPI durations as a statement store and a researcher's tools read them: ISO 8601, carried over. */
describe("ISO 8601 durations", () => {
  it.each([
    [0, "PT0S"],
    [49, "PT0S"],
    [50, "PT0.1S"],
    [59_940, "PT59.9S"],
    [59_960, "PT1M0S"],
    [119_960, "PT2M0S"],
    [3_599_960, "PT1H0S"],
    [3_725_500, "PT1H2M5.5S"],
    [-5, "PT0S"],
  ])("%i ms is %s", (ms, iso) => {
    expect(isoDuration(ms)).toBe(iso);
    expect(Duration.safeParse(iso).success).toBe(true);
  });
});
