import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";

/**
 * Child processes and what the kernel says they cost. CPU comes from /proc/<pid>/stat
 * (utime + stime), so it counts everything the process did, kernel time for sockets included.
 */

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time a process has used so far (user + system), milliseconds; 0 if it is gone. */
export function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces: fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU time all processes on the machine have used so far (every core, idle excluded), ms. */
export function machineBusyMs(): number {
  try {
    const cpu = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    // user nice system idle iowait irq softirq steal …: everything but idle and iowait is busy.
    const busy = cpu.reduce((n, v, i) => (i === 3 || i === 4 ? n : n + (v || 0)), 0);
    return (busy * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Resident memory of a process, megabytes. */
export function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

/** A process and all its descendants (Chromium's renderer and GPU processes, for instance). */
export function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = parents.get(ppid) ?? [];
      list.push(Number(entry));
      parents.set(ppid, list);
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    out.push(pid);
    for (const child of parents.get(pid) ?? []) walk(child);
  };
  walk(root);
  return out;
}

/** The command line of a process, for telling Chromium's processes apart. */
export function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface Spawned {
  child: ChildProcess;
  pid: number;
  output: () => string;
  /** Asks a preloaded probe (test/bench/server/probe.ts); null if nothing answers in time. */
  ask: <T>(message: object, timeoutMs?: number) => Promise<T | null>;
  /** Kills the process (SIGKILL: a benchmark server has nothing to save) and waits for it. */
  stop: () => Promise<void>;
}

/**
 * Starts `node --import tsx [--import <preload>…] <entry>` with an IPC channel and waits until
 * `readyUrl` answers 200.
 */
export async function startNode(entry: string, env: Record<string, string>, readyUrl: string, options: { preload?: string[]; timeoutMs?: number } = {}): Promise<Spawned> {
  const { preload = [], timeoutMs = 30_000 } = options;
  const child = spawn(process.execPath, ["--import", "tsx", ...preload.flatMap((p) => ["--import", p]), entry], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  child.channel?.unref();
  let output = "";
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const spawned: Spawned = {
    child,
    pid: child.pid ?? 0,
    output: () => output,
    ask: <T>(message: object, waitMs = 2000) =>
      new Promise<T | null>((resolve) => {
        if (!child.connected) return resolve(null);
        const onMessage = (reply: unknown) => {
          if (!reply || typeof reply !== "object" || !("probe" in reply)) return;
          clearTimeout(timer);
          child.off("message", onMessage);
          resolve((reply as { probe: T }).probe);
        };
        const timer = setTimeout(() => {
          child.off("message", onMessage);
          resolve(null);
        }, waitMs);
        child.on("message", onMessage);
        child.send(message);
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
  const started = Date.now();
  for (;;) {
    try {
      if ((await fetch(readyUrl)).ok) return spawned;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() - started > timeoutMs) {
      await spawned.stop();
      throw new Error(`${entry} did not start:\n${output}`);
    }
    await sleep(100);
  }
}
