import fs from "node:fs";
import path from "node:path";
import { type ProfileSummary, profileReport, summarise } from "../lib/profile.ts";
import { MB, fmt, fmtRuns, mean, ratio, table } from "../lib/stats.ts";
import { sleep } from "../lib/processes.ts";
import type { Flavour } from "./bots.ts";
import { deploy, measure, Population, STUDENTS_PER_SPACE, type Window } from "./load.ts";

/**
 * Server cost and network in the realistic mix: Hidamari and the naive baseline, each in its own
 * process, under the same bots, interleaved (ours, naive, naive, ours, …) so that drift on a
 * shared machine falls on both alike.
 */
export interface MixOptions {
  spaces: number;
  warmSeconds: number;
  windowSeconds: number;
  rounds: number;
  profileDir?: string;
}

/** An IPv4 + TCP header with timestamps: what each WebSocket frame costs on a real link besides itself. */
const TCP_IP_BYTES = 52;

/** Figures derived from one window, per student where it says so. */
export function figures(w: Window) {
  const s = w.traffic.student;
  const studentSeconds = w.students * w.seconds;
  const perHour = (bytes: number) => (bytes / studentSeconds) * 3600;
  return {
    cpuMsPerStudentSecond: w.serverCpuMs / studentSeconds,
    cpuShareOfCore: w.serverCpuMs / (w.seconds * 1000),
    downPerHour: perHour(s.downPayload),
    patchPerHour: perHour(s.patchBytes),
    messagePerHour: perHour(s.messageBytes),
    wireDownPerHour: perHour(s.wireDown),
    linkDownPerHour: perHour(s.wireDown + s.downFrames * TCP_IP_BYTES),
    upPerHour: perHour(s.upPayload),
    wireUpPerHour: perHour(s.wireUp),
    framesDownPerSecond: s.downFrames / studentSeconds,
    patchesPerSecond: s.patchFrames / studentSeconds,
    staffDownPerHour: (w.traffic.staff.downPayload / (w.staff * w.seconds)) * 3600,
    floorPerHour: perHour((w.floorMoveBits + w.floorEventBits) / 8),
    floorMovePerHour: perHour(w.floorMoveBits / 8),
    walkingShare: w.walkingSeconds / studentSeconds,
    refusedShare: w.movesRejected / Math.max(1, w.movesSent),
    gapP50: w.gaps.p50,
    gapP99: w.gaps.p99,
    gapMax: w.gaps.max,
    latenessP99: w.lateness.p99,
    latenessMax: w.lateness.max,
    botCpuShare: w.botCpuMs / (w.seconds * 1000),
    othersCpuShare: w.othersCpuMs / (w.seconds * 1000),
    rssMbPerStudent: w.serverRssMb / w.students,
  };
}
export type Figures = ReturnType<typeof figures>;

export interface MixResult {
  options: MixOptions;
  windows: Window[];
  figures: Record<Flavour, Figures[]>;
  /** With --profile: the server's CPU profile of each flavour's first window, summarised. */
  profiles: Partial<Record<Flavour, { file: string; summary: ProfileSummary }>>;
}

export async function runMix(options: MixOptions, say: (line: string) => void): Promise<MixResult> {
  const windows: Window[] = [];
  const profiles: MixResult["profiles"] = {};
  if (options.profileDir) fs.mkdirSync(options.profileDir, { recursive: true });
  const order: Flavour[] = [];
  for (let r = 0; r < options.rounds; r++) order.push(...((r % 2 === 0 ? ["ours", "naive"] : ["naive", "ours"]) as Flavour[]));
  for (const flavour of order) {
    const deployment = await deploy(flavour, options.spaces);
    const population = new Population(deployment, false);
    try {
      const t0 = performance.now();
      await population.grow(options.spaces);
      say(`  ${flavour.padEnd(5)} ${population.bots.length} bots joined in ${fmt((performance.now() - t0) / 1000, 2)} s; warming up ${options.warmSeconds} s, measuring ${options.windowSeconds} s`);
      await sleep(options.warmSeconds * 1000);
      const profileFile = options.profileDir && !profiles[flavour] ? path.join(options.profileDir, `${flavour}-${Date.now()}.cpuprofile`) : undefined;
      const w = await measure(population, options.windowSeconds, profileFile ? { profileFile } : {});
      if (profileFile && fs.existsSync(profileFile)) profiles[flavour] = { file: profileFile, summary: summarise(profileFile) };
      windows.push(w);
      const f = figures(w);
      say(`        CPU ${fmt(f.cpuMsPerStudentSecond)} ms/student-s, down ${fmt(f.downPerHour / MB)} MB/student-h, lateness p99 ${fmt(f.latenessP99)} ms, moves refused ${w.movesRejected}`);
    } finally {
      await population.close();
      await deployment.stop();
    }
  }
  return {
    options,
    windows,
    profiles,
    figures: {
      ours: windows.filter((w) => w.flavour === "ours").map(figures),
      naive: windows.filter((w) => w.flavour === "naive").map(figures),
    },
  };
}

/** The side-by-side table: ours, naive, the ratio, and the target from issue 6. */
export function mixReport(result: MixResult): string {
  const { ours, naive } = result.figures;
  const col = (list: Figures[], pick: (f: Figures) => number, scale = 1, unit = "") => fmtRuns(list.map((f) => pick(f) * scale), unit);
  const avg = (list: Figures[], pick: (f: Figures) => number) => mean(list.map(pick));
  const row = (label: string, pick: (f: Figures) => number, scale: number, unit: string, target: string, showRatio = true) => [
    label,
    col(ours, pick, scale, unit),
    col(naive, pick, scale, unit),
    showRatio ? ratio(avg(ours, pick), avg(naive, pick)) : "",
    target,
  ];
  const floorOurs = avg(ours, (f) => f.floorPerHour);
  const o = result.options;
  const rows = [
    ["figure (per student unless said)", "ours", "naive", "ours/naive", "target (issue 6)"],
    row("server CPU per student-second", (f) => f.cpuMsPerStudentSecond, 1, "ms", "≤ 0.40× naive (2.5× less)"),
    row("server CPU, share of one core", (f) => f.cpuShareOfCore, 100, "%", ""),
    row("server memory per student (RSS)", (f) => f.rssMbPerStudent, 1000, "KB", ""),
    row("down per hour, payload", (f) => f.downPerHour, 1 / MB, "MB", "≤ 5 MB"),
    row("  state patches", (f) => f.patchPerHour, 1 / MB, "MB", ""),
    row("  messages (chat, emotes…)", (f) => f.messagePerHour, 1 / MB, "MB", ""),
    row("  with WebSocket framing", (f) => f.wireDownPerHour, 1 / MB, "MB", ""),
    row("  on a link, +52 B TCP/IP a frame (est.)", (f) => f.linkDownPerHour, 1 / MB, "MB", ""),
    row("up per hour, payload", (f) => f.upPerHour, 1 / MB, "MB", ""),
    row("  with WebSocket framing", (f) => f.wireUpPerHour, 1 / MB, "MB", ""),
    row("frames down per second", (f) => f.framesDownPerSecond, 1, "", ""),
    row("patch gap p50", (f) => f.gapP50, 1, "ms", ""),
    row("patch gap p99", (f) => f.gapP99, 1, "ms", ""),
    row("patch gap max", (f) => f.gapMax, 1, "ms", ""),
    row("patch lateness p99 (beyond its interval)", (f) => f.latenessP99, 1, "ms", "≤ 60 ms"),
    row("patch lateness max", (f) => f.latenessMax, 1, "ms", ""),
    row("counsellor down per hour (staff view)", (f) => f.staffDownPerHour, 1 / MB, "MB", ""),
    ["information floor per hour (movement + events)", `${fmt(floorOurs / MB)} MB`, `${fmt(avg(naive, (f) => f.floorPerHour) / MB)} MB`, "", ""],
    ["  of which movement", `${fmt(avg(ours, (f) => f.floorMovePerHour) / MB)} MB`, `${fmt(avg(naive, (f) => f.floorMovePerHour) / MB)} MB`, "", ""],
    ["down payload / floor", ratio(avg(ours, (f) => f.downPerHour), floorOurs), ratio(avg(naive, (f) => f.downPerHour), avg(naive, (f) => f.floorPerHour)), "", "≤ 2×"],
    ["state patches / movement floor", ratio(avg(ours, (f) => f.patchPerHour), avg(ours, (f) => f.floorMovePerHour)), ratio(avg(naive, (f) => f.patchPerHour), avg(naive, (f) => f.floorMovePerHour)), "", ""],
    row("walking share (measured)", (f) => f.walkingShare, 100, "%", "≈ 17 %", false),
    row("honest steps refused by the server", (f) => f.refusedShare, 100, "%", "0", false),
    row("bots' own CPU, share of one core", (f) => f.botCpuShare, 100, "%", "", false),
    row("other processes on the machine, share of one core", (f) => f.othersCpuShare, 100, "%", "", false),
  ];
  const runs = result.figures.ours.length;
  const profiled = (Object.entries(result.profiles) as Array<[Flavour, { file: string; summary: ProfileSummary }]>).map(
    ([flavour, p]) => `\n${profileReport(`Server CPU profile, ${flavour} (${path.relative(process.cwd(), p.file)}; profiling itself slows the window)`, p.summary)}`,
  );
  return [
    `Realistic mix: ${o.spaces} spaces × (${STUDENTS_PER_SPACE} students + 1 counsellor), ${o.windowSeconds} s windows after ${o.warmSeconds} s warm-up, ${runs} interleaved run(s) each (± = half the range)`,
    table(rows),
    ...profiled,
  ].join("\n");
}
