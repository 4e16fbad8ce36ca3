import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * The tests Stryker runs against mutants of the server's guards (auth, http, research, dispatch
 * and handlers): the integration tests that drive the real app over real sockets in-process, so
 * Stryker's per-test coverage sees which test reached which mutant. Left out: tests that start
 * the server as a child process (its code is not the mutated copy) and property tests that only
 * compare two implementations of geometry.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: ["test/integration/**/*.test.ts", "test/unit/**/*.test.ts"],
    exclude: ["test/integration/crash.test.ts", "test/integration/cli.test.ts", "test/integration/geometry-equivalence.test.ts"],
    testTimeout: 20_000,
    env: { COLYSEUS_SEAT_RESERVATION_TIME: "2" },
  },
});
