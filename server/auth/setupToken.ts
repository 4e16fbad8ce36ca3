import { randomBytes, timingSafeEqual } from "node:crypto";

/**
 * A fresh install has no default password. While no admin exists, the server holds one random
 * setup token (printed as a link at start-up); it creates the first admin once and is gone.
 */
export class SetupToken {
  #token: string | null = null;

  issue(): string {
    this.#token = randomBytes(24).toString("base64url");
    return this.#token;
  }

  consume(candidate: string): boolean {
    const token = this.#token;
    if (!token) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(token);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return false;
    this.#token = null;
    return true;
  }
}
