import path from "node:path";
import { build } from "vite";
import { chromiumPath } from "./chromium.ts";

/** Before any browser test: the browser must exist, and the client is built as `npm start` builds it. */
export default async function setup() {
  chromiumPath();
  await build({ configFile: path.resolve("vite.config.ts"), logLevel: "warn" });
}
