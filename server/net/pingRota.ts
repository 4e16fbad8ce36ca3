/** What the rota needs of a socket: the transport's missed-pong count, a ping, a hard close. */
export interface PingTarget {
  pingCount: number;
  /** The rota's slice for this socket, kept on the socket like the count (no lookup per tick). */
  pingSlot?: number;
  /** `ws` takes a function as its first argument as the ping's completion callback. */
  ping(done: () => void): void;
  terminate(): void;
}

/**
 * Who is pinged when. The stock transport pings every socket in one sweep each interval; at a few
 * thousand sockets that sweep holds the event loop for tens of milliseconds (~17 µs a ping here),
 * and every space whose patch falls behind it sends late. The rota splits the interval into
 * slices and each socket, on first sight, takes the next slice in turn: every socket is still
 * pinged once per interval and closed after the same number of unanswered pings (a pong resets
 * `pingCount`, as before), only no longer all at once.
 */
export class PingRota<T extends PingTarget> {
  #nextSlot = 0;
  #tick = 0;

  constructor(
    readonly slices: number,
    readonly maxMissed: number,
  ) {}

  /** One slice's turn: ping its sockets, close those that missed too many pongs. */
  tick(sockets: Iterable<T>): void {
    const slice = this.#tick++ % this.slices;
    for (const socket of sockets) {
      socket.pingSlot ??= this.#nextSlot++ % this.slices;
      if (socket.pingSlot !== slice) continue;
      if (socket.pingCount >= this.maxMissed) {
        socket.terminate();
        continue;
      }
      socket.pingCount++;
      socket.ping(noop);
    }
  }
}

function noop(): void {}
