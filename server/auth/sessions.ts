import { createHash, randomBytes } from "node:crypto";

/** Who a signed-in browser is: a staff account or a registered student. */
export type Principal = { kind: "staff"; staffId: string } | { kind: "student"; studentId: string };

interface Session {
  principal: Principal;
  expiresAt: number;
}

/**
 * Sign-in sessions behind HttpOnly cookies. Tokens are random and only their hashes are kept;
 * sessions expire on their own. In memory: a restart signs everyone out, which is acceptable
 * for a space that opens each school day (and shared across processes later with Redis).
 */
export class Sessions {
  readonly #byHash = new Map<string, Session>();
  readonly #ttlMs: number;

  constructor(ttlMs = 12 * 60 * 60 * 1000) {
    this.#ttlMs = ttlMs;
  }

  create(principal: Principal): string {
    const token = randomBytes(32).toString("base64url");
    this.#byHash.set(hash(token), { principal, expiresAt: Date.now() + this.#ttlMs });
    this.#sweep();
    return token;
  }

  get(token: string | undefined): Principal | null {
    if (!token) return null;
    const session = this.#byHash.get(hash(token));
    if (!session) return null;
    if (session.expiresAt < Date.now()) {
      this.#byHash.delete(hash(token));
      return null;
    }
    return session.principal;
  }

  revoke(token: string | undefined): void {
    if (token) this.#byHash.delete(hash(token));
  }

  /** Ends every session of a principal (a blocked student, a removed staff member). */
  revokeWhere(match: (p: Principal) => boolean): void {
    for (const [key, session] of this.#byHash) if (match(session.principal)) this.#byHash.delete(key);
  }

  #sweep(): void {
    const now = Date.now();
    for (const [key, session] of this.#byHash) if (session.expiresAt < now) this.#byHash.delete(key);
  }
}

function hash(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
