import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { LIMITS } from "../../../shared/domain/limits.ts";
import { freePort } from "../../support/ports.ts";
import { type Spawned, cpuMs, machineBusyMs, rssMb, sleep, startNode } from "../lib/processes.ts";
import { seeded } from "../../../shared/random.ts";
import { type SpaceAccounts, createAccounts, nickname } from "./accounts.ts";
import { MIX, SpaceActivity } from "./activity.ts";
import { Bot, type Flavour, type Kind, Recorder, type Traffic } from "./bots.ts";
import { NAIVE_SEND_HZ } from "./naiveState.ts";
import type { ProbeReading } from "./probe.ts";

/**
 * A server under load: Hidamari (server/main.ts) or the naive baseline (naiveServer.ts) in its
 * own process on loopback, spaces of bots joining it, and measurement windows that read the
 * server's CPU from /proc and everything else from the bots.
 */
export const STUDENTS_PER_SPACE = 30;
const PROBE = pathToFileURL(path.resolve("test/bench/server/probe.ts")).href;

export interface Deployment {
  flavour: Flavour;
  /** Where the bots sign in and match: the server, or nginx in front of several. */
  url: string;
  /** The server processes: one, or several behind nginx (scaled.ts). */
  servers: Spawned[];
  /** The processes that serve them beside (nginx, Redis, PostgreSQL with its backends), for their CPU. */
  support(): number[];
  /** Session cookies for space s: the counsellor's and student i's (none for the naive server). */
  cookieFor(space: number, who: "staff" | number): Promise<string | undefined>;
  orgOf(space: number): string;
  stop(): Promise<void>;
}

async function post(url: string, body: unknown): Promise<string> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  await res.arrayBuffer();
  return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

/** A benchmarked server process: its loopback port, on a folder made for it, the probe preloaded. */
export const startServer = (port: number, env: Record<string, string>) =>
  startNode("server/main.ts", { PORT: String(port), HOST: "127.0.0.1", HIDAMARI_CLIENT_DIR: "/nonexistent", LOG_LEVEL: "warn", ...env }, `http://127.0.0.1:${port}/readyz`, { preload: [PROBE] });

/** Starts a server process with accounts for `spaces` spaces of 30 students (Hidamari only needs them). */
export async function deploy(flavour: Flavour, spaces: number): Promise<Deployment> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  if (flavour === "naive") {
    const server = await startNode("test/bench/server/naiveServer.ts", { PORT: String(port) }, `${url}/readyz`, { preload: [PROBE] });
    return { flavour, url, servers: [server], support: () => [], cookieFor: async () => undefined, orgOf: (s) => `naive-${s}`, stop: () => server.stop() };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-bench-"));
  const accounts = await createAccounts(dataDir, spaces, STUDENTS_PER_SPACE);
  const server = await startServer(port, { HIDAMARI_DATA_DIR: dataDir });
  return {
    ...signingIn(url, accounts),
    flavour,
    servers: [server],
    support: () => [],
    stop: async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** How the bots of space s sign in at `url`: the counsellor with a password, the students with their codes. */
export function signingIn(url: string, accounts: SpaceAccounts[]): Pick<Deployment, "url" | "cookieFor" | "orgOf"> {
  return {
    url,
    orgOf: (s) => accounts[s]?.org ?? "",
    cookieFor: async (s, who) => {
      const space = accounts[s];
      if (!space) throw new Error(`no accounts for space ${s}`);
      return who === "staff" ? post(`${url}/api/staff/sign-in`, space.staff) : post(`${url}/api/enter`, { code: space.codes[who] });
    },
  };
}

/** Runs `tasks` with at most `limit` in flight. */
async function pool<T>(limit: number, tasks: Array<() => Promise<T>>): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await (tasks[i] as () => Promise<T>)();
      }
    }),
  );
  return out;
}

/** Spaces of bots on a deployment. */
export class Population {
  readonly recorder = new Recorder();
  readonly spaces: SpaceActivity[] = [];

  constructor(
    readonly deployment: Deployment,
    readonly light: boolean,
    readonly seed = 1,
  ) {}

  get bots(): Bot[] {
    return this.spaces.flatMap((s) => [s.staff, ...s.students]);
  }

  get students(): number {
    return this.spaces.reduce((n, s) => n + s.students.length, 0);
  }

  /** Adds spaces until there are `count`; each starts its activity once everyone is in. */
  async grow(count: number): Promise<void> {
    const from = this.spaces.length;
    const indices = Array.from({ length: count - from }, (_, i) => from + i);
    const joined = await pool(
      6,
      indices.map((s) => () => this.#fillSpace(s)),
    );
    for (const space of joined) {
      this.spaces.push(space);
      space.start();
    }
  }

  async #fillSpace(s: number): Promise<SpaceActivity> {
    const d = this.deployment;
    const org = d.orgOf(s);
    let activity: SpaceActivity | null = null;
    const onEvent = (bot: Bot, type: string, payload: unknown) => activity?.onEvent(bot, type, payload);
    const join = async (kind: Kind, who: "staff" | number) =>
      Bot.join(
        { url: d.url, flavour: d.flavour, kind, org, nickname: who === "staff" ? `せんせい${s}` : nickname(s, who), cookie: await d.cookieFor(s, who), light: this.light, recorder: this.recorder, onEvent },
        typeof who === "number" ? who : 0,
      );
    // Students may enter only once a counsellor has opened the space.
    const staff = await join("staff", "staff");
    const students = await pool(
      5,
      Array.from({ length: STUDENTS_PER_SPACE }, (_, i) => () => join("student", i)),
    );
    // The baseline keeps the spike's 10 Hz whatever Hidamari's own send rate becomes.
    activity = new SpaceActivity(staff, students, this.recorder, seeded(this.seed * 1000 + s), MIX, d.flavour === "naive" ? NAIVE_SEND_HZ : LIMITS.moveSendHz);
    return activity;
  }

  async close(): Promise<void> {
    for (const space of this.spaces) space.stop();
    for (const bot of this.bots) bot.close();
    await sleep(50);
  }
}

export interface Window {
  flavour: Flavour;
  seconds: number;
  students: number;
  staff: number;
  /** Every server process together. */
  serverCpuMs: number;
  serverRssMb: number;
  /** nginx, Redis and PostgreSQL together (none for one embedded process). */
  supportCpuMs: number;
  botCpuMs: number;
  /** CPU other processes on this shared machine used meanwhile (not the server, not the bots), ms. */
  othersCpuMs: number;
  botLoopP99Ms: number;
  /** The server's own event-loop delay and GC pauses during the window, the worst process's (null if no probe answered). */
  serverProbe: ProbeReading | null;
  traffic: Record<Kind, Traffic>;
  gaps: { count: number; p50: number; p99: number; max: number };
  lateness: { p50: number; p99: number; max: number };
  movesSent: number;
  movesRejected: number;
  walkingSeconds: number;
  chatsSent: number;
  chatsReceived: number;
  errors: Record<string, number>;
  floorMoveBits: number;
  floorEventBits: number;
}

/**
 * Measures one window: server CPU from /proc, traffic and patch gaps from the bots. With
 * `profileFile`, the server's CPU profile of exactly this window is written there (a .cpuprofile
 * for Chrome DevTools; see lib/profile.ts for the summary the report prints).
 */
export async function measure(population: Population, seconds: number, options: { profileFile?: string } = {}): Promise<Window> {
  const { recorder, deployment } = population;
  const bots = population.bots;
  recorder.reset();
  for (const space of population.spaces) {
    space.floorMoveBits = 0;
    space.floorEventBits = 0;
  }
  const loop = monitorEventLoopDelay({ resolution: 5 });
  for (const bot of bots) bot.startWire();
  const servers = deployment.servers;
  const serversCpu = () => servers.reduce((n, s) => n + cpuMs(s.pid), 0);
  // Read once: the same processes at both ends of the window (a PostgreSQL backend that ends
  // meanwhile counts for nothing rather than for minus what it had used).
  const support = new Map(deployment.support().map((pid) => [pid, cpuMs(pid)]));
  const supportMsSince = () => [...support].reduce((n, [pid, before]) => n + Math.max(0, cpuMs(pid) - before), 0);
  await Promise.all(servers.map((s) => s.ask({ type: "reset" })));
  // The first process's profile only: one is enough to see where the time goes.
  const profiled = servers[0];
  if (options.profileFile) await profiled?.ask({ type: "profile-start" });
  const cpu0 = serversCpu();
  const bot0 = process.cpuUsage();
  const machine0 = machineBusyMs();
  const t0 = performance.now();
  loop.enable();
  recorder.active = true;
  await sleep(seconds * 1000);
  recorder.active = false;
  loop.disable();
  const elapsed = (performance.now() - t0) / 1000;
  const cpu1 = serversCpu();
  const supportMs = supportMsSince();
  const bot1 = process.cpuUsage(bot0);
  const machine = machineBusyMs() - machine0;
  for (const bot of bots) bot.endWire();
  const serverProbe = worst(await Promise.all(servers.map((s) => s.ask<ProbeReading>({ type: "read" }))));
  if (options.profileFile) await profiled?.ask({ type: "profile-stop", file: options.profileFile }, 30_000);
  return {
    flavour: deployment.flavour,
    seconds: elapsed,
    students: population.students,
    staff: population.spaces.length,
    serverCpuMs: cpu1 - cpu0,
    serverRssMb: servers.reduce((n, s) => n + rssMb(s.pid), 0),
    supportCpuMs: supportMs,
    botCpuMs: (bot1.user + bot1.system) / 1000,
    othersCpuMs: Math.max(0, machine - (cpu1 - cpu0) - supportMs - (bot1.user + bot1.system) / 1000),
    botLoopP99Ms: loop.percentile(99) / 1e6,
    serverProbe,
    traffic: structuredClone(recorder.traffic),
    gaps: { count: recorder.gaps.count, p50: recorder.gaps.quantile(0.5), p99: recorder.gaps.quantile(0.99), max: recorder.gaps.max },
    lateness: { p50: recorder.lateness.quantile(0.5), p99: recorder.lateness.quantile(0.99), max: recorder.lateness.max },
    movesSent: recorder.movesSent,
    movesRejected: recorder.movesRejected,
    walkingSeconds: recorder.walkingSeconds,
    chatsSent: recorder.chatsSent,
    chatsReceived: recorder.chatsReceived,
    errors: Object.fromEntries(recorder.errors),
    floorMoveBits: population.spaces.reduce((n, s) => n + s.floorMoveBits, 0),
    floorEventBits: population.spaces.reduce((n, s) => n + s.floorEventBits, 0),
  };
}

/** The worst of several processes' readings, figure by figure (null if none answered). */
function worst(readings: Array<ProbeReading | null>): ProbeReading | null {
  const answered = readings.filter((r): r is ProbeReading => r !== null);
  if (answered.length <= 1) return answered[0] ?? null;
  const keys = Object.keys(answered[0] as ProbeReading) as Array<keyof ProbeReading>;
  return Object.fromEntries(keys.map((k) => [k, Math.max(...answered.map((r) => r[k]))])) as unknown as ProbeReading;
}
