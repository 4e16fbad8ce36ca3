/**
 * Stands in for @colyseus/sdk's WebTransport (HTTP/3) transport, which Hidamari never offers:
 * the server listens on WebSockets only (@colyseus/ws-transport). Without this the SDK's
 * transport would be in every child's first download for nothing (vite.config.ts swaps it in).
 */
export class H3TransportTransport {
  constructor() {
    throw new Error("Hidamari connects over WebSockets only");
  }
}
