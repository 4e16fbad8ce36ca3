/**
 * Stands in for @colyseus/sdk's Auth (a token kept in localStorage, OAuth pop-ups), which
 * Hidamari never uses: who someone is comes from Hidamari's own session cookie, checked by the
 * server (server/auth/identify.ts), never from a token the SDK keeps and sends. Without this the
 * SDK's Auth and its storage would be in every child's first download for nothing, and would read
 * a stale "colyseus-auth-token" into every join (vite.config.ts swaps it in).
 */
export class Auth {
  constructor(readonly http: unknown) {}
}
