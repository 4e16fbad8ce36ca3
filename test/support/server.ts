import { ColyseusTestServer } from "@colyseus/testing";
import { createApp } from "../../server/app.ts";
import { MemorySessionLog } from "../../server/store/memory.ts";
import type { SessionLog } from "../../server/store/SessionLog.ts";
import { freePort } from "./ports.ts";

/** The real app (rooms, routes, validation) on a free loopback port, with real WebSockets. */
export async function startTestServer(log: SessionLog = new MemorySessionLog()) {
  const port = await freePort();
  const server = createApp({ config: { clientDir: "/nonexistent-client-dir" }, log });
  await server.listen(port, "127.0.0.1");
  const colyseus = new ColyseusTestServer(server);
  return {
    colyseus,
    log,
    port,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await colyseus.cleanup();
      await server.gracefullyShutdown(false);
    },
  };
}
