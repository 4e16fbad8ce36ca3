import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allowedOrigin } from "../../server/http/cors.ts";
import { organisation, staffMember } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * Another site must not be able to read this server's answers, signed in or not: Colyseus's
 * default echoed any Origin with credentials allowed. Only the same host (the dev page on
 * another port) gets CORS headers.
 */
let server: TestServer;
let cookie = "";
beforeAll(async () => {
  server = await startTestServer();
  cookie = (await staffMember(server, (await organisation(server)).id)).cookie;
});
afterAll(async () => {
  await server?.close();
});

const ask = (path: string, init: RequestInit & { origin: string }) =>
  fetch(`${server.url}${path}`, { ...init, headers: { origin: init.origin, cookie, ...(init.headers ?? {}) } });

describe("cross-origin reads", () => {
  for (const path of ["/api/me", "/healthz", "/matchmake/joinOrCreate/space"]) {
    it(`should not let another site read ${path}`, async () => {
      const evil = "https://evil.example";
      const answer = await ask(path, { method: path.startsWith("/matchmake") ? "POST" : "GET", origin: evil, headers: { "content-type": "application/json" }, body: path.startsWith("/matchmake") ? "{}" : undefined });
      expect(answer.headers.get("access-control-allow-origin")).toBeNull();
      expect(answer.headers.get("access-control-allow-credentials")).toBeNull();
      const preflight = await ask(path, { method: "OPTIONS", origin: evil, headers: { "access-control-request-method": "POST" } });
      expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    });
  }

  it("should let the dev page on another port of the same host read the matchmaker", async () => {
    const dev = server.url.replace(/:\d+$/, ":5173");
    const preflight = await ask("/matchmake/joinOrCreate/space", { method: "OPTIONS", origin: dev, headers: { "access-control-request-method": "POST" } });
    expect(preflight.headers.get("access-control-allow-origin")).toBe(dev);
    expect(preflight.headers.get("access-control-allow-credentials")).toBe("true");
    // The answer depends on who asks: a cache must not give it to another origin.
    expect(preflight.headers.get("vary")?.split(/,\s*/)).toContain("Origin");
  });

  it("should decide by host name and scheme only", () => {
    expect(allowedOrigin("http://localhost:5173", "localhost:2567")).toBe("http://localhost:5173");
    expect(allowedOrigin("https://school.example", "school.example")).toBe("https://school.example");
    expect(allowedOrigin("https://school.example.evil.example", "school.example")).toBeNull();
    expect(allowedOrigin("null", "localhost:2567")).toBeNull();
    expect(allowedOrigin("file://localhost", "localhost:2567")).toBeNull();
    expect(allowedOrigin(null, "localhost:2567")).toBeNull();
  });
});
