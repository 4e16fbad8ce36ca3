import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * The access-code door's throttle, on a server of its own: the throttle counts per device (the
 * address a request comes from). The server listens on both loopbacks; every test comes from
 * 127.0.0.1 except the last, which is another device at ::1. The tests run in order: the first
 * ends with a right code, which clears the count for the second.
 */
let server: TestServer;
let code: string;
beforeAll(async () => {
  server = await startTestServer({ host: "::" });
  const org = await server.services.directory.createOrganisation("どあ");
  code = (await server.services.directory.registerStudent({ orgId: org.id, nickname: "ただしい" })).code;
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

  it("keeps another device free while one is locked out", async () => {
    expect(await enter(wrong(0))).toBe(429);
    const other = await fetch(`http://[::1]:${server.port}/api/enter`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ code }) });
    expect(other.status).toBe(200);
    expect(await enter(code)).toBe(429);
  });

  it("counts a staff member's sign-in per device too", async () => {
    const org = await server.services.directory.createOrganisation("どあの センター");
    await server.services.directory.addStaff({ orgId: org.id, username: "door-keeper", displayName: "K", role: "counsellor", password: "correct horse battery" });
    const signIn = (base: string, password: string) =>
      fetch(`${base}/api/staff/sign-in`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "door-keeper", password }) }).then((r) => r.status);
    for (let i = 0; i < 10; i++) expect(await signIn(server.url, `wrong ${i}`)).toBe(401);
    expect(await signIn(server.url, "correct horse battery")).toBe(429);
    expect(await signIn(`http://[::1]:${server.port}`, "correct horse battery")).toBe(200);
  });
});
