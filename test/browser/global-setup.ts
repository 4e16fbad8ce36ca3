import path from "node:path";
import { build } from "vite";
import { testBridgeForRun } from "../support/testBridge.ts";
import { chromiumPath } from "./chromium.ts";

/**
 * Before any browser test: the browser must exist, the voice tests' bridge too before any page
 * loads (test/support/testBridge.ts), and the client is built as `npm start` builds it (once for
 * both of `npm test`'s lanes, by scripts/test.mjs, which says so). Returns the bridge's removal.
 */
export default async function setup() {
  chromiumPath();
  const closeBridge = testBridgeForRun();
  if (process.env.HIDAMARI_CLIENT_BUILT !== "1") await build({ configFile: path.resolve("vite.config.ts"), logLevel: "warn" });
  return closeBridge;
}
