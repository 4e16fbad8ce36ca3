import { WebSocketTransport } from "@colyseus/ws-transport";
import type WebSocket from "ws";
import { PingRota } from "./pingRota.ts";

/**
 * Slices of the ping interval (3 s by default): 300 ms each, at most ~500 pings a slice at 5,000
 * people (~9 ms), fewer as only silent sockets are pinged. Each slice's turn looks at every
 * socket, so fewer slices wake the server less (30 slices was 10 wake-ups a second).
 */
const SLICES = 10;

/**
 * The transport counts unanswered pings on the socket itself and resets the count on a pong.
 * `_socket` is ws's own TCP socket (not in its types).
 */
type TrackedSocket = WebSocket & { pingCount: number; pingSlot?: number; pingSeenBytes?: number; _socket?: { bytesRead: number } };

/**
 * Colyseus's WebSocket transport with its liveness pings spread over the interval instead of
 * sent in one sweep, and only to sockets that have been silent since their last turn (see
 * PingRota). Interval and allowed misses are the transport's own options.
 */
export class SpreadPingTransport extends WebSocketTransport {
  protected override autoTerminateUnresponsiveClients(pingInterval: number, pingMaxRetries: number): void {
    const rota = new PingRota<TrackedSocket>(SLICES, pingMaxRetries, (socket) => socket._socket?.bytesRead ?? 0);
    const sockets = this.wss.clients as Set<TrackedSocket>;
    this.pingInterval = setInterval(() => rota.tick(sockets), pingInterval / SLICES);
  }
}
