import type { Role } from "../../shared/domain/roles.ts";
import type { Sql, SqlValue } from "./sql.ts";

/** Who did what to whom, when, and whether it was allowed. Written for every staff action and every denial. */
export interface AuditEntry {
  at: number;
  orgId: string | null;
  actorId: string | null;
  actorRole: Role | "anonymous";
  action: string;
  target: string | null;
  outcome: "done" | "denied";
  detail: Record<string, unknown>;
}

type NewEntry = Omit<AuditEntry, "at" | "detail"> & { detail?: Record<string, unknown> };
const INSERT = "INSERT INTO audit (at, org_id, actor_id, actor_role, action, target, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
const rowOf = (e: NewEntry, at: number): SqlValue[] => [at, e.orgId, e.actorId, e.actorRole, e.action, e.target, e.outcome, JSON.stringify(e.detail ?? {})];

/** Written once over Sql, for SQLite and PostgreSQL alike. */
export class AuditLog {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async record(entry: NewEntry): Promise<void> {
    await this.#sql.run(INSERT, rowOf(entry, Date.now()));
  }

  /**
   * The same entry in several organisations' logs, once in each, together: an act that concerns
   * more than one (a new organisation made by the federation, a plaza shared by several).
   */
  async recordIn(orgIds: Iterable<string>, entry: Omit<NewEntry, "orgId">): Promise<void> {
    const at = Date.now();
    await this.#sql.batch([...new Set(orgIds)].map((orgId) => [INSERT, rowOf({ ...entry, orgId }, at)]));
  }

  /** An organisation's entries of one action, or about one target (or both), oldest first: e.g. a child's consent history. */
  async find(orgId: string, filter: { action?: string; target?: string }): Promise<AuditEntry[]> {
    const where = ["org_id = ?"];
    const params: SqlValue[] = [orgId];
    if (filter.action !== undefined) where.push("action = ?"), params.push(filter.action);
    if (filter.target !== undefined) where.push("target = ?"), params.push(filter.target);
    const rows = await this.#sql.all<Row>(`SELECT * FROM audit WHERE ${where.join(" AND ")} ORDER BY seq`, params);
    return rows.map(entryOf);
  }

  /** Newest first. Without an organisation: everything (for tests and the CLI). */
  async list(orgId: string | null, limit = 200): Promise<AuditEntry[]> {
    const rows =
      orgId === null
        ? await this.#sql.all<Row>("SELECT * FROM audit ORDER BY seq DESC LIMIT ?", [limit])
        : await this.#sql.all<Row>("SELECT * FROM audit WHERE org_id = ? ORDER BY seq DESC LIMIT ?", [orgId, limit]);
    return rows.map(entryOf);
  }
}

const entryOf = (r: Row): AuditEntry => ({
  at: r.at,
  orgId: r.org_id,
  actorId: r.actor_id,
  actorRole: r.actor_role as AuditEntry["actorRole"],
  action: r.action,
  target: r.target,
  outcome: r.outcome as AuditEntry["outcome"],
  detail: JSON.parse(r.detail) as Record<string, unknown>,
});

interface Row {
  at: number;
  org_id: string | null;
  actor_id: string | null;
  actor_role: string;
  action: string;
  target: string | null;
  outcome: string;
  detail: string;
}
