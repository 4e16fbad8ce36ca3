import { WebSocket } from "ws";

/**
 * @colyseus/core 0.18 checks `client.readyState !== WebSocket.OPEN` when a client reconnects,
 * reading the global WebSocket, which Node 20 does not have (Node 22 does). Without it every
 * reconnection throws and the student loses their seat. The `ws` class is what both the server
 * transport and the SDK use on Node, so it is the faithful stand-in.
 */
const scope = globalThis as { WebSocket?: unknown };
scope.WebSocket ??= WebSocket;
