import "./node20.ts";
import "./noApm.ts";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { defineRoom, defineServer, matchMaker } from "@colyseus/core";
import express from "express";
import { PROTOCOL_VERSION } from "../shared/protocol/version.ts";
import type { Config } from "./config.ts";
import { apiRouter } from "./http/routes.ts";
import { SpreadPingTransport } from "./net/SpreadPingTransport.ts";
import { researchRouter } from "./research/routes.ts";
import { restrictCors } from "./http/cors.ts";
import { securityHeaders } from "./http/security.ts";
import { createSpaceRoom } from "./rooms/SpaceRoom.ts";
import type { Services } from "./services.ts";
import { type IceConfig, turnConfigured } from "./voice/iceServers.ts";

export interface AppDeps {
  config: Pick<Config, "clientDir"> & Partial<Pick<Config, "publicAddress">> & Partial<IceConfig>;
  services: Services;
  /**
   * Whether this server is the process's own (`npm start`, the demo): then SIGTERM, SIGINT and an
   * uncaught error close it, as Colyseus sets up. Tests run servers one after another in a process
   * they share and close each themselves; for them, each server's handlers would pile up on the
   * process, and an error in one test would close every server it had ever started, and exit.
   */
  ownsProcess: boolean;
}

/**
 * The composition root: rooms, HTTP routes and the built client, all on one port.
 * One space per organisation: the room is chosen by `org` and the server checks it against
 * the person's account.
 */
export function createApp({ config, services, ownsProcess }: AppDeps) {
  let stopping = false;
  restrictCors();
  // A page joins its organisation's space (joinOrCreate) and takes back its seat (reconnect);
  // nothing else. "create" and "join by id" would let a child open a second space of their own.
  matchMaker.controller.exposedMethods = ["joinOrCreate", "reconnect"];
  const server = defineServer({
    greet: false,
    gracefullyShutdown: ownsProcess,
    // Several processes (Redis): each answers for its own rooms at its own address.
    presence: services.presence,
    ...(services.driver ? { driver: services.driver } : {}),
    ...(config.publicAddress ? { publicAddress: config.publicAddress } : {}),
    // Liveness pings spread over their 3 s instead of one sweep (it held the loop at thousands).
    transport: new SpreadPingTransport({ maxPayload: 4 * 1024 }),
    rooms: {
      space: defineRoom(createSpaceRoom(services)).filterBy(["org"]),
    },
    express: (app) => {
      app.disable("x-powered-by");
      app.use(securityHeaders(services.mediaServer ? [services.mediaServer.pageUrl] : []));
      app.use(requestIds);
      app.set("trust proxy", "loopback");
      // TURN is reported, not checked: coturn is another service, and voice works without it on open networks.
      const turn = turnConfigured(config) ? "configured" : "off";
      const { mediaServer } = services;
      // Alive: the process answers. Ready: it can serve (the database answers, not shutting down).
      app.get("/healthz", (_req, res) => {
        res.json({ ok: true, protocol: PROTOCOL_VERSION, uptimeSeconds: Math.round(process.uptime()) });
      });
      app.get("/readyz", async (_req, res) => {
        // Each answers within a second or counts as away (a client waiting on a lost Redis queues, not fails).
        const [database, presence, mediaUp] = await Promise.all([
          answers(services.sql.get("SELECT 1 AS one").then((row) => row !== null)),
          answers(Promise.resolve(services.presence.exists("hidamari:ready")).then(() => true)),
          mediaServer?.ready() ?? null,
        ]);
        // The media server is reported, not required: text and the space go on without voice's rooms.
        const media = mediaUp === null ? "none" : mediaUp ? "reachable" : "unreachable";
        const ready = database && presence && !stopping;
        res.status(ready ? 200 : 503).json({ ready, database, presence, stopping, turn, media });
      });
      app.use("/api/research", researchRouter(services));
      app.use("/api", apiRouter(services));
      serveClient(app, config.clientDir);
    },
  });
  server.onBeforeShutdown(() => {
    stopping = true;
  });
  // Statements to the schools' LRSs, on timers of their own (stopped by services.close()).
  services.lrsRunner.start();
  return server;
}

/** True if the check says so within a second; false if it fails or takes longer. */
function answers(check: Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), 1000);
  });
  return Promise.race([check.catch(() => false), late]).finally(() => clearTimeout(timer));
}

/** Every request gets an id (or keeps the proxy's), echoed back so a report can be matched to the logs. */
function requestIds(req: express.Request, res: express.Response, next: express.NextFunction) {
  const given = req.get("x-request-id");
  res.setHeader("x-request-id", given && /^[\w-]{1,64}$/.test(given) ? given : randomUUID());
  next();
}

function serveClient(app: express.Application, dir: string) {
  if (!fs.existsSync(path.join(dir, "index.html"))) {
    app.get("/", (_req, res) => {
      res.status(503).type("text/plain").send("The client is not built yet: run `npm run build` (npm start does it for you).");
    });
    return;
  }
  // Hashed file names never change content, so they may be cached for a long time.
  app.use("/assets", precompressed(path.join(dir, "assets")), express.static(path.join(dir, "assets"), { immutable: true, maxAge: "1y", index: false }));
  app.get("/staff", (_req, res) => res.sendFile(path.join(dir, "staff.html")));
  app.get("/research", (_req, res) => res.sendFile(path.join(dir, "research.html")));
  app.use(express.static(dir, { index: "index.html", maxAge: 0 }));
}

/**
 * Serves the build's brotli or gzip copy (made by scripts/compress.mjs) when the browser accepts
 * it: a student's first visit on LTE is about a quarter of the bytes.
 */
function precompressed(dir: string): express.RequestHandler {
  return (req, res, next) => {
    const accepts = req.get("accept-encoding") ?? "";
    const file = path.join(dir, path.normalize(req.path).replace(/^([/\\])+/, ""));
    if (!file.startsWith(dir)) return next();
    for (const [encoding, ext] of [["br", ".br"], ["gzip", ".gz"]] as const) {
      if (!accepts.includes(encoding) || !fs.existsSync(file + ext)) continue;
      res.setHeader("Content-Encoding", encoding);
      res.setHeader("Vary", "Accept-Encoding");
      res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
      res.type(path.extname(file));
      return res.sendFile(file + ext);
    }
    next();
  };
}
