import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Directory } from "../../../server/store/directory.ts";
import { openPostgres } from "../../../server/store/postgres/database.ts";
import { postgresSql } from "../../../server/store/sql.ts";
import { startPostgres } from "../../../scripts/throwaway/postgres.ts";
import { startRedis } from "../../../scripts/throwaway/redis.ts";
import { nginxConfig, processPath } from "../../../deploy/nginx.ts";
import { freePort } from "../../support/ports.ts";
import { type Spawned, processTree, sleep } from "../lib/processes.ts";
import { fmt, table } from "../lib/stats.ts";
import { accountsIn } from "./accounts.ts";
import { type CapacityOptions, type CapacityResult, runCapacity } from "./capacity.ts";
import { type Deployment, STUDENTS_PER_SPACE, signingIn, startServer } from "./load.ts";

/**
 * Students held by 1, 2 and 3 processes behind nginx (issue 14): the deployment recipe's shape
 * (deploy/nginx.ts, as `npm run try:scaled` runs it) on a throwaway PostgreSQL and Redis, and the
 * same stepped load and criterion as "students per process" (capacity.ts) through nginx's one
 * address. Each process count gets a fresh installation. Everything shares this machine's cores
 * (the bots, nginx, Redis, PostgreSQL and the processes), so each step says what each part cost.
 */
export interface ScaledResult {
  options: CapacityOptions;
  runs: Array<{ processes: number; capacity: CapacityResult }>;
}

/** N Hidamari processes on PostgreSQL and Redis, nginx in front, accounts for `spaces` spaces. */
export async function deployScaled(processes: number, spaces: number): Promise<Deployment> {
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-bench-scaled-"));
  // nginx's workers run as root here too (the bench runs as root on CI); they must read the folder.
  fs.chmodSync(dir, 0o755);
  const servers: Spawned[] = [];
  let nginx: ChildProcess | undefined;
  // nginx's workers outlive a master killed outright, and a master replaces a worker killed
  // before it: the master first, then the workers it had.
  const killAll = () => {
    for (const pid of nginx?.pid ? processTree(nginx.pid) : []) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    for (const s of servers) s.child.kill("SIGKILL");
  };
  // If the benchmark ends early (Ctrl-C, an error), nothing of this is left running.
  process.on("exit", killAll);
  const stop = async () => {
    process.off("exit", killAll);
    killAll();
    await Promise.all(servers.map((s) => s.stop()));
    redis.stop();
    postgres.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const databaseUrl = await postgres.database("hidamari");
    const secret = randomBytes(32).toString("hex");
    const pool = await openPostgres(databaseUrl);
    const accounts = await accountsIn(new Directory(postgresSql(pool), Buffer.from(secret, "hex")), spaces, STUDENTS_PER_SPACE).finally(() => pool.end());
    const listen = await freePort();
    const env = { HIDAMARI_DATABASE_URL: databaseUrl, HIDAMARI_REDIS_URL: redis.url, HIDAMARI_SECRET: secret, HIDAMARI_DATA_DIR: path.join(dir, "data") };
    const ports: number[] = [];
    for (let n = 1; n <= processes; n++) {
      const port = await freePort();
      ports.push(port);
      servers.push(await startServer(port, { ...env, HIDAMARI_PUBLIC_ADDRESS: `127.0.0.1:${listen}${processPath(n)}` }));
    }
    const conf = path.join(dir, "nginx.conf");
    // Two connections a student (theirs and nginx's to the process), and room to spare.
    const connections = spaces * (STUDENTS_PER_SPACE + 1) * 2 + 2048;
    fs.writeFileSync(conf, nginxConfig({ listen, ports, runDir: dir, connections, ...(process.getuid?.() === 0 ? { user: "root" } : {}) }));
    nginx = spawn("nginx", ["-c", conf, "-g", "daemon off;"], { stdio: "ignore" });
    const url = `http://127.0.0.1:${listen}`;
    for (let waited = 0; !(await fetch(`${url}/readyz`).then((r) => r.ok, () => false)); waited += 100) {
      if (waited > 10_000 || nginx.exitCode !== null) throw new Error(`nginx did not start: ${fs.existsSync(path.join(dir, "error.log")) ? fs.readFileSync(path.join(dir, "error.log"), "utf8") : ""}`);
      await sleep(100);
    }
    const nginxPid = nginx.pid ?? 0;
    return {
      ...signingIn(url, accounts),
      flavour: "ours",
      servers,
      support: () => [...processTree(nginxPid), redis.pid, ...processTree(postgres.pid)],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export async function runScaled(options: CapacityOptions & { processes: number[] }, say: (line: string) => void): Promise<ScaledResult> {
  const { processes, ...capacity } = options;
  const runs: ScaledResult["runs"] = [];
  for (const n of processes) {
    say(` ${n} process${n > 1 ? "es" : ""} behind nginx`);
    runs.push({ processes: n, capacity: await runCapacity(capacity, say, (spaces) => deployScaled(n, spaces)) });
  }
  return { options: capacity, runs };
}

export function scaledReport(result: ScaledResult): string {
  const base = result.runs[0];
  const rows = [
    ["processes", "students held", "× one process (linear: × n)", "at that step: servers' CPU", "nginx + Redis + PostgreSQL", "bots' CPU", "others", "lateness p99", "stopped"],
    ...result.runs.map(({ processes, capacity }) => {
      const top = capacity.steps.filter((s) => s.held).at(-1);
      const share = (x: number | undefined) => (x === undefined ? "—" : `${fmt(x * 100)} %`);
      return [
        String(processes),
        String(capacity.highestHeld),
        base && base.capacity.highestHeld > 0 ? `×${(capacity.highestHeld / base.capacity.highestHeld).toFixed(2)} (×${processes})` : "—",
        share(top?.serverCpuShare),
        share(top?.supportCpuShare),
        share(top?.botCpuShare),
        share(top?.othersCpuShare),
        top ? `${top.windowsP99.map((p) => fmt(p)).join(", ")} ms` : "—",
        capacity.stoppedBecause,
      ];
    }),
  ];
  const perStep = result.runs.map(({ processes, capacity }) =>
    table([
      ["students", `servers' CPU (${processes})`, "per 1,000 students", "nginx + Redis + PG", "bots", "others", "lateness p99", "server loop p99/max", "held"],
      ...capacity.steps.map((s) => [
        String(s.students),
        `${fmt(s.serverCpuShare * 100)} %`,
        `${fmt((s.serverCpuShare * 100 * 1000) / Math.max(1, s.students))} %`,
        `${fmt(s.supportCpuShare * 100)} %`,
        `${fmt(s.botCpuShare * 100)} %`,
        `${fmt(s.othersCpuShare * 100)} %`,
        `${s.windowsP99.map((p) => fmt(p)).join(", ")} ms`,
        `${fmt(s.serverLoopP99Ms)}/${fmt(s.serverLoopMaxMs)} ms`,
        s.held ? "yes" : "NO",
      ]),
    ]),
  );
  return [
    `STUDENTS HELD BY 1, 2 AND 3 PROCESSES BEHIND NGINX (PostgreSQL + Redis), spaces of ${STUDENTS_PER_SPACE} + 1 counsellor, ${result.options.windowSeconds} s windows, lateness p99 ≤ 60 ms; CPU in % of one core`,
    table(rows),
    ...perStep,
    "Every part shares this machine's cores: a step that fails with the machine full failed on the machine, not on the processes.",
  ].join("\n");
}
