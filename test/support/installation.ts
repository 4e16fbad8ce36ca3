import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Directory } from "../../server/store/directory.ts";
import { type Pool, openPostgres } from "../../server/store/postgres/database.ts";
import { postgresSql } from "../../server/store/sql.ts";
import { freePort } from "./ports.ts";
import { type Postgres, startPostgres } from "./postgres.ts";
import { type Redis, startRedis } from "./redis.ts";
import { type ServerProcess, startServerProcess } from "./serverProcess.ts";

/**
 * One installation on two server processes, the Colyseus way: a real redis-server for presence
 * and matchmaking, a real PostgreSQL for the store, one secret and one data folder for both.
 * `directory` makes organisations and people in its store; stop() ends it all.
 */
export interface Installation {
  readonly redis: Redis;
  /** The store, for a test to read what the processes wrote. */
  readonly pool: Pool;
  readonly directory: Directory;
  readonly processes: readonly [ServerProcess, ServerProcess];
  stop(): Promise<void>;
}

/** `env`: more settings for both processes (e.g. HIDAMARI_FLUSH_MS). */
export async function startInstallation(env: Record<string, string> = {}): Promise<Installation> {
  const [postgres, redis]: [Postgres, Redis] = await Promise.all([startPostgres(), startRedis()]);
  const databaseUrl = await postgres.database();
  const pool = await openPostgres(databaseUrl);
  const secret = randomBytes(32).toString("hex");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-installation-"));
  const shared = { HIDAMARI_DATABASE_URL: databaseUrl, HIDAMARI_REDIS_URL: redis.url, HIDAMARI_SECRET: secret, HIDAMARI_DATA_DIR: dataDir, ...env };
  const started: ServerProcess[] = [];
  for (const port of [await freePort(), await freePort()]) started.push(await startServerProcess(port, { ...shared, HIDAMARI_PUBLIC_ADDRESS: `127.0.0.1:${port}` }));
  return {
    redis,
    pool,
    directory: new Directory(postgresSql(pool), Buffer.from(secret, "hex")),
    processes: started as [ServerProcess, ServerProcess],
    async stop() {
      for (const p of started) p.child.kill("SIGKILL");
      await pool.end();
      redis.stop();
      postgres.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
