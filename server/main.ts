import net from "node:net";
import path from "node:path";
import { createApp } from "./app.ts";
import { loadSecret } from "./auth/secret.ts";
import { ConfigError, DEFAULT_HOST, loadConfig } from "./config.ts";
import { createLogger } from "./log.ts";
import { createServices } from "./services.ts";
import { keepRetention } from "./retention.ts";

/** Longer than Colyseus's own goodbye to the spaces (a notice, then closing each), shorter than an operator's patience. */
const SHUTDOWN_DEADLINE_MS = 10_000;

/** Start-up only: read configuration, open the store, listen, and close cleanly on shutdown. */
async function main() {
  const config = loadConfig();
  const services = await createServices({
    dbFile: path.join(config.dataDir, "hidamari.sqlite"),
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}),
    dataDir: config.dataDir,
    secret: loadSecret(config.dataDir, config.secret),
    flushMs: config.flushMs,
    logger: createLogger(config.logLevel),
    timeZone: config.timeZone,
    plazaName: config.plazaName,
    ice: config,
    janus: config.janus,
    research: { suppressBelow: config.suppressBelow, publicUrl: config.publicUrl, retentionDays: config.retentionDays },
  });
  const interrupted = await services.log.closeInterrupted();
  if (interrupted > 0) services.logger.warn({ spaces: interrupted }, "closed spaces left open by an earlier crash as interrupted");
  const server = createApp({ config, services, ownsProcess: true });
  const stopRetention = keepRetention(services);
  server.onShutdown(() => {
    stopRetention();
    return services.close();
  });
  // Colyseus closes the spaces on SIGTERM/SIGINT; one that cannot finish (its Redis or database
  // gone) must not keep the process: after SHUTDOWN_DEADLINE_MS it exits anyway.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        services.logger.error({ signal, ms: SHUTDOWN_DEADLINE_MS }, "shutdown did not finish in time; exiting");
        process.exit(1);
      }, SHUTDOWN_DEADLINE_MS).unref();
    });
  }
  await server.listen(config.port, await listenAddress(config.host));
  const shown = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const base = `http://${shown}:${config.port}`;
  services.logger.info({ url: base, dataDir: config.dataDir }, "listening");
  console.log(`Hidamari is open at ${base}  (data in ${config.dataDir})`);
  if (!(await services.directory.hasAdmin())) {
    // No default password, ever: the first admin is made through this one-time link.
    console.log(`\nFirst start: create the first admin at\n  ${base}/staff?setup=${await services.setup.issue()}\n(or run: npm run admin -- help)\n`);
  }
}

/**
 * The default "::" is dual-stack (IPv6 and IPv4 on one socket); a machine with IPv6 switched off
 * refuses it, and there the default means every IPv4 address instead. Asked with a throwaway
 * socket first: a failed listen() inside Colyseus would throw out of an event handler.
 */
async function listenAddress(host: string): Promise<string> {
  if (host !== DEFAULT_HOST) return host;
  const probe = net.createServer();
  const ok = await new Promise<boolean>((resolve) => {
    probe.once("error", () => resolve(false));
    probe.listen(0, host, () => resolve(true));
  });
  probe.close();
  if (!ok) console.warn("IPv6 is not available here: listening on IPv4 only (0.0.0.0)");
  return ok ? host : "0.0.0.0";
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error("Hidamari could not start:", error);
  }
  process.exit(1);
});
