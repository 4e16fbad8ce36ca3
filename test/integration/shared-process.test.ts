import { describe, expect, it } from "vitest";
import { startTestServer } from "../support/server.ts";

/**
 * A test file runs one server after another in a process it shares. Each left a
 * handler on the process for SIGINT, SIGTERM, SIGUSR2 and uncaught errors: after ten, Node warned
 * of a leak, and one test's uncaught error would have shut every server started before it down
 * and ended the process, instead of failing that test. `npm start`'s own server keeps them
 * (crash.test.ts stops it with SIGTERM).
 */
const events = ["SIGINT", "SIGTERM", "SIGUSR2", "uncaughtException"] as const;
const counts = () => Object.fromEntries(events.map((e) => [e, process.listenerCount(e)]));

describe("servers in a process they share", () => {
  it("leave its signal and error handlers as they found them", async () => {
    const before = counts();
    for (let i = 0; i < 2; i++) {
      const server = await startTestServer();
      expect(counts()).toEqual(before);
      await server.close();
    }
    expect(counts()).toEqual(before);
  });
});
