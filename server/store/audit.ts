import type { Role } from "../../shared/domain/roles.ts";
import type { Sql } from "./sql.ts";

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

/** Written once over Sql, for SQLite and PostgreSQL alike. */
export class AuditLog {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async record(entry: Omit<AuditEntry, "at" | "detail"> & { detail?: Record<string, unknown> }): Promise<void> {
    await this.#sql.run("INSERT INTO audit (at, org_id, actor_id, actor_role, action, target, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [
      Date.now(),
      entry.orgId,
      entry.actorId,
      entry.actorRole,
      entry.action,
      entry.target,
      entry.outcome,
      JSON.stringify(entry.detail ?? {}),
    ]);
  }

  /** Newest first. Without an organisation: everything (for tests and the CLI). */
  async list(orgId: string | null, limit = 200): Promise<AuditEntry[]> {
    const rows =
      orgId === null
        ? await this.#sql.all<Row>("SELECT * FROM audit ORDER BY seq DESC LIMIT ?", [limit])
        : await this.#sql.all<Row>("SELECT * FROM audit WHERE org_id = ? ORDER BY seq DESC LIMIT ?", [orgId, limit]);
    return rows.map((r) => ({
      at: r.at,
      orgId: r.org_id,
      actorId: r.actor_id,
      actorRole: r.actor_role as AuditEntry["actorRole"],
      action: r.action,
      target: r.target,
      outcome: r.outcome as AuditEntry["outcome"],
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    }));
  }
}

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
