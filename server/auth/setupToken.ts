import { createHash, randomBytes } from "node:crypto";
import type { Presence } from "@colyseus/core";

/**
 * A fresh install has no default password. While no admin exists, each starting process issues
 * a random setup token (printed as a link); one of them creates the first admin, once, and then
 * none works. Kept in the presence, so the link works whichever process a request reaches, and
 * taken with one atomic delete (Redis HDEL), so two requests with it cannot both succeed. Only a
 * hash of each token is kept.
 */
export class SetupToken {
  readonly #presence: Presence;

  constructor(presence: Presence) {
    this.#presence = presence;
  }

  async issue(): Promise<string> {
    const token = randomBytes(24).toString("base64url");
    await this.#presence.hset(KEY, hash(token), "1");
    return token;
  }

  /** True for the first use of an issued token; every token goes with it. */
  async consume(candidate: string): Promise<boolean> {
    if (!(await this.#presence.hdel(KEY, hash(candidate)))) return false;
    await this.#presence.del(KEY);
    return true;
  }
}

const KEY = "hidamari:setup-tokens";
const hash = (token: string) => createHash("sha256").update(token).digest("base64url");
