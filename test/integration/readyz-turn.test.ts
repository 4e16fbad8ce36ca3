import { afterAll, describe, expect, it } from "vitest";
import type { IceConfig } from "../../server/voice/iceServers.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/** /readyz tells an operator whether voice has a TURN server to fall back on (docs/voice.md). */
const servers: TestServer[] = [];
afterAll(async () => {
  // One after another: Colyseus's shutdown is process-wide.
  for (const server of servers) await server.close();
});

const readyz = async (ice?: IceConfig) => {
  const server = await startTestServer(ice ? { ice } : {});
  servers.push(server);
  const res = await fetch(`${server.url}/readyz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe("/readyz and TURN", () => {
  it("says TURN is configured when it is, and stays ready either way", async () => {
    const on = await readyz({ stunUrls: [], turnUrls: ["turn:192.0.2.10:3478"], turnSecret: "0123456789abcdef" });
    expect(on).toEqual({ status: 200, body: expect.objectContaining({ ready: true, turn: "configured" }) });
    // The secret is never part of the answer.
    expect(JSON.stringify(on.body)).not.toContain("0123456789abcdef");
  });

  it("says TURN is off without it (STUN alone is not TURN)", async () => {
    expect(await readyz()).toEqual({ status: 200, body: expect.objectContaining({ ready: true, turn: "off" }) });
    expect(await readyz({ stunUrls: ["stun:192.0.2.10"], turnUrls: [], turnSecret: undefined })).toEqual({ status: 200, body: expect.objectContaining({ turn: "off" }) });
  });
});
