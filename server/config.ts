import path from "node:path";
import { z } from "zod";
import { DEFAULT_TIME_ZONE, isTimeZone } from "../shared/domain/days.ts";
import { DEFAULT_FLUSH_MS } from "./store/SessionLog.ts";

/**
 * All configuration comes from the environment, checked once at start-up. A bad value stops the
 * server with a message that names the variable, instead of failing later somewhere odd.
 */
/** The default listen address; main.ts falls back to 0.0.0.0 on a machine without IPv6. */
export const DEFAULT_HOST = "::";

/**
 * An ICE server URL as browsers accept it (RFC 7064/7065): the scheme, a host name, an IPv4 address
 * or a bracketed IPv6 one, an optional port, and for TURN an optional transport.
 */
const ICE_URL = /^(stun|turns?):(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::(\d{1,5}))?(\?transport=(?:udp|tcp))?$/;

function isIceUrl(url: string, schemes: readonly string[]): boolean {
  const m = ICE_URL.exec(url);
  if (!m || !schemes.includes(m[1] ?? "")) return false;
  if (m[4] && m[1] === "stun") return false;
  return m[3] === undefined || (Number(m[3]) >= 1 && Number(m[3]) <= 65535);
}

/** A WebSocket URL (Janus's API): ws:// or wss://, with a host. */
const wsUrl = z
  .string()
  .url("must be a ws:// or wss:// URL")
  .refine((u) => /^wss?:\/\/[^/]/.test(u), "must be a ws:// or wss:// URL");

/** Comma-separated URLs, each checked: what browsers would reject is refused at start-up instead. */
const urlList = (schemes: readonly string[]) =>
  z
    .string()
    .transform((s) => s.split(",").map((u) => u.trim()))
    .refine((urls) => urls.every((u) => isIceUrl(u, schemes)), `must be comma-separated ${schemes.map((s) => `${s}:`).join("/")} URLs`);

const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(2567),
  /** "::" listens on IPv6 and, dual-stack, on IPv4 too (school lines are moving to IPv6). */
  HOST: z.string().min(1).default(DEFAULT_HOST),
  HIDAMARI_DATA_DIR: z.string().min(1).default("data"),
  HIDAMARI_CLIENT_DIR: z.string().min(1).default("dist"),
  /** How often buffered log events are written to the store, milliseconds. */
  HIDAMARI_FLUSH_MS: z.coerce.number().int().min(10).max(5000).default(DEFAULT_FLUSH_MS),
  /** The server's secret as 64 hex characters; without it one is made under the data folder. */
  HIDAMARI_SECRET: z.string().regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters").optional(),
  /** Research aggregates withhold headcounts below this (small groups could identify a child). */
  HIDAMARI_SUPPRESS_BELOW: z.coerce.number().int().min(1).max(100).default(5),
  /** Session events older than this many days are purged by `npm run admin -- purge`. */
  HIDAMARI_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  /** The public address: the namespace of xAPI identifiers and the start of welcome links; defaults to the request's host. */
  HIDAMARI_PUBLIC_URL: z.string().url().optional(),
  /** The school's time zone: when "today" ends for a child removed for today, and which day a session counts on. */
  HIDAMARI_TIME_ZONE: z.string().refine(isTimeZone, "must be a time zone such as Asia/Tokyo").default(DEFAULT_TIME_ZONE),
  /**
   * PostgreSQL instead of the embedded SQLite file: the store several Hidamari processes share.
   * Access codes are kept as HMACs under the server's secret, so every process needs the same one:
   * with this set, HIDAMARI_SECRET must be set too.
   */
  HIDAMARI_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL").optional(),
  /**
   * Redis, for several Hidamari processes serving one installation: sign-ins, open spaces and
   * matchmaking are shared through it (Colyseus's RedisPresence and RedisDriver).
   */
  HIDAMARI_REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// URL").optional(),
  /** How other processes and browsers reach this one (host:port, or host/path behind nginx). Needed with Redis. */
  HIDAMARI_PUBLIC_ADDRESS: z.string().min(1).optional(),
  /** What the shared plaza is called on every door and in the space (one name for the installation). */
  HIDAMARI_PLAZA_NAME: z.string().trim().min(1).max(20).default("みんなの ひろば"),
  /** STUN servers pages may ask for their public address (comma-separated `stun:host:port`). */
  HIDAMARI_STUN_URLS: urlList(["stun"]).optional(),
  /** TURN servers that relay voice where UDP between pupils' devices is blocked (coturn with `use-auth-secret`). */
  HIDAMARI_TURN_URLS: urlList(["turn", "turns"]).optional(),
  /** coturn's `static-auth-secret`: the server signs short-lived TURN credentials with it (docs/voice.md). */
  HIDAMARI_TURN_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  /**
   * With TURN set, voice goes through it only ("relay", the default), so no child's network
   * address reaches another child's device; "all" lets pages connect directly where they can.
   */
  HIDAMARI_TURN_POLICY: z.enum(["relay", "all"]).default("relay"),
  /**
   * A media server for lessons and larger groups (docs/voice.md): Janus's WebSocket API, which this
   * server drives to make rooms and admit people (ws:// or wss://). Without it talks go peer to peer.
   */
  HIDAMARI_JANUS_URL: wsUrl.optional(),
  /** Where pages reach Janus's WebSocket API, when not at HIDAMARI_JANUS_URL (e.g. wss:// behind the school's proxy). */
  HIDAMARI_JANUS_PUBLIC_URL: wsUrl.optional(),
  /** The `admin_key` set in Janus's AudioBridge and VideoRoom configuration: only who holds it makes rooms. */
  HIDAMARI_JANUS_ADMIN_KEY: z.string().min(16, "must be at least 16 characters").optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  clientDir: string;
  flushMs: number;
  secret: string | undefined;
  logLevel: string;
  suppressBelow: number;
  retentionDays: number;
  publicUrl: string | undefined;
  timeZone: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  publicAddress: string | undefined;
  plazaName: string;
  /** Voice (issue 16): the ICE servers each joined talker is given (server/voice/iceServers.ts). */
  stunUrls: string[];
  turnUrls: string[];
  turnSecret: string | undefined;
  turnPolicy?: "relay" | "all";
  /** Voice's media server (server/voice/janus.ts), or null: talks peer to peer. */
  janus: { url: string; publicUrl: string; adminKey: string | undefined } | null;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message} (got ${shown(String(i.path[0]), env[String(i.path[0])])})`);
    throw new ConfigError(`Invalid configuration in the environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (e.HIDAMARI_DATABASE_URL && !e.HIDAMARI_SECRET) {
    throw new ConfigError("Invalid configuration in the environment:\n  HIDAMARI_SECRET: required with HIDAMARI_DATABASE_URL (every process must hold the same secret)");
  }
  if (e.HIDAMARI_REDIS_URL && !e.HIDAMARI_DATABASE_URL) {
    throw new ConfigError("Invalid configuration in the environment:\n  HIDAMARI_DATABASE_URL: required with HIDAMARI_REDIS_URL (processes that share spaces must share one store)");
  }
  // Credentials without a server to use them at, or a server nobody can sign in to, is a mistake either way.
  if (e.HIDAMARI_TURN_URLS && !e.HIDAMARI_TURN_SECRET) {
    throw new ConfigError("Invalid configuration in the environment:\n  HIDAMARI_TURN_SECRET: required with HIDAMARI_TURN_URLS (coturn's static-auth-secret)");
  }
  if (e.HIDAMARI_TURN_SECRET && !e.HIDAMARI_TURN_URLS) {
    throw new ConfigError("Invalid configuration in the environment:\n  HIDAMARI_TURN_URLS: required with HIDAMARI_TURN_SECRET (where the TURN server is)");
  }
  if ((e.HIDAMARI_JANUS_PUBLIC_URL || e.HIDAMARI_JANUS_ADMIN_KEY) && !e.HIDAMARI_JANUS_URL) {
    const given = e.HIDAMARI_JANUS_PUBLIC_URL ? "HIDAMARI_JANUS_PUBLIC_URL" : "HIDAMARI_JANUS_ADMIN_KEY";
    throw new ConfigError(`Invalid configuration in the environment:\n  HIDAMARI_JANUS_URL: required with ${given} (where this server reaches Janus)`);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.HIDAMARI_DATA_DIR),
    clientDir: path.resolve(e.HIDAMARI_CLIENT_DIR),
    flushMs: e.HIDAMARI_FLUSH_MS,
    secret: e.HIDAMARI_SECRET,
    logLevel: e.LOG_LEVEL,
    suppressBelow: e.HIDAMARI_SUPPRESS_BELOW,
    retentionDays: e.HIDAMARI_RETENTION_DAYS,
    publicUrl: e.HIDAMARI_PUBLIC_URL?.replace(/\/$/, ""),
    timeZone: e.HIDAMARI_TIME_ZONE,
    databaseUrl: e.HIDAMARI_DATABASE_URL,
    redisUrl: e.HIDAMARI_REDIS_URL,
    // Each process answers for its own rooms: without an address of its own, seats reserved through another process expire.
    publicAddress: e.HIDAMARI_PUBLIC_ADDRESS ?? (e.HIDAMARI_REDIS_URL ? `127.0.0.1:${e.PORT}` : undefined),
    plazaName: e.HIDAMARI_PLAZA_NAME,
    stunUrls: e.HIDAMARI_STUN_URLS ?? [],
    turnUrls: e.HIDAMARI_TURN_URLS ?? [],
    turnSecret: e.HIDAMARI_TURN_SECRET,
    turnPolicy: e.HIDAMARI_TURN_POLICY,
    janus: e.HIDAMARI_JANUS_URL ? { url: e.HIDAMARI_JANUS_URL, publicUrl: e.HIDAMARI_JANUS_PUBLIC_URL ?? e.HIDAMARI_JANUS_URL, adminKey: e.HIDAMARI_JANUS_ADMIN_KEY } : null,
  };
}

/** Secrets are never echoed into a start-up log: only how long the value was. */
const SECRETS = new Set(["HIDAMARI_SECRET", "HIDAMARI_TURN_SECRET", "HIDAMARI_JANUS_ADMIN_KEY"]);
function shown(name: string, value: string | undefined): string {
  if (value !== undefined && SECRETS.has(name)) return `${value.length} characters`;
  return JSON.stringify(value);
}
