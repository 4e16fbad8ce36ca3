#!/usr/bin/env node
/**
 * npm run mutation: StrykerJS over the code that guards people and data, part by part (each
 * folder against the tests that speak about it: test/mutation/parts.mjs), then the score of each
 * folder. Incremental: a second run re-tests only mutants whose code or tests
 * changed (delete test/mutation/.cache for a full run). `npm run mutation -- shared` runs one part;
 * `--survivors` lists what survived; `--report` only prints the scores of runs already made.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PARTS } from "../test/mutation/parts.mjs";
import { testBridgeForRun } from "../test/support/testBridge.ts";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const cache = path.join(root, "test/mutation/.cache");
const parts = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const chosen = parts.length > 0 ? parts : Object.keys(PARTS);

// The voice part's Janus test runs in a network namespace joined to the host's test bridge:
// made once here, before Stryker's workers start, and removed after (test/support/testBridge.ts).
const running = !process.argv.includes("--report");
const closeBridge = running && chosen.includes("voice") ? testBridgeForRun() : () => undefined;
process.on("exit", closeBridge);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));

// --report: print the scores of the runs already made, without running anything.
for (const part of running ? chosen : []) {
  console.log(`\n── mutation testing: ${part} ──`);
  const run = spawnSync("npx", ["stryker", "run", "test/mutation/stryker.config.mjs"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, HIDAMARI_MUTATE: part },
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

/** Folder → counts, from Stryker's JSON reports (mutation-testing-report-schema). */
const FOLDERS = ["server/auth", "server/http", "server/research", "server/rights", "server/rooms", "server/retention.ts", "shared/domain", "shared/protocol", "shared/research"];
/** A file of a folder, or the file itself (a part can be one file: server/retention.ts). */
const within = (rel, f) => rel === f || rel.startsWith(`${f}/`);
const KILLED = new Set(["Killed", "Timeout"]);
const COUNTED = new Set(["Killed", "Timeout", "Survived", "NoCoverage"]);
const totals = new Map(FOLDERS.map((f) => [f, { killed: 0, counted: 0, planned: 0, survivors: [] }]));
// A mutant met in two parts' runs (signin is a part of access) counts once, as the first met.
const seen = new Set();
const add = (fileName, m) => {
  const rel = path.relative(root, path.resolve(root, fileName));
  const folder = FOLDERS.find((f) => within(rel, f));
  if (!folder || !COUNTED.has(m.status)) return;
  const key = `${rel}:${m.location.start.line}:${m.location.start.column}:${m.mutatorName}:${m.replacement ?? ""}`;
  if (seen.has(key)) return;
  seen.add(key);
  const t = totals.get(folder);
  t.counted++;
  if (KILLED.has(m.status)) t.killed++;
  else t.survivors.push(`${rel}:${m.location.start.line} ${m.mutatorName} ${m.status}${m.replacement ? ` → ${m.replacement.slice(0, 60).replace(/\s+/g, " ")}` : ""}`);
};
for (const part of Object.keys(PARTS)) {
  const file = path.join(cache, `${part}-report.json`);
  const events = path.join(cache, `${part}-events`);
  const finished = fs.existsSync(file) && (!fs.existsSync(events) || fs.statSync(file).mtimeMs >= fs.statSync(events).mtimeMs - 60_000);
  if (finished) {
    const report = JSON.parse(fs.readFileSync(file, "utf8"));
    for (const [name, result] of Object.entries(report.files)) for (const m of result.mutants) add(name, m);
  } else if (fs.existsSync(events)) {
    // A run stopped before its end: what it had found, marked as partial below.
    for (const entry of fs.readdirSync(events).filter((f) => f.endsWith("-onMutantTested.json"))) {
      const m = JSON.parse(fs.readFileSync(path.join(events, entry), "utf8"));
      add(m.fileName, m);
    }
    const plan = fs.readdirSync(events).find((f) => f.endsWith("-onMutationTestingPlanReady.json"));
    if (plan) {
      for (const { mutant } of JSON.parse(fs.readFileSync(path.join(events, plan), "utf8")).mutantPlans) {
        const folder = FOLDERS.find((f) => within(path.relative(root, path.resolve(root, mutant.fileName)), f));
        if (folder) totals.get(folder).planned++;
      }
    }
  }
}
console.log("\nfolder               score   killed/counted");
for (const [folder, t] of totals) {
  if (t.counted === 0) continue;
  const partial = t.planned > t.counted ? `  (partial: the run stopped with ${t.counted} of ${t.planned} mutants tested)` : "";
  console.log(`${folder.padEnd(20)} ${((100 * t.killed) / t.counted).toFixed(1).padStart(5)} %  ${t.killed}/${t.counted}${partial}`);
}
if (process.argv.includes("--survivors")) {
  for (const [folder, t] of totals) for (const s of t.survivors) console.log(`  ${s}`);
}
