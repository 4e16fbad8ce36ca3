import path from "node:path";
import { loadSecret } from "../auth/secret.ts";
import { loadConfig } from "../config.ts";
import { createApp } from "../app.ts";
import { runDemo } from "../demo/runDemo.ts";
import { createLogger } from "../log.ts";
import { createServices } from "../services.ts";
import { freePort } from "../demo/port.ts";

/**
 * `npm run demo`: fills the data folder with a month of synthetic school days so the research
 * dashboard has something to show. Safe to run on a fresh install; it adds its own demo
 * organisation and never touches real ones. (Run it while the server is stopped.)
 */
async function main() {
  const config = loadConfig();
  const days = Number(process.env.DEMO_DAYS ?? 20);
  const seconds = Number(process.env.DEMO_SECONDS ?? 8);
  // The log's clock: each day starts at its own morning and runs `speed` times faster.
  let base = Date.now();
  let started = Date.now();
  let speed = 1;
  const clock = {
    now: () => Math.round(base + (Date.now() - started) * speed),
    set: (b: number, s: number) => {
      base = b;
      started = Date.now();
      speed = s;
    },
  };
  const services = await createServices({
    dbFile: path.join(config.dataDir, "hidamari.sqlite"),
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    dataDir: config.dataDir,
    secret: loadSecret(config.dataDir, config.secret),
    logger: createLogger("warn"),
    clock,
  });
  console.log(`Playing ${days} school days (${seconds} s each) through the real server…`);
  const port = await freePort();
  const server = createApp({ config: { clientDir: "/nonexistent" }, services, ownsProcess: true });
  await server.listen(port, "127.0.0.1");
  const result = await runDemo({
    services,
    url: `http://127.0.0.1:${port}`,
    days,
    secondsPerSession: seconds,
    speed: 500,
    onProgress: (done, total) => process.stdout.write(`\r  day ${done}/${total} ${"█".repeat(done)}${"·".repeat(total - done)}`),
  });
  await server.gracefullyShutdown(false).catch(() => {});
  await services.close();
  console.log(`\n\nDone. Demo organisation: ${result.org.name}`);
  console.log(`  researcher: ${result.researcher.username} / ${result.researcher.password}  → /research`);
  console.log(`  counsellor: ${result.counsellor.username} / ${result.counsellor.password}  → /staff`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
