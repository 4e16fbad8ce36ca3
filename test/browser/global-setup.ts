import path from "node:path";
import { build } from "vite";
import { chromiumPath } from "./chromium.ts";

/**
 * Before any browser test: the browser must exist, and the client is built as `npm start` builds
 * it (once for both of `npm test`'s lanes, by scripts/test.mjs, which says so).
 */
export default async function setup() {
  chromiumPath();
  if (process.env.HIDAMARI_CLIENT_BUILT === "1") return;
  await build({ configFile: path.resolve("vite.config.ts"), logLevel: "warn" });
}
