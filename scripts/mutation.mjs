#!/usr/bin/env node
/**
 * npm run mutation: StrykerJS over the code that guards people and data, part by part (each
 * folder against the tests that speak about it: test/mutation/parts.mjs), then the score of each
 * folder. Incremental: a second run re-tests only mutants whose code or tests
 * changed (delete test/mutation/.cache for a full run). `npm run mutation -- shared` runs one part.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PARTS } from "../test/mutation/parts.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const cache = path.join(root, "test/mutation/.cache");
const parts = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const chosen = parts.length > 0 ? parts : Object.keys(PARTS);

for (const part of chosen) {
  console.log(`\n── mutation testing: ${part} ──`);
  const run = spawnSync("npx", ["stryker", "run", "test/mutation/stryker.config.mjs"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, HIDAMARI_MUTATE: part },
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

/** Folder → counts, from Stryker's JSON reports (mutation-testing-report-schema). */
const FOLDERS = ["server/auth", "server/http", "server/research", "server/rooms", "shared/domain", "shared/protocol", "shared/research"];
const KILLED = new Set(["Killed", "Timeout"]);
const COUNTED = new Set(["Killed", "Timeout", "Survived", "NoCoverage"]);
const totals = new Map(FOLDERS.map((f) => [f, { killed: 0, counted: 0, survivors: [] }]));
for (const part of Object.keys(PARTS)) {
  const file = path.join(cache, `${part}-report.json`);
  if (!fs.existsSync(file)) continue;
  const report = JSON.parse(fs.readFileSync(file, "utf8"));
  for (const [name, result] of Object.entries(report.files)) {
    const rel = path.relative(root, path.resolve(root, name));
    const folder = FOLDERS.find((f) => rel.startsWith(`${f}/`));
    if (!folder) continue;
    const t = totals.get(folder);
    for (const m of result.mutants) {
      if (!COUNTED.has(m.status)) continue;
      t.counted++;
      if (KILLED.has(m.status)) t.killed++;
      else t.survivors.push(`${rel}:${m.location.start.line} ${m.mutatorName} ${m.status}${m.replacement ? ` → ${m.replacement.slice(0, 60).replace(/\s+/g, " ")}` : ""}`);
    }
  }
}
console.log("\nfolder               score   killed/counted");
for (const [folder, t] of totals) {
  if (t.counted === 0) continue;
  console.log(`${folder.padEnd(20)} ${((100 * t.killed) / t.counted).toFixed(1).padStart(5)} %  ${t.killed}/${t.counted}`);
}
if (process.argv.includes("--survivors")) {
  for (const [folder, t] of totals) for (const s of t.survivors) console.log(`  ${s}`);
}
