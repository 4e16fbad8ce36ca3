import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pong, until } from "../support/clients.ts";
import { dataUrl, png } from "../support/images.ts";
import { organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

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

/** A real 2×2 PNG (test/support/images.ts), so the test needs no fixture file. */
const tinyPng = () => png(2, 2);

describe("the lesson board", () => {
  it("should show a counsellor's picture to the students of the space, and to no one else", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id);
    await counsellor.join();
    const kid = await student(server, org.id, "こくばん");
    const room = await kid.join();
    const res = await counsellor.http("PUT", "/staff/board", { title: "きょうの クイズ", image: dataUrl(tinyPng()) });
    expect(res.status).toBe(200);
    await until(() => room.state.boardUrl !== "", "the board changes in the space");
    expect(room.state.boardTitle).toBe("きょうの クイズ");

    const picture = await fetch(`${server.url}${room.state.boardUrl}`, { headers: { cookie: kid.cookie } });
    expect(picture.status).toBe(200);
    expect(Buffer.from(await picture.arrayBuffer()).equals(tinyPng())).toBe(true);

    expect((await fetch(`${server.url}${room.state.boardUrl}`)).status).toBe(401);
    const stranger = await student(server, (await organisation(server, "よそ")).id, "よそもの");
    expect((await fetch(`${server.url}${room.state.boardUrl}`, { headers: { cookie: stranger.cookie } })).status).toBe(404);
  });

  it("should refuse pictures that are not PNG or JPEG, whatever they claim", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id);
    const html = Buffer.from("<html><script>alert(1)</script></html>");
    expect((await counsellor.http("PUT", "/staff/board", { title: "x", image: dataUrl(html) })).status).toBe(415);
    expect((await counsellor.http("PUT", "/staff/board", { title: "x", image: "data:image/svg+xml;base64,PHN2Zz4=" })).status).toBe(400);
    expect(await server.services.boards.current(org.id)).toBeNull();
  });

  it("should refuse pictures over the size limit", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id);
    const huge = Buffer.concat([tinyPng(), Buffer.alloc(2 * 1024 * 1024 + 10)]);
    const res = await counsellor.http("PUT", "/staff/board", { title: "big", image: dataUrl(huge) });
    expect([400, 413]).toContain(res.status);
    expect(await server.services.boards.current(org.id)).toBeNull();
  });

  it("should refuse the board to students, and audit the attempt", async () => {
    const org = await organisation(server);
    const kid = await student(server, org.id, "かきたい");
    const res = await kid.http("PUT", "/staff/board", { title: "らくがき", image: dataUrl(tinyPng()) });
    expect(res.status).toBe(403);
    expect((await server.services.audit.list(org.id, 5)).at(0)).toMatchObject({ actorRole: "student", outcome: "denied" });
  });

  it("should keep the picture across a reopening of the space", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id);
    await counsellor.http("PUT", "/staff/board", { title: "のこる", image: dataUrl(tinyPng()) });
    const room = await counsellor.join();
    expect(room.state.boardTitle).toBe("のこる");
    await pong(room); // anything the join sent has arrived (people.ts records it from the first moment)
    expect(room.received?.error ?? []).toEqual([]);
  });
});
