import path from "node:path";
import { defineConfig } from "vitest/config";

/** Only for the deterministic budgets (budgets.test.ts); the benchmark itself runs with `npm run bench`. */
export default defineConfig({
  test: {
    root: path.resolve(import.meta.dirname, "../.."),
    include: ["test/bench/budgets.test.ts"],
  },
});
