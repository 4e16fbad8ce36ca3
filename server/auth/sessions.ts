import { createHash, randomBytes } from "node:crypto";
import type { Presence } from "@colyseus/core";
import { z } from "zod";

/**
 * Who a signed-in browser is: a staff account or a registered student. A student who typed their
 * access code carries the code's mark (Directory.codeMark); one signed in by their school does not.
 */
export type Principal = { kind: "staff"; staffId: string } | { kind: "student"; studentId: string; codeMark?: string };
const Principal = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("staff"), staffId: z.string() }),
  z.object({ kind: z.literal("student"), studentId: z.string(), codeMark: z.string().optional() }),
]);

/**
 * Sign-in sessions behind HttpOnly cookies. Tokens are random and only their hashes are kept;
 * sessions expire on their own. They live in the Colyseus presence: in this process's memory on
 * one machine (a restart signs everyone out, acceptable for a space that opens each school day),
 * in Redis when several processes serve one installation, so a person signed in on one process
 * is signed in on all of them.
 */
export class Sessions {
  readonly #presence: Presence;
  readonly #ttlSeconds: number;

  constructor(presence: Presence, ttlMs = 12 * 60 * 60 * 1000) {
    this.#presence = presence;
    this.#ttlSeconds = Math.ceil(ttlMs / 1000);
  }

  async create(principal: Principal): Promise<string> {
    const token = randomBytes(32).toString("base64url");
    const key = hash(token);
    await this.#presence.setex(sessionKey(key), JSON.stringify(principal), this.#ttlSeconds);
    // Each person's sessions are listed, so all of them can end at once (a blocked student).
    const list = listKey(principal);
    for (const old of await this.#presence.smembers(list)) if (!(await this.#presence.exists(sessionKey(old)))) await this.#presence.srem(list, old);
    await this.#presence.sadd(list, key);
    await this.#presence.expire(list, this.#ttlSeconds);
    return token;
  }

  async get(token: string | undefined): Promise<Principal | null> {
    if (!token) return null;
    const stored: unknown = await this.#presence.get(sessionKey(hash(token)));
    if (typeof stored !== "string") return null;
    const parsed = Principal.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : null;
  }

  async revoke(token: string | undefined): Promise<void> {
    if (token) await this.#presence.del(sessionKey(hash(token)));
  }

  /** Ends every session of a person (a blocked student, a reissued code), on every process. */
  async revokeAll(principal: Principal): Promise<void> {
    const list = listKey(principal);
    for (const key of await this.#presence.smembers(list)) await this.#presence.del(sessionKey(key));
    await this.#presence.del(list);
  }
}

const sessionKey = (hashed: string) => `hidamari:session:${hashed}`;
const listKey = (p: Principal) => `hidamari:sessions-of:${p.kind === "staff" ? `staff:${p.staffId}` : `student:${p.studentId}`}`;

function hash(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
