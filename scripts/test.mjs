#!/usr/bin/env node
// `npm test` after the set-up and the typecheck: the whole suite in two lanes at once.
//
// Vitest alone runs one file at a time on these 2-core machines (its default is cores - 1), so
// the suite took the sum of every file: 27.5 minutes in CI. The browser files must stay one at a
// time (each drives several Chromium pages drawing WebGL in software), but while they run, about
// half a core is idle; the unit, integration and budget files (Node only, 7 minutes) fill it.
// Each lane is its own vitest; the browser lane prints as it goes, the other lane's report
// follows when it ends, so neither interleaves with the other. Extra arguments go to both.
import { spawn } from "node:child_process";

const args = process.argv.slice(2);
// With a filter (`npm test -- test/unit/x.test.ts`) one lane may have nothing to run, and that is fine.
const vitest = (projects) => ["vitest", "run", ...projects.flatMap((p) => ["--project", p]), ...(args.length ? ["--passWithNoTests"] : []), ...args];

function lane(name, projects, { live }) {
  const started = Date.now();
  const child = spawn("npx", vitest(projects), { stdio: ["ignore", live ? "inherit" : "pipe", live ? "inherit" : "pipe"], env: process.env });
  const held = [];
  if (!live) {
    child.stdout.on("data", (b) => held.push(b));
    child.stderr.on("data", (b) => held.push(b));
  }
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      if (held.length) process.stdout.write(Buffer.concat(held));
      const seconds = Math.round((Date.now() - started) / 1000);
      resolve({ name, ok: code === 0, seconds, signal });
    });
  });
}

console.log("npm test: the browser files run one at a time below; the unit, integration and budget files run alongside, and their report follows.\n");
const results = await Promise.all([
  lane("browser", ["browser"], { live: true }),
  lane("unit, integration and budgets", ["unit", "integration", "budgets"], { live: false }),
]);
console.log("");
for (const r of results) console.log(`npm test: ${r.name}: ${r.ok ? "passed" : `FAILED${r.signal ? ` (${r.signal})` : ""}`} in ${r.seconds} s`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
