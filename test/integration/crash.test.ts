import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "@colyseus/sdk";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.ts";
import { SpaceState } from "../../shared/state/SpaceState.ts";
import { loadSecret } from "../../server/auth/secret.ts";
import { openDatabase } from "../../server/store/database.ts";
import { sqliteSql } from "../../server/store/sql.ts";
import { Directory } from "../../server/store/directory.ts";
import { type SpaceRoom, collect, until } from "../support/clients.ts";
import { freePort } from "../support/ports.ts";
import { startServerProcess } from "../support/serverProcess.ts";

/**
 * A real server process, killed without warning (SIGKILL) in the middle of a session, and stopped
 * politely (SIGTERM). The database must stay sound, lose at most one flush interval, and the
 * next start must close the unfinished space as interrupted.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-crash-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

let output = () => "";
async function startServer(port: number): Promise<ChildProcess> {
  const started = await startServerProcess(port, { HIDAMARI_DATA_DIR: dataDir, HIDAMARI_FLUSH_MS: "50" });
  children.push(started.child);
  output = started.output;
  return started.child;
}

async function signIn(port: number, path_: string, body: unknown): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api${path_}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path_}: ${res.status}`);
  return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

async function join(port: number, cookie: string, org: string): Promise<SpaceRoom> {
  const client = new Client(`http://127.0.0.1:${port}`, { headers: { cookie } });
  const room = (await client.joinOrCreate("space", { protocol: PROTOCOL_VERSION, org, look: { colour: "sun", accessory: "none" } }, SpaceState)) as SpaceRoom;
  room.reconnection.enabled = false;
  return room;
}

describe("a real server process", () => {
  it("should survive SIGKILL mid-session with a sound database, keep what waited for staff, and close the session as interrupted on restart", async () => {
    // Accounts, made directly in the data folder the server will use.
    const db = openDatabase(path.join(dataDir, "hidamari.sqlite"));
    const directory = new Directory(sqliteSql(db), loadSecret(dataDir));
    const org = await directory.createOrganisation("クラッシュ テスト");
    await directory.addStaff({ orgId: org.id, username: "host", displayName: "ホスト", role: "counsellor", password: "correct horse battery" });
    const { code } = await directory.registerStudent({ orgId: org.id, nickname: "のこる" });
    db.close();

    const port = await freePort();
    const server = await startServer(port);
    const host = await join(port, await signIn(port, "/staff/sign-in", { username: "host", password: "correct horse battery" }), org.id);
    const kid = await join(port, await signIn(port, "/enter", { code }), org.id);
    const echo = collect(host, "chat");
    for (let i = 0; i < 5; i++) kid.send("chat", { channel: "space", text: `line ${i}` });
    await until(() => echo.length === 5, "five lines delivered");
    // Until the log has flushed them (every 50 ms here), read as another process would.
    const reader = new Database(path.join(dataDir, "hidamari.sqlite"), { readonly: true });
    const chatRows = () => (reader.prepare("SELECT COUNT(*) AS n FROM events WHERE type = 'chat_sent'").get() as { n: number }).n;
    await until(() => chatRows() === 5, "the five lines are in the database");
    // Waiting for staff as the process dies: a wish for help, and a report.
    const queue = collect<{ items: Array<{ kind: string }> }>(host, "queue");
    kid.send("help", {});
    kid.send("report", { target: host.sessionId, reason: "こわかった" });
    await until(() => queue.at(-1)?.items.map((i) => i.kind).join() === "help,report", () => `both are in the staff queue: ${JSON.stringify(queue)}\n${output().slice(-3000)}`);
    await until(() => (reader.prepare("SELECT COUNT(*) AS n FROM help_queue").get() as { n: number }).n === 2, "and kept in the store");
    reader.close();

    server.kill("SIGKILL");
    await new Promise((resolve) => server.once("exit", resolve));

    const after = new Database(path.join(dataDir, "hidamari.sqlite"));
    expect(after.pragma("integrity_check", { simple: true })).toBe("ok");
    const types = (after.prepare("SELECT type FROM events ORDER BY seq").all() as Array<{ type: string }>).map((r) => r.type);
    expect(types.filter((t) => t === "entered")).toHaveLength(2);
    expect(types.filter((t) => t === "chat_sent")).toHaveLength(5);
    expect(types).not.toContain("space_closed");
    after.close();

    // The next start closes the unfinished space as interrupted.
    const restarted = await startServer(port);
    const reopened = new Database(path.join(dataDir, "hidamari.sqlite"), { readonly: true });
    const closed = reopened.prepare("SELECT body FROM events WHERE type = 'space_closed'").all() as Array<{ body: string }>;
    expect(closed.map((r) => JSON.parse(r.body).reason)).toEqual(["interrupted"]);
    reopened.close();

    // The new space finds what was waiting: the report at once, the help once the child is back.
    const hostBack = await join(port, await signIn(port, "/staff/sign-in", { username: "host", password: "correct horse battery" }), org.id);
    const queueBack = collect<{ items: Array<{ id: string; kind: string; from: string; detail?: string }> }>(hostBack, "queue");
    const kidBack = await join(port, await signIn(port, "/enter", { code }), org.id);
    await until(() => {
      const items = queueBack.at(-1)?.items ?? [];
      return items.length === 2 && items.some((i) => i.kind === "report" && i.detail === "こわかった") && items.some((i) => i.kind === "help" && i.from === kidBack.sessionId);
    }, "the report, and the child's help waiting again as theirs");
    const answered = collect<{ code: string }>(kidBack, "notice");
    hostBack.send("answerHelp", { id: queueBack.at(-1)?.items.find((i) => i.kind === "help")?.id ?? "" });
    await until(() => answered.some((n) => n.code === "help_answered"), "the child hears their help was answered");
    await kidBack.leave();
    await hostBack.leave();
    // Everyone gone, the space over: nothing is kept to come back to next time.
    const store = new Database(path.join(dataDir, "hidamari.sqlite"), { readonly: true });
    await until(() => (store.prepare("SELECT COUNT(*) AS n FROM help_queue").get() as { n: number }).n === 0, "the kept queue cleared");
    store.close();

    // SIGTERM: people are told the space will be back, and the process ends cleanly.
    const host2 = await join(port, await signIn(port, "/staff/sign-in", { username: "host", password: "correct horse battery" }), org.id);
    const notices = collect<{ code: string }>(host2, "notice");
    const left = new Promise<number>((resolve) => host2.onLeave(resolve));
    restarted.kill("SIGTERM");
    const exitCode = await new Promise<number | null>((resolve) => restarted.once("exit", resolve));
    await left;
    expect(notices.map((n) => n.code)).toContain("server_restarting");
    expect(exitCode).toBe(0);
    const final = new Database(path.join(dataDir, "hidamari.sqlite"), { readonly: true });
    expect(final.pragma("integrity_check", { simple: true })).toBe("ok");
    const lastClose = final.prepare("SELECT body FROM events WHERE type = 'space_closed' ORDER BY seq DESC LIMIT 1").get() as { body: string };
    expect(JSON.parse(lastClose.body).reason).toBe("closed");
    final.close();
  }, 90_000);
});
