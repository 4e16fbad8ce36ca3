import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { type Sql, creationStamps } from "../store/sql.ts";

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
  readonly #sql: Sql;
  readonly #stamp = creationStamps();

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async create(orgId: string, name: string): Promise<Study> {
    const study = { id: randomUUID(), orgId, name };
    await this.#sql.run("INSERT INTO studies (id, org_id, name, secret, created_at) VALUES (?, ?, ?, ?, ?)", [study.id, orgId, name, randomBytes(32).toString("hex"), this.#stamp()]);
    return study;
  }

  async of(orgId: string): Promise<Study[]> {
    const rows = await this.#sql.all<{ id: string; org_id: string; name: string }>("SELECT id, org_id, name FROM studies WHERE org_id = ? ORDER BY created_at, id", [orgId]);
    return rows.map((r) => ({ id: r.id, orgId: r.org_id, name: r.name }));
  }

  /** The study if it belongs to this organisation, with a pseudonymiser bound to its key. */
  async open(orgId: string, id: string): Promise<(Study & { pseudonym(account: string): string }) | null> {
    const row = await this.#sql.get<{ id: string; org_id: string; name: string; secret: string }>("SELECT * FROM studies WHERE id = ? AND org_id = ?", [id, orgId]);
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
