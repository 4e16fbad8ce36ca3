import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EXHIBITS } from "../../shared/domain/exhibits.ts";
import type { Notice, ServerError, ServerEvent } from "../../shared/protocol/events.ts";
import { collect, until } from "../support/clients.ts";
import { dataUrl, png } from "../support/images.ts";
import { organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * The exhibit wall (issue 15; server/rooms/handlers/exhibit.ts, server/http/exhibits.ts) over real
 * sockets, HTTP and SQLite: a work goes up only after its child said yes, with their name only if
 * they chose it; everyone in the organisation's space sees it, nobody else; the child takes it down.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.colyseus.cleanup();
});
afterAll(async () => {
  await server.close();
});

async function space() {
  const org = await organisation(server);
  const teacherPerson = await staffMember(server, org.id, "counsellor", "もり先生");
  const teacher = await teacherPerson.join();
  const hanaPerson = await student(server, org.id, "はな");
  const hana = await hanaPerson.join();
  const ken = await (await student(server, org.id, "けん")).join();
  return { org, teacherPerson, teacher, hanaPerson, hana, ken };
}

describe("the exhibit wall", () => {
  it("should show a work only after its child agrees, as they chose, to the organisation only, until the child takes it down", async () => {
    const { teacherPerson, teacher, hanaPerson, hana, ken } = await space();
    const asks = collect<ServerEvent<"consentAsk">>(hana, "consentAsk");
    const kenAsks = collect(ken, "consentAsk");
    const grants = collect<ServerEvent<"exhibitGrant">>(teacher, "exhibitGrant");
    teacher.send("exhibitAsk", { target: hana.sessionId, title: "なつの うみ" });
    await until(() => asks.length === 1, "the child is asked");
    expect(asks[0]).toEqual({ id: expect.any(String), kind: "exhibit", text: "なつの うみ", by: "もり先生" });
    expect(kenAsks).toEqual([]);

    // Without her yes there is no grant, and no picture goes up.
    expect((await teacherPerson.http("POST", "/staff/exhibits", { grant: "made-up", image: dataUrl(png(40, 30)) })).status).toBe(404);

    const walls = collect<ServerEvent<"exhibits">>(ken, "exhibits");
    const hanaWalls = collect<ServerEvent<"exhibits">>(hana, "exhibits");
    hana.send("consentReply", { id: asks[0]?.id ?? "", choice: "anonymous" });
    await until(() => grants.length === 1, "the teacher gets a grant");
    expect(grants[0]).toEqual({ grant: expect.any(String), title: "なつの うみ", nickname: "はな" });
    const posted = await teacherPerson.http("POST", "/staff/exhibits", { grant: grants[0]?.grant, image: dataUrl(png(40, 30)) });
    expect(posted.status).toBe(201);
    const id = String(posted.json.id);
    // Used once.
    expect((await teacherPerson.http("POST", "/staff/exhibits", { grant: grants[0]?.grant, image: dataUrl(png(40, 30)) })).status).toBe(404);

    await until(() => walls.length === 1 && hanaWalls.length === 1, "everyone sees the wall");
    expect(walls[0]).toEqual({ items: [{ id, title: "なつの うみ", by: "" }] }); // no name: she chose so
    expect(hanaWalls[0]).toEqual({ items: [{ id, title: "なつの うみ", by: "", mine: true }] });
    const picture = await fetch(`${server.url}/api/exhibits/${id}`, { headers: { cookie: hanaPerson.cookie } });
    expect(Buffer.from(await picture.arrayBuffer()).equals(png(40, 30))).toBe(true);
    const stranger = await student(server, (await organisation(server, "よそ")).id, "よそもの");
    expect((await fetch(`${server.url}/api/exhibits/${id}`, { headers: { cookie: stranger.cookie } })).status).toBe(404);
    expect((await fetch(`${server.url}/api/exhibits/${id}`)).status).toBe(401);

    // Someone arriving sees it; only she (or staff) takes it down.
    const late = await (await student(server, hanaPerson.org, "あとから")).join();
    await until(() => (late.received?.exhibits ?? []).length === 1, "the latecomer sees the wall");
    expect((await stranger.http("DELETE", `/me/exhibits/${id}`)).status).toBe(404);
    expect((await hanaPerson.http("DELETE", `/me/exhibits/${id}`)).status).toBe(200);
    await until(() => walls.length === 2, "down for everyone");
    expect(walls[1]).toEqual({ items: [] });
    const log = (await server.log.events(teacher.roomId)).filter((e) => e.type === "consent_answered");
    expect(log).toMatchObject([{ kind: "exhibit", choice: "anonymous" }]);
  });

  it("should keep nothing when the child says no, and tell the teacher kindly", async () => {
    const { teacher, hana } = await space();
    const asks = collect<ServerEvent<"consentAsk">>(hana, "consentAsk");
    const told = collect<Notice>(teacher, "notice");
    const grants = collect(teacher, "exhibitGrant");
    teacher.send("exhibitAsk", { target: hana.sessionId, title: "え" });
    await until(() => asks.length === 1, "asked");
    hana.send("consentReply", { id: asks[0]?.id ?? "", choice: "no" });
    await until(() => told.some((n) => n.code === "exhibit_no"), "told");
    expect(told.find((n) => n.code === "exhibit_no")).toEqual({ code: "exhibit_no", about: "はな" });
    expect(grants).toEqual([]);
  });

  it("should show the child's name when they choose it, check the picture, and refuse the wall's controls to children", async () => {
    const { org, teacherPerson, teacher, hana, ken } = await space();
    const asks = collect<ServerEvent<"consentAsk">>(hana, "consentAsk");
    const grants = collect<ServerEvent<"exhibitGrant">>(teacher, "exhibitGrant");
    teacher.send("exhibitAsk", { target: hana.sessionId, title: "ロケット" });
    await until(() => asks.length === 1, "asked");
    hana.send("consentReply", { id: asks[0]?.id ?? "", choice: "name" });
    await until(() => grants.length === 1, "granted");
    const grant = grants[0]?.grant;
    expect(await teacherPerson.http("POST", "/staff/exhibits", { grant, image: dataUrl(Buffer.from("%PDF-1.7 not a picture")) })).toMatchObject({ status: 415, json: { error: "bad_image" } });
    expect(await teacherPerson.http("POST", "/staff/exhibits", { grant, image: dataUrl(png(EXHIBITS.maxSide + 1, 4)) })).toMatchObject({ status: 413, json: { error: "image_too_large" } });
    // Another staff member cannot use the grant given to the one who asked.
    const other = await staffMember(server, org.id, "counsellor", "ほかの先生");
    expect((await other.http("POST", "/staff/exhibits", { grant, image: dataUrl(png(8, 8)) })).status).toBe(404);
    const posted = await teacherPerson.http("POST", "/staff/exhibits", { grant, image: dataUrl(png(8, 8)) });
    expect(posted.status).toBe(201);
    expect((await server.services.exhibits.list(org.id)).map((e) => ({ title: e.title, by: e.by }))).toEqual([{ title: "ロケット", by: "はな" }]);
    // Staff may take any work down; both are audited by the work's id (never its title or the child's name).
    const id = String(posted.json.id);
    expect((await teacherPerson.http("DELETE", `/staff/exhibits/${id}`)).status).toBe(200);
    expect(await server.services.exhibits.list(org.id)).toEqual([]);
    expect((await teacherPerson.http("DELETE", `/staff/exhibits/${id}`)).status).toBe(404);
    const audited = (await server.services.audit.list(org.id)).filter((e) => e.action.endsWith("_exhibit")).reverse();
    expect(audited.map(({ action, target, outcome, detail }) => ({ action, target, outcome, detail }))).toEqual([
      { action: "add_exhibit", target: null, outcome: "done", detail: { exhibit: id } },
      { action: "remove_exhibit", target: null, outcome: "done", detail: { exhibit: id } },
    ]);

    const kenErrors = collect<ServerError>(ken, "error");
    ken.send("exhibitAsk", { target: hana.sessionId, title: "いたずら" });
    await until(() => kenErrors.length === 1, "refused");
    expect(kenErrors[0]).toEqual({ code: "not_allowed", about: "exhibitAsk" });
    const teacherErrors = collect<ServerError>(teacher, "error");
    teacher.send("exhibitAsk", { target: teacher.sessionId, title: "せんせいの" });
    teacher.send("exhibitAsk", { target: "nobody-here", title: "だれ" });
    await until(() => teacherErrors.length === 2, "no such child");
    expect(teacherErrors.map((e) => e.code)).toEqual(["no_such_person", "no_such_person"]);
  });
});
