import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import type { SpaceRoom } from "./clients.ts";
import { organisation, staffMember, student } from "./people.ts";
import { type TestServer, startTestServer } from "./server.ts";

/**
 * One file's server, and for each test a fresh organisation whose space a counsellor has opened
 * (students may enter only then). Registers the file's beforeAll/beforeEach/afterEach/afterAll.
 */
export function useOpenSpace() {
  let server: TestServer | undefined;
  let org: { id: string } | undefined;
  beforeAll(async () => {
    server = await startTestServer();
  });
  beforeEach(async () => {
    if (!server) throw new Error("no server");
    org = await organisation(server);
    await (await staffMember(server, org.id)).join();
  });
  afterEach(async () => {
    await server?.colyseus.cleanup();
  });
  afterAll(async () => {
    await server?.close();
  });

  return {
    get server(): TestServer {
      if (!server) throw new Error("the server starts in beforeAll: use it inside a test");
      return server;
    },
    /** A registered student of this test's organisation, entered with their code and joined. */
    async enter(nickname: string): Promise<SpaceRoom> {
      if (!server || !org) throw new Error("use enter() inside a test");
      return (await student(server, org.id, nickname)).join();
    },
  };
}
