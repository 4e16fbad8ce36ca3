import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ColyseusTestServer } from "@colyseus/testing";
import { createApp } from "../../server/app.ts";
import { type ServiceOptions, createServices } from "../../server/services.ts";
import { createLogger } from "../../server/log.ts";
import { MemorySessionLog } from "../../server/store/memory.ts";
import type { SessionLog } from "../../server/store/SessionLog.ts";
import type { RateLimits } from "../../server/rooms/RateLimiter.ts";
import type { IceConfig } from "../../server/voice/iceServers.ts";
import { freePort } from "./ports.ts";

/**
 * The real app (rooms, routes, validation, auth) on a free loopback port, with real WebSockets
 * and a real SQLite database in memory. The grace periods (a dropped seat, a space without staff)
 * cannot be shortened here: tests hold a space's clock and move it instead (time.ts).
 */
export async function startTestServer(
  options: {
    log?: SessionLog;
    storeLog?: boolean;
    clientDir?: string;
    dbFile?: string;
    databaseUrl?: string;
    rateLimits?: RateLimits;
    host?: string;
    /** The services' clock (what welcome links expire by): a test moves it on instead of waiting days. */
    clock?: { now(): number };
    /** Voice's STUN and TURN settings, as config.ts reads them from the environment. */
    ice?: IceConfig;
    /** Voice's media server (a real Janus: test/support/janus.ts), as config.ts reads it from the environment. */
    janus?: { url: string; publicUrl: string; adminKey?: string };
    /** Where to listen (default: a free port), for a browser that must know the origin before the server starts. */
    port?: number;
    /** The LRS sender's timing (server/lrs/runner.ts): short rests and passes, so tests never sleep long. */
    lrs?: ServiceOptions["lrs"];
  } = {},
) {
  const port = options.port ?? (await freePort());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-test-"));
  // On PostgreSQL (or when asked) the store's own session log is the one under test; otherwise a log in memory.
  const log = options.log ?? (options.databaseUrl || options.storeLog ? undefined : new MemorySessionLog());
  const services = await createServices({
    dbFile: options.dbFile ?? ":memory:",
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    dataDir,
    secret: randomBytes(32),
    ...(log ? { log } : {}),
    logger: createLogger(process.env.LOG_LEVEL ?? "silent"),
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.ice ? { ice: options.ice } : {}),
    ...(options.janus ? { janus: options.janus } : {}),
    ...(options.lrs ? { lrs: options.lrs } : {}),
  });
  const server = createApp({ config: { clientDir: options.clientDir ?? "/nonexistent-client-dir", ...options.ice }, services, ownsProcess: false });
  // "::" (both loopbacks, as in production) where a test needs two devices: 127.0.0.1 and ::1.
  await server.listen(port, options.host ?? "127.0.0.1");
  const colyseus = new ColyseusTestServer(server);
  return {
    colyseus,
    services,
    log: services.log,
    port,
    dataDir,
    url: `http://${urlHost(options.host)}:${port}`,
    async close() {
      await colyseus.cleanup();
      await server.gracefullyShutdown(false);
      await services.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** Loopback for the wildcard addresses; otherwise the one address listened on (a voice test's namespace link). */
function urlHost(host: string | undefined): string {
  if (host === undefined || host === "::" || host === "0.0.0.0") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}
