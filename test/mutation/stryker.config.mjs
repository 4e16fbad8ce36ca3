// @ts-check
import { PARTS } from "./parts.mjs";

/**
 * StrykerJS over the code that guards people and data (issue 13), one part at a time
 * (HIDAMARI_MUTATE: see parts.mjs; scripts/mutation.mjs runs them all and prints the score per
 * folder). Results and the mutants judged equivalent: docs/testing.md.
 */
const part = process.env.HIDAMARI_MUTATE ?? "shared";
if (!(part in PARTS)) throw new Error(`HIDAMARI_MUTATE must be one of ${Object.keys(PARTS).join(", ")}`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "test/mutation/vitest.config.ts", related: false },
  mutate: PARTS[/** @type {keyof typeof PARTS} */ (part)].mutate,
  // TypeScript 7 has no JS API: a tsconfig that does not exist keeps Stryker's preprocessor off it.
  tsconfigFile: "test/mutation/no-tsconfig.json",
  coverageAnalysis: "perTest",
  concurrency: Number(process.env.HIDAMARI_MUTATION_CONCURRENCY ?? 2),
  // Generous: a mutant that only runs slowly on a busy machine must not count as caught.
  timeoutMS: 60_000,
  timeoutFactor: 3,
  incremental: true,
  incrementalFile: `test/mutation/.cache/${part}.json`,
  // The event recorder writes each mutant's result as it is known, so a run stopped early still
  // tells what it found (scripts/mutation.mjs reads it when the part has no finished report).
  reporters: ["clear-text", "progress", "json", "event-recorder"],
  eventReporter: { baseDir: `test/mutation/.cache/${part}-events` },
  jsonReporter: { fileName: `test/mutation/.cache/${part}-report.json` },
  clearTextReporter: { allowColor: false, reportMutants: false, reportTests: false },
  ignorePatterns: ["dist", "build", "data", "docs", "test/bench/.scratch", "test/mutation/.cache", "test/mutation/.stryker-tmp"],
  tempDirName: `test/mutation/.stryker-tmp/${part}`,
  cleanTempDir: "always",
};
