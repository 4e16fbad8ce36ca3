import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { PARTS } from "./parts.mjs";

/** The tests Stryker runs for one part of `npm run mutation` (HIDAMARI_MUTATE, see parts.mjs). */
const part = PARTS[(process.env.HIDAMARI_MUTATE ?? "shared") as keyof typeof PARTS];

export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: part.tests,
    testTimeout: 20_000,
    env: { COLYSEUS_SEAT_RESERVATION_TIME: "2" },
  },
});
