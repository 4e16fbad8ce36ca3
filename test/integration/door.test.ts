import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * The access-code door's throttle, on a server of its own: the throttle counts per device (the
 * address a request comes from), and every test here comes from 127.0.0.1. The tests run in
 * order: the first ends with a right code, which clears the count for the second.
 */
let server: TestServer;
let code: string;
beforeAll(async () => {
  server = await startTestServer();
  const org = server.services.directory.createOrganisation("どあ");
  code = server.services.directory.registerStudent({ orgId: org.id, nickname: "ただしい" }).code;
});
afterAll(async () => {
  await server.close();
});

const enter = async (typed: string) => (await request(server, "POST", "/enter", { code: typed })).status;
const wrong = (i: number) => `zzzz-zzz${"abcdefghjkmn"[i]}`;

describe("the access-code door", () => {
  it("forgives earlier mistakes once the right code is typed", async () => {
    for (let i = 0; i < 9; i++) expect(await enter(wrong(i))).toBe(401);
    expect(await enter(code)).toBe(200);
    for (let i = 0; i < 9; i++) expect(await enter(wrong(i))).toBe(401);
    expect(await enter(code)).toBe(200);
  });

  it("locks a device out after 10 wrong codes, even for the right one", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push(await enter(wrong(i)));
    expect(statuses).toEqual(Array(10).fill(401));
    const locked = await request(server, "POST", "/enter", { code });
    expect(locked.status).toBe(429);
    expect(locked.json.error).toBe("too_many_attempts");
    expect(await enter(wrong(11))).toBe(429); // wrong ones are not even looked at
  });
});
