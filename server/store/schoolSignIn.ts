import type { Sql } from "./sql.ts";

/** An organisation's OpenID Connect provider, as its admin set it. */
export interface SchoolProvider {
  orgId: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  domain: string | null;
  tenant: string | null;
  students: boolean;
}

export type AccountKind = "staff" | "student";

interface ProviderRow {
  org_id: string;
  issuer: string;
  client_id: string;
  client_secret: string;
  domain: string | null;
  tenant: string | null;
  students: number;
}

/**
 * School sign-in in the shared store (issue 18): each organisation's provider; the e-mail an
 * admin recorded for an account (the school identity allowed to open it); and, once someone has
 * signed in, the provider's own stable id for them (issuer + subject), which later sign-ins use
 * even if the e-mail changes. No token is ever kept.
 */
export class SchoolSignIn {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async provider(orgId: string): Promise<SchoolProvider | null> {
    const r = await this.#sql.get<ProviderRow>("SELECT * FROM school_providers WHERE org_id = ?", [orgId]);
    return r ? { orgId: r.org_id, issuer: r.issuer, clientId: r.client_id, clientSecret: r.client_secret, domain: r.domain, tenant: r.tenant, students: Number(r.students) === 1 } : null;
  }

  /** Sets the provider; a secret not given keeps the one kept (the page never shows it again). A new issuer forgets the old one's bindings. */
  async setProvider(p: Omit<SchoolProvider, "clientSecret"> & { clientSecret?: string | undefined }, by: string): Promise<void> {
    const old = await this.provider(p.orgId);
    const secret = p.clientSecret ?? old?.clientSecret ?? "";
    const statements: Array<[string, Array<string | number | null>]> = [
      [
        "INSERT INTO school_providers (org_id, issuer, client_id, client_secret, domain, tenant, students, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_id) DO UPDATE SET issuer = excluded.issuer, client_id = excluded.client_id, client_secret = excluded.client_secret, domain = excluded.domain, tenant = excluded.tenant, students = excluded.students, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        [p.orgId, p.issuer, p.clientId, secret, p.domain, p.tenant, p.students ? 1 : 0, by, Date.now()],
      ],
    ];
    if (old && old.issuer !== p.issuer) statements.push(["DELETE FROM school_bindings WHERE org_id = ?", [p.orgId]]);
    await this.#sql.batch(statements);
  }

  /** Records the school e-mail that may open an account (one account per e-mail and kind in an organisation). */
  async link(orgId: string, kind: AccountKind, accountId: string, email: string): Promise<void> {
    await this.#sql.batch([
      ["DELETE FROM school_links WHERE org_id = ? AND ((kind = ? AND account_id = ?) OR (kind = ? AND email = ?))", [orgId, kind, accountId, kind, email]],
      ["DELETE FROM school_bindings WHERE org_id = ? AND kind = ? AND account_id = ?", [orgId, kind, accountId]],
      ["INSERT INTO school_links (org_id, kind, account_id, email) VALUES (?, ?, ?, ?)", [orgId, kind, accountId, email]],
    ]);
  }

  async unlink(orgId: string, kind: AccountKind, accountId: string): Promise<boolean> {
    await this.#sql.run("DELETE FROM school_bindings WHERE org_id = ? AND kind = ? AND account_id = ?", [orgId, kind, accountId]);
    return (await this.#sql.run("DELETE FROM school_links WHERE org_id = ? AND kind = ? AND account_id = ?", [orgId, kind, accountId])) === 1;
  }

  async links(orgId: string): Promise<Array<{ kind: AccountKind; accountId: string; email: string }>> {
    return (await this.#sql.all<{ kind: AccountKind; account_id: string; email: string }>("SELECT kind, account_id, email FROM school_links WHERE org_id = ? ORDER BY email", [orgId])).map((r) => ({ kind: r.kind, accountId: r.account_id, email: r.email }));
  }

  /**
   * The account a school identity opens: by its binding (issuer + subject) if it has signed in
   * before, else by the e-mail an admin recorded, binding it now. Null: not an account here.
   */
  async accountFor(orgId: string, kind: AccountKind, issuer: string, subject: string, email: string | null): Promise<string | null> {
    const bound = await this.#sql.get<{ account_id: string }>("SELECT account_id FROM school_bindings WHERE org_id = ? AND kind = ? AND issuer = ? AND subject = ?", [orgId, kind, issuer, subject]);
    if (bound) return bound.account_id;
    if (!email) return null;
    const linked = await this.#sql.get<{ account_id: string }>("SELECT account_id FROM school_links WHERE org_id = ? AND kind = ? AND email = ?", [orgId, kind, email.toLowerCase()]);
    if (!linked) return null;
    await this.#sql.run("INSERT INTO school_bindings (org_id, kind, issuer, subject, account_id, bound_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (org_id, kind, issuer, subject) DO NOTHING", [orgId, kind, issuer, subject, linked.account_id, Date.now()]);
    return linked.account_id;
  }
}
