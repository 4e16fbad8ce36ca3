import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../server/demo/port.ts";

/**
 * A real PostgreSQL for tests and try-outs: a throwaway cluster in a temporary folder, on a free loopback
 * port, with fsync off (nothing here needs to survive the machine). Debian's `postgresql` package
 * provides the binaries (`.ci/run` and scripts/ensure-system.mjs install it). PostgreSQL refuses to
 * run as root, so as root the cluster belongs to the `postgres` user the package creates.
 *
 * stop() stops it at once; an exit hook stops it if the test process ends without stop().
 */
export interface Postgres {
  /** A connection string for a fresh database of its own (each call makes one). */
  database(name?: string): Promise<string>;
  /** The server's own process (its backends are its children), for what it costs a benchmark. */
  pid: number;
  stop(): void;
}

function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb"))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error("PostgreSQL is not installed (Debian's `postgresql` package); run `node scripts/ensure-system.mjs` as root");
  return path.join(root, newest, "bin");
}

export async function startPostgres(): Promise<Postgres> {
  const bin = binDir();
  const isRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-pg-"));
  const data = path.join(dir, "data");
  const port = await freePort();
  const as = (cmd: string, args: string[]) => {
    const [file, argv] = isRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
    const result = spawnSync(file, argv, { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${path.basename(cmd)} failed: ${result.stderr || result.stdout}`);
  };
  if (isRoot) execFileSync("chown", ["postgres", dir]);
  as(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  as(path.join(bin, "pg_ctl"), ["-D", data, "-w", "-l", path.join(dir, "log"), "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`, "start"]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off("exit", stop);
    try {
      as(path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  process.on("exit", stop);
  let made = 0;
  const pid = Number(fs.readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]);
  return {
    pid,
    async database(name = `t${++made}_${process.pid}`) {
      const pg = (await import("pg")).default;
      const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${name}"`);
      } finally {
        await admin.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop,
  };
}
