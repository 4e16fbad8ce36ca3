import { type ChildProcess, fork } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { freePort } from "./ports.ts";

/**
 * A real Learning Record Store's statement service (Learning Locker's xapi-statements, a
 * devDependency) run as a child process on a free loopback port, in memory: something other than
 * our own zod model of xAPI judges what the exports produce. It validates each statement as
 * xAPI 1.0.3 (400 with `warnings`), refuses a reused id with other content (409) or an id twice in
 * one batch (400), and accepts the same statement again (idempotent).
 *
 * The process never outlives the test: stop() kills it by its pid (SIGTERM, then SIGKILL); if the
 * test process ends without stop(), an exit hook kills it; and if the test process is killed
 * outright, the store sees its IPC channel close and exits by itself.
 */
export interface StatementStore {
  url: string;
  pid: number;
  /** POSTs statements in one batch, as an LRS client does. */
  post(statements: unknown[]): Promise<{ status: number; body: unknown }>;
  /** Every statement the store holds (following `more` from page to page). */
  all(): Promise<StoredStatement[]>;
  /** What the store printed (stdout and stderr), to explain a failure. */
  output(): string;
  stop(): Promise<void>;
}

/** A statement as the store gives it back: what was sent, plus what the store adds. */
export type StoredStatement = Record<string, unknown> & { id: string; stored: string; authority: unknown };

const HEADERS = { "X-Experience-API-Version": "1.0.3", "Content-Type": "application/json" };
const require = createRequire(import.meta.url);

export async function startStatementStore(startTimeoutMs = 60_000): Promise<StatementStore> {
  const serverJs = path.join(path.dirname(require.resolve("xapi-statements/package.json")), "dist", "server.js");
  const port = await freePort();
  // Its own folder: the store writes access logs under its working directory and reads a .env there.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-lrs-"));
  const launcher = path.join(dir, "launch.cjs");
  fs.writeFileSync(
    launcher,
    [
      "'use strict';",
      "// The test that started this store is gone (even if killed outright): so is the store.",
      "process.on('disconnect', () => process.exit(0));",
      "// However it ends, its folder goes with it.",
      "process.on('exit', () => require('node:fs').rmSync(__dirname, { recursive: true, force: true }));",
      "// The store listens on every interface; keep it to loopback.",
      "const net = require('node:net');",
      "const listen = net.Server.prototype.listen;",
      "net.Server.prototype.listen = function (port, ...rest) {",
      "  return typeof port === 'number' && typeof rest[0] === 'function' ? listen.call(this, port, '127.0.0.1', rest[0]) : listen.call(this, port, ...rest);",
      "};",
      `require(${JSON.stringify(serverJs)});`,
    ].join("\n"),
  );
  const child: ChildProcess = fork(launcher, [], {
    cwd: dir,
    execArgv: [], // not the test runner's loaders and flags
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    env: {
      PATH: process.env.PATH ?? "",
      HOME: dir,
      NODE_ENV: "test",
      EXPRESS_PORT: String(port),
      AUTH_REPO: "test",
      EVENTS_REPO: "test",
      MODELS_REPO: "memory",
      STORAGE_REPO: "memory",
      FS_LOCAL_STORAGE_DIR: path.join(dir, "storage"),
      EXPRESS_MORGAN_DIRECTORY: path.join(dir, "accessLogs"),
      WINSTON_CONSOLE_LEVEL: "info",
    },
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("the statement store did not start");
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );
  const kill = (signal: NodeJS.Signals) => {
    try {
      if (!exited) process.kill(pid, signal);
    } catch {
      // already gone
    }
  };
  const killOnExit = () => kill("SIGKILL");
  process.once("exit", killOnExit);

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.removeListener("exit", killOnExit);
    if (!exited) {
      kill("SIGTERM");
      const timer = setTimeout(() => kill("SIGKILL"), 5_000);
      await exit;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  // Until it answers: its "ready" (sent once it listens) and then an answer on /xAPI/about.
  try {
    const ready = new Promise<void>((resolve) => child.once("message", () => resolve()));
    const started = Date.now();
    for (;;) {
      if (exited) throw new Error(`the statement store exited while starting (${JSON.stringify(exited)})`);
      if (Date.now() - started > startTimeoutMs) throw new Error(`the statement store did not answer within ${startTimeoutMs} ms`);
      const answered = await Promise.race([
        ready.then(() => fetch(`${url}/xAPI/about`, { headers: HEADERS }).then((r) => r.ok, () => false)),
        exit.then(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 500)),
      ]);
      if (answered) break;
    }
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- store output ---\n${output}`);
  }

  return {
    url,
    pid,
    output: () => output,
    stop,
    async post(statements) {
      const res = await fetch(`${url}/xAPI/statements`, { method: "POST", headers: HEADERS, body: JSON.stringify(statements) });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: kept as text
      }
      return { status: res.status, body };
    },
    async all() {
      const out: StoredStatement[] = [];
      let next: string | undefined = "/xAPI/statements?limit=200";
      while (next) {
        const res = await fetch(`${url}${next}`, { headers: HEADERS });
        if (!res.ok) throw new Error(`GET ${next}: ${res.status} ${await res.text()}`);
        const page = (await res.json()) as { statements: StoredStatement[]; more: string };
        out.push(...page.statements);
        next = page.more || undefined;
      }
      return out;
    },
  };
}

/** One store for a test file: started in beforeAll, stopped in afterAll. */
export function useStatementStore(): { readonly store: StatementStore } {
  let store: StatementStore | undefined;
  beforeAll(async () => {
    store = await startStatementStore();
  }, 90_000);
  afterAll(async () => {
    await store?.stop();
  });
  return {
    get store(): StatementStore {
      if (!store) throw new Error("the statement store starts in beforeAll: use it inside a test");
      return store;
    },
  };
}
