import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * The tests Stryker runs against mutants of shared/: the unit tests, which are where shared/'s
 * rules are pinned down. Its schemas and tables are built when a module loads ("static" mutants),
 * so every such mutant runs every test here: keep this set fast.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: ["test/unit/**/*.test.ts"],
  },
});
