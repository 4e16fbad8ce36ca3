import { lrsPart } from "../../server/rights/parts.ts";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Studies } from "../../server/research/studies.ts";
import { openDatabase } from "../../server/store/database.ts";
import { Directory } from "../../server/store/directory.ts";
import { LrsOutbox, type OutboxEntry } from "../../server/store/lrsOutbox.ts";
import { type Sql, postgresSql, sqliteSql } from "../../server/store/sql.ts";
import { usePostgres } from "../support/postgres.ts";

/**
 * The LRS outbox's contract (server/store/lrsOutbox.ts), on both engines: the embedded SQLite
 * file and a real PostgreSQL. A statement is queued once per endpoint, claimed by one caller at a
 * time, and ends sent (its body dropped), refused (with the LRS's reason, until an admin sends it
 * again) or withheld; a child's unsent rows can be erased and what was sent about them listed.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-lrs-store-"));
const postgres = usePostgres();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ENGINES: Array<[string, () => Promise<Sql>]> = [
  ["sqlite", async () => sqliteSql(openDatabase(path.join(dir, `${randomBytes(6).toString("hex")}.sqlite`)))],
  ["postgres", async () => postgresSql(await postgres.fresh())],
];

const NOW = 1_800_000_000_000;

async function setUp(open: () => Promise<Sql>) {
  const sql = await open();
  const directory = new Directory(sql, randomBytes(32));
  const studies = new Studies(sql);
  const org = await directory.createOrganisation("みなみ区");
  const other = await directory.createOrganisation("きた市");
  const study = await studies.create(org.id, "出席の 記録");
  const otherStudy = await studies.create(other.id, "よその 研究");
  const outbox = new LrsOutbox(sql);
  const endpoint = await outbox.addEndpoint({ orgId: org.id, studyId: study.id, url: "https://lrs.example.jp/xAPI", key: "hidamari", secret: "s3cret", baseIri: "https://hidamari.example", enabled: true }, "admin-1", NOW);
  return { sql, outbox, org, other, study, otherStudy, endpoint };
}

function entry(orgId: string, personId: string, n: number, extra: Partial<OutboxEntry> = {}): OutboxEntry {
  const statementId = randomUUID();
  return {
    statementId,
    orgId,
    personId,
    personRole: "student",
    registration: "reg-1",
    statement: { id: statementId, verb: { id: "http://activitystrea.ms/schema/1.0/join" }, timestamp: new Date(NOW + n).toISOString(), n },
    content: false,
    ...extra,
  };
}

describe.each(ENGINES)("LrsOutbox (%s)", (_engine, open) => {
  it("should keep each organisation's endpoints to itself, keep the secret unless a new one is given, and list only those that send", async () => {
    const { outbox, org, other, otherStudy, endpoint } = await setUp(open);
    expect(endpoint).toMatchObject({ orgId: org.id, url: "https://lrs.example.jp/xAPI", key: "hidamari", secret: "s3cret", enabled: true, since: NOW, failures: 0, retryAt: null, withheld: 0 });
    const theirs = await outbox.addEndpoint({ orgId: other.id, studyId: otherStudy.id, url: "https://lrs.kita.jp/xAPI", key: "k", secret: "x", baseIri: "https://h", enabled: false }, "admin-2", NOW);
    expect((await outbox.endpointsOf(org.id)).map((e) => e.id)).toEqual([endpoint.id]);
    expect(await outbox.endpoint(org.id, theirs.id)).toBeNull();
    expect(await outbox.updateEndpoint(org.id, theirs.id, { url: "https://x.jp", key: "k", enabled: true }, "admin-1")).toBeNull();
    expect((await outbox.sending()).map((e) => e.id)).toEqual([endpoint.id]);

    await outbox.failed(endpoint.id, "503 Service Unavailable", NOW + 5_000, NOW);
    await outbox.failed(endpoint.id, "503 Service Unavailable", NOW + 15_000, NOW + 5_000);
    expect(await outbox.endpoint(org.id, endpoint.id)).toMatchObject({ failures: 2, retryAt: NOW + 15_000, lastError: "503 Service Unavailable", lastErrorAt: NOW + 5_000 });
    // An answer about a statement (a refusal) says the LRS is there: the rest ends, nothing counts as sent.
    await outbox.answered(endpoint.id);
    expect(await outbox.endpoint(org.id, endpoint.id)).toMatchObject({ failures: 0, retryAt: null, lastSentAt: null, lastError: "503 Service Unavailable" });
    await outbox.failed(endpoint.id, "503 Service Unavailable", NOW + 15_000, NOW + 5_000);
    // Saving it again (a fixed key, say) ends the rest at once; the secret stays unless typed.
    const saved = await outbox.updateEndpoint(org.id, endpoint.id, { url: "https://lrs2.example.jp/xAPI", key: "new-key", enabled: true }, "admin-1");
    expect(saved).toMatchObject({ url: "https://lrs2.example.jp/xAPI", key: "new-key", secret: "s3cret", failures: 0, retryAt: null });
    expect(await outbox.updateEndpoint(org.id, endpoint.id, { url: "https://lrs2.example.jp/xAPI", key: "new-key", secret: "another", enabled: false }, "admin-1")).toMatchObject({ secret: "another", enabled: false });
    expect(await outbox.sending()).toEqual([]);
    await outbox.succeeded(endpoint.id, NOW + 20_000);
    expect(await outbox.endpoint(org.id, endpoint.id)).toMatchObject({ lastSentAt: NOW + 20_000, failures: 0 });
  });

  it("should queue a statement once per endpoint, whatever state it is in, and send the oldest first", async () => {
    const { outbox, org, endpoint } = await setUp(open);
    const rows = [0, 1, 2].map((n) => entry(org.id, "kid-1", n));
    await outbox.enqueue(endpoint.id, rows);
    await outbox.enqueue(endpoint.id, [...rows, entry(org.id, "kid-1", 3)].reverse());
    expect(await outbox.counts(endpoint.id)).toEqual({ waiting: 4, sent: 0, refused: 0 });
    const first = await outbox.claim(endpoint.id, NOW, 2, 60_000);
    expect(first.map((r) => r.statementId)).toEqual(rows.slice(0, 2).map((r) => r.statementId));
    expect(first[0]).toEqual({ ...rows[0], attempts: 0 });
    await outbox.markSent(endpoint.id, first.map((r) => r.statementId), NOW + 1);
    // Queued again after it was sent: it stays sent, and is not sent again.
    await outbox.enqueue(endpoint.id, rows);
    expect(await outbox.counts(endpoint.id)).toEqual({ waiting: 2, sent: 2, refused: 0 });
    expect((await outbox.claim(endpoint.id, NOW + 2, 10, 60_000)).map((r) => r.statementId)).not.toContain(rows[0]?.statementId);
  });

  it("should give each waiting statement to one claimer at a time, and back to the line when its lease runs out or it is released", async () => {
    const { outbox, org, endpoint } = await setUp(open);
    await outbox.enqueue(endpoint.id, Array.from({ length: 30 }, (_, n) => entry(org.id, `kid-${n % 3}`, n)));
    const [a, b, c] = await Promise.all([outbox.claim(endpoint.id, NOW, 12, 60_000), outbox.claim(endpoint.id, NOW, 12, 60_000), outbox.claim(endpoint.id, NOW, 12, 60_000)]);
    const ids = [...(a ?? []), ...(b ?? []), ...(c ?? [])].map((r) => r.statementId);
    expect(ids.length).toBeGreaterThan(0);
    // On PostgreSQL claimers that raced for the same rows may come away with fewer than there
    // were (the loser's rows are rechecked and left to the winner): what none took is still there
    // for the next claim, and nothing is ever given to two.
    for (let more = await outbox.claim(endpoint.id, NOW, 12, 60_000); more.length > 0; more = await outbox.claim(endpoint.id, NOW, 12, 60_000)) ids.push(...more.map((r) => r.statementId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(30);
    expect(await outbox.claim(endpoint.id, NOW + 1, 12, 60_000)).toEqual([]);
    // A process that died holding a claim: once its lease is over, someone else takes the rows.
    expect(await outbox.claim(endpoint.id, NOW + 60_000, 50, 60_000)).toHaveLength(30);
    const again = await outbox.claim(endpoint.id, NOW + 120_000, 5, 60_000);
    await outbox.release(endpoint.id, again.map((r) => r.statementId));
    const back = await outbox.claim(endpoint.id, NOW + 120_001, 5, 60_000);
    expect(back.map((r) => r.statementId)).toEqual(again.map((r) => r.statementId));
    expect(back.map((r) => r.attempts)).toEqual([1, 1, 1, 1, 1]);
  });

  it("should keep a refused statement with the LRS's reason until an admin sends it again, and count the withheld", async () => {
    const { outbox, org, other, endpoint } = await setUp(open);
    const rows = [0, 1, 2, 3].map((n) => entry(org.id, "kid-1", n));
    await outbox.enqueue(endpoint.id, rows);
    const claimed = await outbox.claim(endpoint.id, NOW, 10, 60_000);
    await outbox.markRefused(endpoint.id, rows[0]?.statementId ?? "", `409 Conflict: ${"x".repeat(2000)}`, NOW + 10);
    await outbox.withhold(endpoint.id, [rows[1]?.statementId ?? "", rows[2]?.statementId ?? ""]);
    await outbox.release(endpoint.id, [rows[3]?.statementId ?? ""]);
    expect(claimed).toHaveLength(4);
    expect(await outbox.counts(endpoint.id)).toEqual({ waiting: 1, sent: 0, refused: 1 });
    expect((await outbox.endpoint(org.id, endpoint.id))?.withheld).toBe(2);
    const refused = await outbox.refused(endpoint.id, 20);
    expect(refused).toEqual([{ statementId: rows[0]?.statementId, verb: "http://activitystrea.ms/schema/1.0/join", timestamp: new Date(NOW).toISOString(), reason: expect.stringMatching(/^409 Conflict: x+…$/), at: NOW + 10 }]);
    expect(refused[0]?.reason.length).toBeLessThanOrEqual(500);
    // Never claimed while refused; "send again" is the organisation's own.
    expect((await outbox.claim(endpoint.id, NOW + 20, 10, 60_000)).map((r) => r.statementId)).toEqual([rows[3]?.statementId]);
    expect(await outbox.resendRefused(other.id, endpoint.id)).toBe(0);
    expect(await outbox.resendRefused(org.id, endpoint.id)).toBe(1);
    expect((await outbox.claim(endpoint.id, NOW + 30, 10, 60_000)).map((r) => r.statementId)).toEqual([rows[0]?.statementId]);
  });

  it("should, as a part of a guardian's erasure, list what had reached each LRS and then forget every row of the child", async () => {
    const { outbox, org, endpoint } = await setUp(open);
    const mine = [0, 1, 2].map((n) => entry(org.id, "kid-1", n));
    const theirs = [3].map((n) => entry(org.id, "kid-2", n));
    await outbox.enqueue(endpoint.id, [...mine, ...theirs]);
    await outbox.claim(endpoint.id, NOW, 2, 60_000);
    await outbox.markSent(endpoint.id, [mine[0]?.statementId ?? "", mine[1]?.statementId ?? ""], NOW + 5);
    const part = lrsPart(outbox);
    expect(await part.sharedBefore?.(org.id, "kid-1")).toEqual([{ kind: "lrs", at: NOW + 5, where: "https://lrs.example.jp/xAPI", what: "2" }]);
    expect(await part.erase(org.id, "kid-1")).toBe(3);
    expect(await part.about(org.id, "kid-1")).toEqual([]);
    expect(await outbox.counts(endpoint.id)).toEqual({ waiting: 1, sent: 0, refused: 0 });
  });

  it("should list what was already sent about a child, to which LRS, and keep listing it after the endpoint is removed", async () => {
    const { outbox, org, other, endpoint } = await setUp(open);
    const mine = [0, 1, 2, 3].map((n) => entry(org.id, "kid-1", n));
    const theirs = [4, 5].map((n) => entry(org.id, "kid-2", n));
    await outbox.enqueue(endpoint.id, [...mine, ...theirs]);
    await outbox.claim(endpoint.id, NOW, 2, 60_000);
    await outbox.markSent(endpoint.id, [mine[0]?.statementId ?? "", mine[1]?.statementId ?? ""], NOW + 5);
    await outbox.claim(endpoint.id, NOW + 6, 1, 60_000);
    await outbox.markRefused(endpoint.id, mine[2]?.statementId ?? "", "400 Bad Request", NOW + 7);
    // Another organisation's erasure of a "kid-1" of its own touches none of these rows.
    expect(await outbox.forgetPerson(other.id, "kid-1")).toBe(0);
    expect(await outbox.counts(endpoint.id)).toEqual({ waiting: 3, sent: 2, refused: 1 });
    expect(await outbox.sentAbout(org.id, "kid-1")).toEqual(
      [mine[0], mine[1]].map((m) => ({ endpointId: endpoint.id, url: "https://lrs.example.jp/xAPI", studyId: endpoint.studyId, statementId: m?.statementId, sentAt: NOW + 5 })),
    );
    expect(await outbox.sentAbout(org.id, "kid-2")).toEqual([]);
    // An endpoint removed: what waited is dropped, what was sent is still listed.
    expect(await outbox.removeEndpoint(org.id, endpoint.id, NOW + 10)).toBe(true);
    expect(await outbox.endpointsOf(org.id)).toEqual([]);
    expect(await outbox.counts(endpoint.id)).toEqual({ waiting: 0, sent: 2, refused: 0 });
    expect(await outbox.sentAbout(org.id, "kid-1")).toHaveLength(2);
    expect(await outbox.removeEndpoint(org.id, endpoint.id, NOW + 11)).toBe(false);
  });
});
