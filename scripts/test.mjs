#!/usr/bin/env node
// `npm test` after the set-up and the typecheck: the whole suite in two lanes at once.
//
// Vitest alone runs one file at a time on these 2-core machines (its default is cores - 1), so
// the suite took the sum of every file: 27.5 minutes in CI. The browser files must not run two
// at a time beside the Node files (each drives several Chromium pages drawing WebGL in software),
// but while one runs, about half a core is idle. So: the first lane runs the browser files one at
// a time; the second runs the unit, integration and budget files (Node only), then the last few
// browser files, so both lanes end at about the same time (docs/testing.md, "Two lanes").
// The browser lane prints as it goes, the other lane's report follows when it ends, so neither
// interleaves with the other. Extra arguments (a filter) go to both lanes, and then every
// browser file stays in the first.
import { spawn, spawnSync } from "node:child_process";
import { testBridgeForRun } from "../test/support/testBridge.ts";

const args = process.argv.slice(2);
const filtered = args.length > 0;
// Browser files for the second lane: about a quarter of the browser lane's time, plain pages
// (no voice: those use coturn, Janus and network namespaces, and stay with the others).
// Chosen by measure on clean clones (docs/testing.md, "Two lanes"): on 2026-12-06 at 23:28 the
// browser lane took 1,527 s and this one 1,293 s, with the first ten of these.
const LATER = ["research", "polls", "study", "tables", "space", "lesson", "hosting", "deck", "timetable", "records", "settings", "bookings", "admin", "chat-log"].map(
  (name) => `test/browser/${name}.test.ts`,
);
// With a filter (`npm test -- test/unit/x.test.ts`) one lane may have nothing to run, and that is fine.
const vitest = (projects, extra = []) => ["vitest", "run", ...projects.flatMap((p) => ["--project", p]), ...(filtered ? ["--passWithNoTests", ...args] : extra)];

// With browser files in both lanes, the client is built once, first (test/browser/global-setup.ts
// would build it in each, over the files the other lane's pages are loading).
if (!filtered) {
  const built = spawnSync("npx", ["vite", "build", "--logLevel", "warn"], { stdio: "inherit" });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const env = filtered ? process.env : { ...process.env, HIDAMARI_CLIENT_BUILT: "1" };

function run(command, live) {
  const child = spawn("npx", command, { stdio: ["ignore", live ? "inherit" : "pipe", live ? "inherit" : "pipe"], env });
  const held = [];
  if (!live) {
    child.stdout.on("data", (b) => held.push(b));
    child.stderr.on("data", (b) => held.push(b));
  }
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      if (held.length) process.stdout.write(Buffer.concat(held));
      resolve({ ok: code === 0, signal });
    });
  });
}

/** Commands one after the other (all of them, even after a failure: every report is worth reading). */
async function lane(name, commands, { live }) {
  const started = Date.now();
  const results = [];
  for (const command of commands) results.push(await run(command, live));
  const failed = results.find((r) => !r.ok);
  return { name, ok: !failed, signal: failed?.signal, seconds: Math.round((Date.now() - started) / 1000) };
}

// The host's side of the voice tests' networks, made before any Chromium starts: made while a
// page loads in the other lane, it would fail that page's requests (test/support/testBridge.ts).
const closeBridge = testBridgeForRun();
process.on("exit", closeBridge);
// Stopped by Ctrl-C or a CI timeout, it still removes the bridge (the exit hook runs on exit()).
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));

console.log("npm test: the browser files run one at a time below; the unit, integration and budget files run alongside, then the last few browser files, and their report follows.\n");
const results = await Promise.all([
  lane("browser", [vitest(["browser"], LATER.flatMap((file) => ["--exclude", file]))], { live: true }),
  lane(filtered ? "unit, integration and budgets" : "unit, integration, budgets, then the last browser files", [vitest(["unit", "integration", "budgets"]), ...(filtered ? [] : [vitest(["browser"], LATER)])], {
    live: false,
  }),
]);
console.log("");
for (const r of results) console.log(`npm test: ${r.name}: ${r.ok ? "passed" : `FAILED${r.signal ? ` (${r.signal})` : ""}`} in ${r.seconds} s`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
