import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionList } from "../../shared/research/report.ts";
import { until } from "../support/clients.ts";
import { organisation, staffMember, student } from "../support/people.ts";
import { type Postgres, startPostgres } from "../support/postgres.ts";
import { orgEvents } from "../support/research.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * The whole server on PostgreSQL (HIDAMARI_DATABASE_URL), against a real cluster: a counsellor
 * opens the space, a student with consent to chat enters and speaks, a researcher reads the
 * session; everything a person did is in PostgreSQL, not in a file.
 */
let postgres: Postgres;
let url: string;
let server: TestServer;
beforeAll(async () => {
  postgres = await startPostgres();
  url = await postgres.database();
  server = await startTestServer({ databaseUrl: url });
}, 60_000);
afterAll(async () => {
  await server?.close();
  postgres?.stop();
});

describe("a server on PostgreSQL", () => {
  it("should run a school day end to end with everything kept in PostgreSQL", async () => {
    expect(server.services.sqlite).toBeNull();
    const ready = await fetch(`${server.url}/readyz`);
    expect(await ready.json()).toMatchObject({ ready: true, database: true });

    const org = await organisation(server, "ぽすとぐれす区");
    const counsellor = await staffMember(server, org.id);
    const researcher = await staffMember(server, org.id, "researcher", "けんきゅう");
    const kid = await student(server, org.id, "ことば");
    expect((await counsellor.http("POST", `/staff/students/${kid.id}/consent`, { level: "activity_chat" })).status).toBe(200);
    const study = await server.services.studies.create(org.id, "ぽすとぐれす研究");

    const host = await counsellor.join();
    const room = await kid.join();
    room.send("chat", { channel: "space", text: "おはよう、ひだまり" });
    await until(async () => (await orgEvents(server.log, org.id)).some((e) => e.type === "chat_sent" && e.text === "おはよう、ひだまり"), "the line is logged with its text");
    await room.leave();
    host.send("closeSpace", {});
    await until(async () => (await server.log.sessions(org.id, 0, Number.MAX_SAFE_INTEGER))[0]?.closedAt != null, "the space closed");

    // What the database itself holds (read with SQL, not through the code under test's models).
    const count = async (sql: string, params: string[]) => Number((await server.services.sql.get<{ n: number }>(sql, params))?.n);
    expect(await count("SELECT COUNT(*) AS n FROM students WHERE org_id = ?", [org.id])).toBe(1);
    expect(await count("SELECT COUNT(*) AS n FROM consent WHERE student_id = ? AND level = 'activity_chat'", [kid.id])).toBe(1);
    expect(await count("SELECT COUNT(*) AS n FROM audit WHERE org_id = ? AND action = 'record_consent'", [org.id])).toBe(1);
    expect(await count("SELECT COUNT(*) AS n FROM events WHERE type = 'chat_sent' AND body->>'text' = ?", ["おはよう、ひだまり"])).toBe(1);

    const sessions = await researcher.http("GET", `/research/sessions?study=${study.id}`);
    expect(sessions.status).toBe(200);
    expect(SessionList.parse(sessions.json).sessions).toEqual([expect.objectContaining({ consented: 1, interrupted: false })]);
  });

  it("should say it is not ready while its database is away", async () => {
    postgres.stop();
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ready: false, database: false });
  });
});
