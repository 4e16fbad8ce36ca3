import fs from "node:fs";
import path from "node:path";
import { defineRoom, defineServer } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";
import express from "express";
import type { Config } from "./config.ts";
import { createSpaceRoom } from "./rooms/SpaceRoom.ts";
import type { SessionLog } from "./store/SessionLog.ts";
import { PROTOCOL_VERSION } from "../shared/protocol/version.ts";

export interface AppDeps {
  config: Pick<Config, "clientDir">;
  log: SessionLog;
}

/**
 * The composition root: rooms, HTTP routes and the built client, all on one port.
 */
export function createApp({ config, log }: AppDeps) {
  return defineServer({
    greet: false,
    transport: new WebSocketTransport({ maxPayload: 4 * 1024 }),
    rooms: {
      space: defineRoom(createSpaceRoom({ log })),
    },
    express: (app) => {
      app.disable("x-powered-by");
      app.get("/healthz", (_req, res) => {
        res.json({ ok: true, protocol: PROTOCOL_VERSION, uptimeSeconds: Math.round(process.uptime()) });
      });
      serveClient(app, config.clientDir);
    },
  });
}

function serveClient(app: express.Application, dir: string) {
  const index = path.join(dir, "index.html");
  if (!fs.existsSync(index)) {
    app.get("/", (_req, res) => {
      res.status(503).type("text/plain").send("The client is not built yet: run `npm run build` (npm start does it for you).");
    });
    return;
  }
  // Hashed file names never change content, so they may be cached for a long time.
  app.use("/assets", express.static(path.join(dir, "assets"), { immutable: true, maxAge: "1y", index: false }));
  app.use(express.static(dir, { index: "index.html", maxAge: 0 }));
}
