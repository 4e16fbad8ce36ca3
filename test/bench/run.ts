import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type CapacityResult, capacityReport, runCapacity } from "./server/capacity.ts";
import { type MixResult, mixReport, runMix } from "./server/mix.ts";
import { type ClientResult, clientReport, runClient } from "./client/run.ts";
import { type ScaleResult, runScale, scaleReport } from "./server/scale.ts";
import { type ScaledResult, runScaled, scaledReport } from "./server/scaled.ts";
import { type ResearchYearResult, researchYearReport, runResearchYear } from "./server/researchYear.ts";
import { type VoiceResult, runVoice, voiceReport } from "./voice/run.ts";

/**
 * `npm run bench [-- <part>…] [--quick] [--profile] [--churn=N] [--rounds=N]`: Hidamari's benchmark suite, loopback only,
 * bounded in time (about 25 minutes for "all" on a 2-core machine).
 *
 *   mix       server CPU, bytes per student-hour and patch gaps in the realistic mix, Hidamari
 *             and the naive baseline interleaved, with the information floor
 *   capacity  students per process: a stepped load until the patch gap p99 gives way
 *   scale     joining through another process (Redis) against through the one holding the space
 *   scaled    students held by 1, 2 and 3 processes behind nginx (PostgreSQL + Redis), the
 *             capacity's load and criterion (not in "all": about 20 minutes)
 *   research  the researcher's API on a generated year of 30 organisations, SQLite and PostgreSQL
 *             (not in "all": it writes a year twice, several minutes)
 *   client    first-visit bytes, draw calls and triangles, frame cost, idle and hidden frames,
 *             first frame on an LTE profile, heap after churn (headless Chromium)
 *   voice     bytes per listener-hour (the product against a bare call with the browser's default
 *             Opus; peer to peer and through Janus), the listener's page CPU with voice on and
 *             off (idle, and drawing), mouth-to-ear delay measured with tones on loopback and
 *             through TURN with an LTE-like link at both ends (headless Chromium in a network
 *             namespace, as root; about 12 minutes)
 *   server    = mix + capacity + scale;  all (default) = server + client + voice
 *
 * --quick: smaller loads, shorter windows (a smoke test). --profile: CPU profiles of the server in
 * the mix (test-results/bench/profiles/). --churn=N: N arrivals in the client's heap churn.
 * --rounds=N: the client's frame cost measured N times over (2 by default), each round's ratio
 * printed: on a shared machine one round can read 0.1× off its neighbours.
 *
 * Results are printed and written to test-results/bench/ (JSON). docs/benchmarks.md records them.
 */
const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith("--")));
const requested = args.filter((a) => !a.startsWith("--"));
const PARTS = ["mix", "capacity", "scale", "scaled", "client", "research", "voice"] as const;
type Part = (typeof PARTS)[number];
const expand = (name: string): Part[] => {
  if (name === "all") return ["mix", "capacity", "scale", "client", "voice"];
  if (name === "server") return ["mix", "capacity", "scale"];
  if (name === "network") return ["mix"];
  if ((PARTS as readonly string[]).includes(name)) return [name as Part];
  throw new Error(`unknown part "${name}": use ${[...PARTS, "server", "network", "all"].join(", ")}`);
};
const parts = new Set((requested.length ? requested : ["all"]).flatMap(expand));
const quick = flags.has("--quick");
const outDir = path.resolve("test-results/bench");
fs.mkdirSync(outDir, { recursive: true });

// The SDK warns about every message type a bot has no handler for yet and every socket the
// benchmark drops on purpose: thousands of lines that say nothing here.
const warn = console.warn.bind(console);
console.warn = (...items: unknown[]) => {
  const first = String(items[0] ?? "");
  if (first.includes("onMessage() not registered") || first.includes("closed unexpectedly")) return;
  warn(...items);
};

function machine() {
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    if (execFileSync("git", ["status", "--porcelain", "--", "server", "shared", "client"], { encoding: "utf8" }).trim()) commit += " + uncommitted changes";
  } catch {
    // not a git checkout
  }
  return { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? "?", memoryGb: Math.round(os.totalmem() / 1e9), node: process.version, commit, at: new Date().toISOString() };
}

// Ctrl-C ends through process.exit, so the exit hooks stop what the parts started (PostgreSQL, Redis, nginx, servers).
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));

const say = (line: string) => console.log(line);
const started = performance.now();
const info = machine();
say(`Hidamari benchmark — ${[...parts].join(", ")}${quick ? " (quick)" : ""}`);
say(`machine: ${info.cores} cores (${info.cpu}), ${info.memoryGb} GB, Node ${info.node}, commit ${info.commit}\n`);

const results: { machine: typeof info; mix?: MixResult; capacity?: CapacityResult; scale?: ScaleResult; scaled?: ScaledResult; client?: ClientResult; research?: ResearchYearResult; voice?: VoiceResult } = { machine: info };
const reports: string[] = [];

if (parts.has("mix")) {
  say("▶ realistic mix: Hidamari vs the naive baseline");
  results.mix = await runMix(
    {
      spaces: quick ? 4 : 10,
      // A server runs all morning: measure it settled. Hidamari's server compiles for a minute
      // (--trace-opt: TurboFan took 93 ms of CPU between its 20th and 30th second, 26 between
      // 50 and 60, 7 between 70 and 80), more code than the naive server's, whose windows read
      // the same from 10 s on. A 30 s window holds an old-generation collection more often than
      // not, as a morning does. docs/benchmarks.md, "Server CPU, run to run".
      warmSeconds: quick ? 3 : 60,
      windowSeconds: quick ? 8 : 30,
      rounds: quick ? 1 : 2,
      ...(flags.has("--profile") ? { profileDir: path.join(outDir, "profiles") } : {}),
    },
    say,
  );
  reports.push(mixReport(results.mix));
}

if (parts.has("capacity")) {
  say("▶ students per process (stepped load)");
  results.capacity = await runCapacity(
    {
      flavour: "ours",
      steps: quick ? [300, 900] : [300, 900, 1500, 2400, 3300, 4200, 5100],
      // Right after a few thousand joins the server is still compiling and collecting: let it settle.
      settleSeconds: quick ? 4 : 8,
      windowSeconds: quick ? 5 : 8,
      budgetSeconds: quick ? 60 : 180,
    },
    say,
  );
  reports.push(capacityReport(results.capacity));
}

if (parts.has("scale")) {
  say("▶ join time across processes (Redis + PostgreSQL)");
  results.scale = await runScale({ joins: quick ? 20 : 100 }, say);
  reports.push(scaleReport(results.scale));
}

if (parts.has("scaled")) {
  say("▶ students held by 1, 2 and 3 processes behind nginx (PostgreSQL + Redis)");
  results.scaled = await runScaled(
    {
      flavour: "ours",
      processes: quick ? [1, 2] : [1, 2, 3],
      // Past the one embedded process's 5,100: with more processes the limit is further out.
      steps: quick ? [300, 900] : [3000, 4500, 6000, 7500, 9000, 10500, 12000],
      settleSeconds: quick ? 4 : 8,
      windowSeconds: quick ? 5 : 8,
      budgetSeconds: quick ? 90 : 420,
    },
    say,
  );
  reports.push(scaledReport(results.scaled));
}

if (parts.has("research")) {
  say("▶ the research API on a generated year (SQLite, then PostgreSQL)");
  results.research = await runResearchYear(quick ? { orgs: 3, days: 20, students: 6 } : { orgs: 30, days: 200, students: 30 }, say);
  reports.push(researchYearReport(results.research));
}

if (parts.has("client")) {
  say("▶ client (Vite build + headless Chromium)");
  const churn = Number(args.find((a) => a.startsWith("--churn="))?.slice("--churn=".length));
  const rounds = Number(args.find((a) => a.startsWith("--rounds="))?.slice("--rounds=".length));
  results.client = await runClient({ quick, ...(churn > 0 ? { churnArrivals: churn } : {}), ...(rounds > 0 ? { rounds } : {}) }, say);
  reports.push(clientReport(results.client));
}

if (parts.has("voice")) {
  say("▶ voice (Vite build + headless Chromium in a network namespace)");
  results.voice = await runVoice({ quick }, say).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
  reports.push(voiceReport(results.voice));
}

say(`\n${"═".repeat(100)}\n`);
say(reports.join(`\n\n`));
const file = path.join(outDir, `bench-${info.at.replaceAll(":", "-")}.json`);
fs.writeFileSync(file, JSON.stringify(results, null, 2));
fs.copyFileSync(file, path.join(outDir, "latest.json"));
say(`\nfinished in ${Math.round((performance.now() - started) / 1000)} s; results in ${path.relative(process.cwd(), file)}`);
process.exit(0);
