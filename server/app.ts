import "./node20.ts";
import fs from "node:fs";
import path from "node:path";
import { defineRoom, defineServer } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";
import express from "express";
import { PROTOCOL_VERSION } from "../shared/protocol/version.ts";
import type { Config } from "./config.ts";
import { apiRouter } from "./http/routes.ts";
import { securityHeaders } from "./http/security.ts";
import { createSpaceRoom } from "./rooms/SpaceRoom.ts";
import type { Services } from "./services.ts";

export interface AppDeps {
  config: Pick<Config, "clientDir">;
  services: Services;
}

/**
 * The composition root: rooms, HTTP routes and the built client, all on one port.
 * One space per organisation: the room is chosen by `org` and the server checks it against
 * the person's account.
 */
export function createApp({ config, services }: AppDeps) {
  return defineServer({
    greet: false,
    transport: new WebSocketTransport({ maxPayload: 4 * 1024 }),
    rooms: {
      space: defineRoom(createSpaceRoom(services)).filterBy(["org"]),
    },
    express: (app) => {
      app.disable("x-powered-by");
      app.use(securityHeaders);
      app.set("trust proxy", "loopback");
      app.get("/healthz", (_req, res) => {
        res.json({ ok: true, protocol: PROTOCOL_VERSION, uptimeSeconds: Math.round(process.uptime()) });
      });
      app.use("/api", apiRouter(services));
      serveClient(app, config.clientDir);
    },
  });
}

function serveClient(app: express.Application, dir: string) {
  if (!fs.existsSync(path.join(dir, "index.html"))) {
    app.get("/", (_req, res) => {
      res.status(503).type("text/plain").send("The client is not built yet: run `npm run build` (npm start does it for you).");
    });
    return;
  }
  // Hashed file names never change content, so they may be cached for a long time.
  app.use("/assets", express.static(path.join(dir, "assets"), { immutable: true, maxAge: "1y", index: false }));
  app.get("/staff", (_req, res) => res.sendFile(path.join(dir, "staff.html")));
  app.use(express.static(dir, { index: "index.html", maxAge: 0 }));
}
