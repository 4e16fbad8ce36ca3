/** What the rota needs of a socket: the transport's missed-pong count, a ping, a hard close. */
export interface PingTarget {
  pingCount: number;
  /** The rota's slice for this socket, kept on the socket like the count (no lookup per tick). */
  pingSlot?: number;
  /** Bytes the socket had read when the rota last looked at it. */
  pingSeenBytes?: number;
  /** `ws` takes a function as its first argument as the ping's completion callback. */
  ping(done: () => void): void;
  terminate(): void;
}

/**
 * Who is pinged when. The stock transport pings every socket in one sweep each interval; at a few
 * thousand sockets that sweep holds the event loop for tens of milliseconds (~17 µs a ping here),
 * and every space whose patch falls behind it sends late. The rota splits the interval into
 * slices and each socket, on first sight, takes the next slice in turn.
 *
 * A ping only asks "are you there?": a socket that has sent anything since its last turn (a walk,
 * a chat line, the pong to the last ping) has answered already, and is not pinged this time. A
 * silent socket is pinged on each turn and closed after the same number of unanswered pings as
 * before; its first turn after going quiet may still count what it sent just before, so it can
 * take one interval longer to close. Idle students are pinged every other interval, active ones
 * never: pings and pongs were a quarter of what reached the server in the realistic mix.
 */
export class PingRota<T extends PingTarget> {
  #nextSlot = 0;
  #tick = 0;

  constructor(
    readonly slices: number,
    readonly maxMissed: number,
    /** How many bytes a socket has read so far (its TCP socket's count). */
    readonly bytesRead: (socket: T) => number = () => 0,
  ) {}

  /** One slice's turn: ping its sockets, close those that missed too many pongs. */
  tick(sockets: Iterable<T>): void {
    const slice = this.#tick++ % this.slices;
    for (const socket of sockets) {
      socket.pingSlot ??= this.#nextSlot++ % this.slices;
      if (socket.pingSlot !== slice) continue;
      const read = this.bytesRead(socket);
      if (read !== socket.pingSeenBytes) {
        socket.pingSeenBytes = read;
        socket.pingCount = 0;
        if (read > 0) continue;
      }
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
