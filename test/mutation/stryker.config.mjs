// @ts-check
/**
 * StrykerJS over the code that guards people and data (issue 13). `npm run mutation` runs it in
 * two parts, each against the tests that pin its rules down: HIDAMARI_MUTATE=shared or server
 * (scripts/mutation.mjs runs both and prints the score per folder). Results: docs/testing.md.
 */
const part = process.env.HIDAMARI_MUTATE ?? "server";

const parts = {
  shared: ["shared/domain/**/*.ts", "shared/protocol/**/*.ts", "shared/research/**/*.ts"],
  server: ["server/auth/**/*.ts", "server/http/**/*.ts", "server/research/**/*.ts", "server/rooms/dispatch.ts", "server/rooms/handlers/**/*.ts"],
};

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: `test/mutation/vitest.${part}.config.ts`, related: false },
  mutate: parts[part],
  // TypeScript 7 has no JS API: a tsconfig that does not exist keeps Stryker's preprocessor off it.
  tsconfigFile: "test/mutation/no-tsconfig.json",
  coverageAnalysis: "perTest",
  concurrency: Number(process.env.HIDAMARI_MUTATION_CONCURRENCY ?? 2),
  timeoutMS: 10_000,
  incremental: true,
  incrementalFile: `test/mutation/.cache/${part}.json`,
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: `test/mutation/.cache/${part}-report.json` },
  clearTextReporter: { allowColor: false, reportMutants: false, reportTests: false },
  ignorePatterns: ["dist", "build", "data", "docs", "test/bench/.scratch", "test/mutation/.cache", "reports"],
  tempDirName: `test/mutation/.stryker-tmp/${part}`,
  cleanTempDir: "always",
};
