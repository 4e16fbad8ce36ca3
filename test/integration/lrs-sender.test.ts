import http from "node:http";
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postStatements, retryAfterMs, sameStatement } from "../../server/lrs/client.ts";
import { LrsSender, backoffMs } from "../../server/lrs/sender.ts";
import { createLogger } from "../../server/log.ts";
import { Studies } from "../../server/research/studies.ts";
import { openDatabase } from "../../server/store/database.ts";
import { Directory } from "../../server/store/directory.ts";
import { LrsOutbox } from "../../server/store/lrsOutbox.ts";
import { sqliteSql } from "../../server/store/sql.ts";
import { freePort } from "../support/ports.ts";

/**
 * How the sender reads an LRS's answers, against an LRS the test scripts (what a real store will
 * not do on demand: a 409 for a statement it holds unchanged, 401, Retry-After, a hang), and its
 * backoff. The real store's behaviour is in lrs-outbox.test.ts.
 */
type Answer = { status: number; body?: string; headers?: Record<string, string> } | "hang";
let answer: (req: http.IncomingMessage, body: string) => Answer = () => ({ status: 200, body: "[]" });
const requests: Array<{ method: string; url: string; auth: string | undefined; version: string | undefined; body: string }> = [];
let server: http.Server;
let url = "";

beforeAll(async () => {
  const port = await freePort();
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      requests.push({ method: req.method ?? "", url: req.url ?? "", auth: req.headers.authorization, version: req.headers["x-experience-api-version"] as string | undefined, body });
      const a = answer(req, body);
      if (a === "hang") return;
      res.writeHead(a.status, { "content-type": "application/json", ...a.headers }).end(a.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${port}/xAPI`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const lrs = () => ({ url, key: "k", secret: "s" });
const statement = (n = 0) => ({ id: randomUUID(), actor: { account: { homePage: "https://h/studies/x", name: "p-1" } }, verb: { id: "http://activitystrea.ms/schema/1.0/join" }, object: { id: "https://h/activities/space" }, timestamp: new Date(1_800_000_000_000 + n).toISOString() });

describe("the LRS's answers", () => {
  it("should POST an array with the xAPI version and Basic auth, and sort each answer", async () => {
    requests.length = 0;
    const cases: Array<[Answer, string]> = [
      [{ status: 200, body: "[]" }, "sent"],
      [{ status: 204 }, "sent"],
      [{ status: 503, body: "down", headers: { "retry-after": "7" } }, "transient"],
      [{ status: 429 }, "transient"],
      [{ status: 408 }, "transient"],
      [{ status: 401, body: "{\"message\":\"bad key\"}" }, "endpoint"],
      [{ status: 404 }, "endpoint"],
      [{ status: 409, body: "conflict" }, "conflict"],
      [{ status: 400, body: "{\n  \"warnings\": [\"actor is missing\"]\n}" }, "refused"],
    ];
    for (const [a, kind] of cases) {
      answer = () => a;
      const outcome = await postStatements(lrs(), [statement()], 2_000, 0);
      expect(outcome.kind, JSON.stringify(a)).toBe(kind);
      if (a !== "hang" && a.status === 503) expect(outcome).toMatchObject({ retryAfterMs: 7_000, error: "503 Service Unavailable: down" });
      if (a !== "hang" && a.status === 400) expect(outcome).toEqual({ kind: "refused", reason: '400 Bad Request: { "warnings": ["actor is missing"] }' });
    }
    expect(requests.every((r) => r.method === "POST" && r.url === "/xAPI/statements" && r.version === "1.0.3" && r.auth === `Basic ${Buffer.from("k:s").toString("base64")}`)).toBe(true);
    expect(Array.isArray(JSON.parse(requests[0]?.body ?? "null"))).toBe(true);
  });

  it("should give up on an LRS that never answers, and on one that is not there", async () => {
    answer = () => "hang";
    expect(await postStatements(lrs(), [statement()], 150, 0)).toEqual({ kind: "transient", error: "no answer within 0 s", retryAfterMs: null });
    const nowhere = await postStatements({ ...lrs(), url: `http://127.0.0.1:${await freePort()}/xAPI` }, [statement()], 2_000, 0);
    expect(nowhere).toMatchObject({ kind: "transient", error: "ECONNREFUSED" });
  });

  it("should read Retry-After as seconds or a date, and rest exponentially, capped, with jitter between half and all", () => {
    expect(retryAfterMs("30", 0)).toBe(30_000);
    expect(retryAfterMs(new Date(60_000).toUTCString(), 0)).toBe(60_000);
    expect(retryAfterMs("soon", 0)).toBeNull();
    const t = (random: number) => ({ backoffBaseMs: 1_000, backoffCapMs: 60_000, random: () => random });
    expect([1, 2, 3, 4].map((n) => backoffMs(n, t(0)))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([1, 2, 3, 4].map((n) => backoffMs(n, t(0.999999)))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoffMs(50, t(0))).toBe(30_000);
    expect(backoffMs(50, t(0.999999))).toBe(60_000);
  });

  it("should take a statement as the same when the LRS only added its own fields or wrote the time another way", () => {
    const s = statement();
    expect(sameStatement({ ...s, stored: "x", authority: { name: "lrs" }, version: "1.0.3", timestamp: s.timestamp.replace("Z", "+00:00") }, s)).toBe(true);
    expect(sameStatement({ ...s, result: { response: "other" } }, s)).toBe(false);
  });
});

describe("the sender", () => {
  it("should count a 409 for a statement the LRS holds unchanged as sent, refuse one it holds changed, and rest on 401 without blaming any", async () => {
    const sql = sqliteSql(openDatabase(":memory:"));
    const directory = new Directory(sql, randomBytes(32));
    const studies = new Studies(sql);
    const org = await directory.createOrganisation("みなみ区");
    const kid = (await directory.registerStudent({ orgId: org.id, nickname: "はるか" })).student.id;
    await directory.setConsent(kid, "activity", "test");
    const study = await studies.create(org.id, "記録");
    const outbox = new LrsOutbox(sql);
    const endpoint = await outbox.addEndpoint({ orgId: org.id, studyId: study.id, url, key: "k", secret: "s", baseIri: "https://h", enabled: true }, "admin", 0);
    const [same, changed] = [statement(1), statement(2)];
    await outbox.enqueue(
      endpoint.id,
      [same, changed].map((s) => ({ statementId: s.id, orgId: org.id, personId: kid, personRole: "student" as const, registration: "r", statement: s, content: false })),
    );
    const held = new Map<string, unknown>([
      [same.id, { ...same, stored: "2026-01-01T00:00:00Z", authority: {} }],
      [changed.id, { ...changed, verb: { id: "http://adlnet.gov/expapi/verbs/voided" } }],
    ]);
    let now = 1_000;
    const sender = new LrsSender({ outbox, directory, studies, logger: createLogger("silent"), now: () => now }, { batchSize: 10, batchesPerPass: 5, timeoutMs: 2_000, backoffBaseMs: 1_000, backoffCapMs: 60_000, random: () => 0 });

    answer = () => ({ status: 401, body: "bad key" });
    await sender.pass();
    expect(await outbox.counts(endpoint.id)).toEqual({ waiting: 2, sent: 0, refused: 0 });
    expect(await outbox.endpoint(org.id, endpoint.id)).toMatchObject({ failures: 1, retryAt: 1_500, lastError: "401 Unauthorized: bad key" });
    // Resting: not asked again before its time.
    const asked = requests.length;
    await sender.pass();
    expect(requests.length).toBe(asked);

    now = 2_000;
    answer = (req) => {
      if (req.method === "GET") {
        const id = new URL(req.url ?? "", "http://x").searchParams.get("statementId") ?? "";
        return { status: 200, body: JSON.stringify(held.get(id)) };
      }
      return { status: 409, body: "already have it" };
    };
    await sender.pass();
    expect(await outbox.counts(endpoint.id)).toEqual({ waiting: 0, sent: 1, refused: 1 });
    expect((await outbox.refused(endpoint.id, 10)).map((r) => [r.statementId, r.reason])).toEqual([[changed.id, "409 Conflict: already have it (the LRS holds another statement under this id)"]]);
    expect(await outbox.endpoint(org.id, endpoint.id)).toMatchObject({ failures: 0, retryAt: null, lastSentAt: 2_000 });
  });
});
