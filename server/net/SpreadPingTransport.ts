import { WebSocketTransport } from "@colyseus/ws-transport";
import type WebSocket from "ws";
import { PingRota } from "./pingRota.ts";

/** Slices of the ping interval (3 s by default): 100 ms each, ~170 pings a slice at 5,000 people. */
const SLICES = 30;

/** The transport counts unanswered pings on the socket itself and resets the count on a pong. */
type TrackedSocket = WebSocket & { pingCount: number; pingSlot?: number };

/**
 * Colyseus's WebSocket transport with its liveness pings spread over the interval instead of
 * sent in one sweep (see PingRota). Interval and allowed misses are the transport's own options.
 */
export class SpreadPingTransport extends WebSocketTransport {
  protected override autoTerminateUnresponsiveClients(pingInterval: number, pingMaxRetries: number): void {
    const rota = new PingRota<TrackedSocket>(SLICES, pingMaxRetries);
    const sockets = this.wss.clients as Set<TrackedSocket>;
    this.pingInterval = setInterval(() => rota.tick(sockets), pingInterval / SLICES);
  }
}
