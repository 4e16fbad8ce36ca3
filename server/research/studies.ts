import { createHmac, randomBytes, randomUUID } from "node:crypto";
import type { Db } from "../store/database.ts";

export interface Study {
  id: string;
  orgId: string;
  name: string;
}

/**
 * Studies: each has its own secret key, held only by the server (an admin creates the study;
 * researchers never see the key). A participant's pseudonym is an HMAC of their account under
 * that key: stable across sessions within a study, unlinkable across studies. The mapping back
 * to a person exists nowhere but here, so a participant can be unlinked by deleting the study.
 */
export class Studies {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  create(orgId: string, name: string): Study {
    const study = { id: randomUUID(), orgId, name };
    this.#db.prepare("INSERT INTO studies (id, org_id, name, secret, created_at) VALUES (?, ?, ?, ?, ?)").run(study.id, orgId, name, randomBytes(32).toString("hex"), Date.now());
    return study;
  }

  of(orgId: string): Study[] {
    return this.#db.prepare<[string], { id: string; org_id: string; name: string }>("SELECT id, org_id, name FROM studies WHERE org_id = ? ORDER BY created_at").all(orgId).map((r) => ({ id: r.id, orgId: r.org_id, name: r.name }));
  }

  /** The study if it belongs to this organisation, with a pseudonymiser bound to its key. */
  open(orgId: string, id: string): (Study & { pseudonym(account: string): string }) | null {
    const row = this.#db.prepare<[string, string], { id: string; org_id: string; name: string; secret: string }>("SELECT * FROM studies WHERE id = ? AND org_id = ?").get(id, orgId);
    if (!row) return null;
    const key = Buffer.from(row.secret, "hex");
    return {
      id: row.id,
      orgId: row.org_id,
      name: row.name,
      pseudonym: (account) => `p-${createHmac("sha256", key).update(account).digest("base64url").slice(0, 16)}`,
    };
  }
}
