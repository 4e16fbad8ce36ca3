import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "@colyseus/sdk";
import { PROTOCOL_VERSION } from "../../../shared/protocol/version.ts";
import { SpaceState } from "../../../shared/state/SpaceState.ts";
import { Directory } from "../../../server/store/directory.ts";
import { openPostgres } from "../../../server/store/postgres/database.ts";
import { postgresSql } from "../../../server/store/sql.ts";
import { freePort } from "../../../server/demo/port.ts";
import { startPostgres } from "../../../scripts/throwaway/postgres.ts";
import { startRedis } from "../../../scripts/throwaway/redis.ts";
import { type ServerProcess, startServerProcess } from "../../support/serverProcess.ts";
import { Histogram } from "../lib/stats.ts";

/**
 * Joining a space held by another process (matchmaking on one, the seat reserved through Redis
 * on the other) against joining through the process that holds it: two processes on PostgreSQL
 * and Redis, one space, students entering and leaving one after another, the two ways
 * interleaved so both see the same machine. Time: from joinOrCreate to the first state.
 */
export interface ScaleResult {
  joins: number;
  sameMs: { p50: number; p99: number; mean: number };
  crossMs: { p50: number; p99: number; mean: number };
}

export async function runScale(options: { joins: number }, say: (line: string) => void): Promise<ScaleResult> {
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-bench-scale-"));
  const processes: ServerProcess[] = [];
  try {
    const databaseUrl = await postgres.database();
    const secret = randomBytes(32).toString("hex");
    const pool = await openPostgres(databaseUrl);
    const directory = new Directory(postgresSql(pool), Buffer.from(secret, "hex"));
    const org = (await directory.createOrganisation("ベンチ")).id;
    await directory.addStaff({ orgId: org, username: "bench-host", displayName: "ホスト", role: "counsellor", password: "correct horse battery" });
    const codes: string[] = [];
    for (let i = 0; i < 8; i++) codes.push((await directory.registerStudent({ orgId: org, nickname: `こ${i}` })).code);
    await pool.end();
    const env = { HIDAMARI_DATABASE_URL: databaseUrl, HIDAMARI_REDIS_URL: redis.url, HIDAMARI_SECRET: secret, HIDAMARI_DATA_DIR: dataDir };
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      processes.push(await startServerProcess(port, { ...env, HIDAMARI_PUBLIC_ADDRESS: `127.0.0.1:${port}` }));
    }
    const post = async (base: string, route: string, body: unknown) =>
      ((await fetch(`${base}/api${route}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const join = async (base: string, cookie: string) => {
      const started = performance.now();
      const room = await new Client(base, { headers: { cookie } }).joinOrCreate("space", { protocol: PROTOCOL_VERSION, org, look: { colour: "sun", accessory: "none" } }, SpaceState);
      await room.waitForInitialState();
      return { room, ms: performance.now() - started };
    };
    const host = (await join(processes[0]?.url ?? "", await post(processes[0]?.url ?? "", "/staff/sign-in", { username: "bench-host", password: "correct horse battery" }))).room;
    const holderPort = Number(new URL(host.connection.url ?? "ws://x:1").port);
    const holder = processes.find((p) => p.port === holderPort) as ServerProcess;
    const other = processes.find((p) => p !== holder) as ServerProcess;
    const cookies = await Promise.all(codes.map((code) => post(holder.url, "/enter", { code })));
    const same = new Histogram();
    const cross = new Histogram();
    for (let i = 0; i < options.joins * 2; i++) {
      const crossing = i % 2 === 1;
      const { room, ms } = await join(crossing ? other.url : holder.url, cookies[i % cookies.length] ?? "");
      (crossing ? cross : same).add(ms);
      await room.leave();
      if ((i + 1) % 20 === 0) say(`  ${i + 1} / ${options.joins * 2} joins`);
    }
    await host.leave();
    const figures = (h: Histogram) => ({ p50: h.quantile(0.5), p99: h.quantile(0.99), mean: h.mean });
    return { joins: options.joins, sameMs: figures(same), crossMs: figures(cross) };
  } finally {
    for (const p of processes) p.child.kill("SIGKILL");
    redis.stop();
    postgres.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function scaleReport(r: ScaleResult): string {
  const row = (name: string, f: ScaleResult["sameMs"]) => `  ${name.padEnd(34)} ${f.p50.toFixed(1).padStart(7)} ${f.p99.toFixed(1).padStart(7)} ${f.mean.toFixed(1).padStart(7)}`;
  return [
    `JOIN TIME ON TWO PROCESSES (Redis + PostgreSQL), ${r.joins} joins each way, interleaved`,
    `  ${"".padEnd(34)} ${"p50 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"mean".padStart(7)}`,
    row("through the process holding it", r.sameMs),
    row("through the other process", r.crossMs),
    `  cross / same: p50 ×${(r.crossMs.p50 / r.sameMs.p50).toFixed(2)}, p99 ×${(r.crossMs.p99 / r.sameMs.p99).toFixed(2)}`,
  ].join("\n");
}
