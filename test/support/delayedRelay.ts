import dgram from "node:dgram";

/** One way across the link, each datagram: a delay, its jitter (uniform, ±), and a chance of being lost. */
export interface LinkProfile {
  oneWayMs: number;
  jitterMs: number;
  loss: number;
}

export const NO_DELAY: LinkProfile = { oneWayMs: 0, jitterMs: 0, loss: 0 };

/**
 * A mobile link in user space, for UDP: this kernel has no netem (`tc … netem`: "Specified qdisc
 * kind is unknown"), and Chromium's network emulation leaves WebRTC alone. Clients send to the
 * relay instead of a UDP server (coturn, for voice through TURN); each datagram reaches the server
 * after the profile's delay, and the server's answers come back the same way. Each client
 * (address and port) has a socket of its own towards the server, so the server tells them apart
 * as it would on a real network. Datagrams keep their order, as a mobile network's radio link
 * delivers them (the jitter delays the ones behind too). `profile` may be changed while it runs.
 */
export interface DelayedRelay {
  readonly address: string;
  readonly port: number;
  profile: LinkProfile;
  /** Datagrams carried and dropped so far, both ways. */
  counts(): { carried: number; dropped: number };
  close(): Promise<void>;
}

export async function startDelayedRelay(options: { address: string; target: { address: string; port: number }; profile?: LinkProfile; seed?: number }): Promise<DelayedRelay> {
  const { address, target } = options;
  const type = address.includes(":") ? "udp6" : "udp4";
  const front = dgram.createSocket(type);
  const towards = new Map<string, { socket: dgram.Socket; up: Lane; down: Lane }>();
  let state = (options.seed ?? 7) >>> 0;
  const random = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  let carried = 0;
  let dropped = 0;
  const relay: DelayedRelay = {
    address,
    port: 0,
    profile: options.profile ?? NO_DELAY,
    counts: () => ({ carried, dropped }),
    async close() {
      for (const { socket, up, down } of towards.values()) {
        up.clear();
        down.clear();
        socket.close();
      }
      towards.clear();
      await new Promise<void>((resolve) => front.close(() => resolve()));
    },
  };

  /** One direction of one client: datagrams leave in the order they came, none before its time. */
  class Lane {
    #last = 0;
    readonly #timers = new Set<NodeJS.Timeout>();
    constructor(readonly send: (data: Buffer) => void) {}
    push(data: Buffer): void {
      const { oneWayMs, jitterMs, loss } = relay.profile;
      if (random() < loss) {
        dropped++;
        return;
      }
      const due = Math.max(this.#last, performance.now() + oneWayMs + (random() * 2 - 1) * jitterMs);
      this.#last = due;
      const wait = due - performance.now();
      if (wait <= 0) return this.#out(data);
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.#out(data);
      }, wait);
      this.#timers.add(timer);
    }
    #out(data: Buffer): void {
      carried++;
      this.send(data);
    }
    clear(): void {
      for (const timer of this.#timers) clearTimeout(timer);
      this.#timers.clear();
    }
  }

  front.on("message", (data, from) => {
    const key = `${from.address}|${from.port}`;
    let client = towards.get(key);
    if (!client) {
      const socket = dgram.createSocket(type);
      socket.bind(0, address);
      const up = new Lane((d) => socket.send(d, target.port, target.address));
      const down = new Lane((d) => front.send(d, from.port, from.address));
      socket.on("message", (answer) => down.push(answer));
      socket.on("error", () => undefined); // a client gone: its datagrams have nowhere to go
      client = { socket, up, down };
      towards.set(key, client);
    }
    client.up.push(data);
  });
  front.on("error", () => undefined);
  await new Promise<void>((resolve) => front.bind(0, address, resolve));
  return Object.assign(relay, { port: front.address().port });
}
