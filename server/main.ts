import path from "node:path";
import { createApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { SqliteSessionLog } from "./store/sqlite.ts";

/** Start-up only: read configuration, open the store, listen, and close cleanly on shutdown. */
async function main() {
  const config = loadConfig();
  const log = new SqliteSessionLog(path.join(config.dataDir, "hidamari.sqlite"), config.flushMs);
  const server = createApp({ config, log });
  server.onShutdown(() => log.close());
  await server.listen(config.port, config.host);
  const shown = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  console.log(`Hidamari is open at http://${shown}:${config.port}  (data in ${config.dataDir})`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error("Hidamari could not start:", error);
  }
  process.exit(1);
});
