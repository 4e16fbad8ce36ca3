import type { Statement } from "better-sqlite3";
import type { Db } from "./database.ts";
import type { Pool } from "./postgres/database.ts";

/** A value a statement takes: what both SQLite and PostgreSQL store the same way. */
export type SqlValue = string | number | Buffer | null;

/**
 * The little SQL the stores need, the same for SQLite and PostgreSQL: the directory, audit log,
 * studies and boards are written once against this, with `?` placeholders and SQL both engines
 * read alike (ON CONFLICT … DO UPDATE / DO NOTHING, lower(), integers for flags and times).
 * Every call is asynchronous, as PostgreSQL's are; SQLite answers at once.
 */
export interface Sql {
  all<T>(sql: string, params?: SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: SqlValue[]): Promise<T | null>;
  /** Runs a write; resolves with how many rows it changed. */
  run(sql: string, params?: SqlValue[]): Promise<number>;
  /** Runs writes in one transaction: all of them or none. */
  batch(statements: Array<[sql: string, params: SqlValue[]]>): Promise<void>;
  /** Whether an error is a unique constraint refusing a duplicate. */
  isUniqueViolation(error: unknown): boolean;
}

/**
 * Creation times that never repeat (within a process), so lists ordered by them keep the order
 * things were made in on either engine, even when several are made in one millisecond.
 */
export function creationStamps(): () => number {
  let last = 0;
  return () => {
    last = Math.max(Date.now(), last + 1);
    return last;
  };
}

/** The embedded database. Statements are prepared once per text and kept. */
export function sqliteSql(db: Db): Sql {
  const statements = new Map<string, Statement<SqlValue[]>>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare<SqlValue[]>(sql)));
    return statement;
  };
  return {
    async all<T>(sql: string, params: SqlValue[] = []) {
      return prepared(sql).all(...params) as T[];
    },
    async get<T>(sql: string, params: SqlValue[] = []) {
      return (prepared(sql).get(...params) as T | undefined) ?? null;
    },
    async run(sql, params = []) {
      return prepared(sql).run(...params).changes;
    },
    async batch(list) {
      db.transaction(() => {
        for (const [sql, params] of list) prepared(sql).run(...params);
      })();
    },
    isUniqueViolation: (error) => (error as { code?: string } | null)?.code?.startsWith("SQLITE_CONSTRAINT_UNIQUE") === true || (error as { code?: string } | null)?.code === "SQLITE_CONSTRAINT_PRIMARYKEY",
  };
}

/** PostgreSQL, shared by every process: `?` placeholders become `$1, $2, …`. */
export function postgresSql(pool: Pool): Sql {
  const numbered = new Map<string, string>();
  const text = (sql: string) => {
    let out = numbered.get(sql);
    if (out === undefined) {
      let n = 0;
      out = sql.replace(/\?/g, () => `$${++n}`);
      numbered.set(sql, out);
    }
    return out;
  };
  return {
    async all<T>(sql: string, params: SqlValue[] = []) {
      return (await pool.query(text(sql), params)).rows as T[];
    },
    async get<T>(sql: string, params: SqlValue[] = []) {
      return ((await pool.query(text(sql), params)).rows[0] as T | undefined) ?? null;
    },
    async run(sql, params = []) {
      return (await pool.query(text(sql), params)).rowCount ?? 0;
    },
    async batch(list) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        for (const [sql, params] of list) await client.query(text(sql), params);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    isUniqueViolation: (error) => (error as { code?: string } | null)?.code === "23505",
  };
}
