import type { Client } from "@colyseus/core";

/** What cork() needs of a socket: Node's net.Socket, reached through ws's `_socket` (not in its types). */
interface Corkable {
  cork(): void;
  uncork(): void;
}

function socketOf(client: Client): Corkable | undefined {
  const socket = (client.ref as { _socket?: Partial<Corkable> } | undefined)?._socket;
  return typeof socket?.cork === "function" && typeof socket.uncork === "function" ? (socket as Corkable) : undefined;
}

/**
 * Runs `send` with every client's socket corked, so that whatever it sends a person (a patch and
 * the lines held back for it) leaves in one system call instead of one per frame. Frames are
 * cheap to make and dear to write: on this kind of server most of a frame's cost is the write
 * itself (docs/benchmarks.md). Clients on a transport without a socket are sent to as usual.
 */
export function corked<T>(clients: Iterable<Client>, send: () => T): T {
  const sockets: Corkable[] = [];
  for (const client of clients) {
    const socket = socketOf(client);
    if (socket) {
      socket.cork();
      sockets.push(socket);
    }
  }
  try {
    return send();
  } finally {
    for (const socket of sockets) socket.uncork();
  }
}
