import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { PingRota, type PingTarget } from "../../server/net/pingRota.ts";
import { SpreadPingTransport } from "../../server/net/SpreadPingTransport.ts";

/** A socket that records its pings; `answering` ones reset their count as the transport's pong handler does. */
class FakeSocket implements PingTarget {
  pingCount = 0;
  pingSlot?: number;
  pings = 0;
  terminated = false;
  constructor(readonly answering: boolean) {}
  ping(done: () => void): void {
    this.pings++;
    if (this.answering) this.pingCount = 0;
    done();
  }
  terminate(): void {
    this.terminated = true;
  }
}

const SLICES = 30;

describe("PingRota", () => {
  it("pings every socket exactly once per interval, a slice at a time", () => {
    const sockets = Array.from({ length: 1000 }, () => new FakeSocket(true));
    const rota = new PingRota<FakeSocket>(SLICES, 2);
    let most = 0;
    for (let t = 0; t < SLICES; t++) {
      const before = sockets.reduce((n, s) => n + s.pings, 0);
      rota.tick(sockets);
      most = Math.max(most, sockets.reduce((n, s) => n + s.pings, 0) - before);
    }
    expect(sockets.every((s) => s.pings === 1)).toBe(true);
    expect(most).toBe(Math.ceil(1000 / SLICES));
  });

  it("closes a silent socket after the same number of unanswered pings as the stock sweep, and keeps answering ones", () => {
    const silent = new FakeSocket(false);
    const alive = new FakeSocket(true);
    const rota = new PingRota<FakeSocket>(SLICES, 2);
    // Two intervals: two pings unanswered. The third interval's turn closes it, as the sweep did.
    for (let t = 0; t < 2 * SLICES; t++) rota.tick([silent, alive]);
    expect(silent.pings).toBe(2);
    expect(silent.terminated).toBe(false);
    for (let t = 0; t < SLICES; t++) rota.tick([silent, alive]);
    expect(silent.terminated).toBe(true);
    expect(silent.pings).toBe(2);
    expect(alive.terminated).toBe(false);
    expect(alive.pings).toBe(3);
  });

  it("does not ping a socket that has sent something since its turn, and still closes one gone quiet", () => {
    const sockets = [new FakeSocket(true), new FakeSocket(false)];
    const bytes = new Map(sockets.map((s) => [s, 100]));
    const rota = new PingRota<FakeSocket>(SLICES, 2, (s) => bytes.get(s) ?? 0);
    const [walker, gone] = sockets as [FakeSocket, FakeSocket];
    // Ten intervals: the walker sends a move in every one; the other went quiet after arriving.
    for (let t = 0; t < 10 * SLICES; t++) {
      if (t % SLICES === 0) bytes.set(walker, (bytes.get(walker) ?? 0) + 20);
      rota.tick(sockets);
    }
    expect(walker.pings).toBe(0);
    expect(walker.terminated).toBe(false);
    // Seen once with its arrival's bytes, then two unanswered pings, then closed: one interval
    // later than a rota that pings regardless, never more.
    expect(gone.pings).toBe(2);
    expect(gone.terminated).toBe(true);
  });

  it("pings an idle socket that answers every other interval (its pong is what it sent)", () => {
    const idle = new FakeSocket(true);
    let read = 100;
    const answering = Object.assign(idle, {
      ping(done: () => void) {
        idle.pings++;
        read += 2; // the pong
        done();
      },
    });
    const rota = new PingRota<FakeSocket>(SLICES, 2, () => read);
    for (let t = 0; t < 10 * SLICES; t++) rota.tick([answering]);
    expect(idle.pings).toBe(5);
    expect(idle.terminated).toBe(false);
  });

  it("gives newcomers a slice when first seen and keeps it", () => {
    const rota = new PingRota<FakeSocket>(SLICES, 2);
    const first = new FakeSocket(true);
    rota.tick([first]);
    const later = new FakeSocket(true);
    rota.tick([first, later]);
    expect(first.pingSlot).toBe(0);
    expect(later.pingSlot).toBe(1);
    for (let t = 2; t < 2 * SLICES; t++) rota.tick([first, later]);
    expect(first.pings).toBe(2);
    expect(later.pings).toBe(2);
  });
});

describe("SpreadPingTransport", () => {
  it("pings sockets and terminates one that never answers, with the transport's own interval and misses", async () => {
    const transport = new SpreadPingTransport({ pingInterval: 150, pingMaxRetries: 2 });
    const http = createServer();
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    transport.attachToServer(http);
    const { port } = http.address() as AddressInfo;
    // A socket outside any room: the transport closes it normally (1000) after a second unless
    // the pings close it first (1006, no close frame).
    const closeCode = async (answering: boolean) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}/`, { autoPong: answering });
      let pings = 0;
      socket.on("ping", () => pings++);
      const code = await new Promise<number>((resolve) => socket.once("close", (c: number) => resolve(c)));
      return { code, pings };
    };
    try {
      const [silent, answering] = await Promise.all([closeCode(false), closeCode(true)]);
      expect(silent).toEqual({ code: 1006, pings: 2 });
      expect(answering.code).toBe(1000);
      expect(answering.pings).toBeGreaterThanOrEqual(2);
    } finally {
      transport.shutdown();
      http.close();
    }
  });
});
