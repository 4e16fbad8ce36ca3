import pg from "pg";

/**
 * The shared database for an installation that runs on several processes (HIDAMARI_DATABASE_URL).
 * Migrations are plain SQL, applied in order, each exactly once, under an advisory lock so that
 * processes starting together do not race; the version lives in schema_version.
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE events (
     seq   BIGSERIAL PRIMARY KEY,
     space TEXT     NOT NULL,
     at    BIGINT   NOT NULL,
     type  TEXT     NOT NULL,
     v     INTEGER  NOT NULL,
     body  JSONB    NOT NULL
   );
   CREATE INDEX events_space ON events (space, seq);
   CREATE INDEX events_opened ON events ((body->>'org'), at) WHERE type = 'space_opened';
   CREATE INDEX events_registration ON events ((body->>'registration')) WHERE type = 'space_opened';
   CREATE INDEX events_at ON events (at);`,
];

/** Any number: the key of the advisory lock migrations hold ("hidamari" in ASCII, shortened). */
const MIGRATION_LOCK = 0x6869646d;

export type Pool = pg.Pool;

export async function openPostgres(url: string): Promise<Pool> {
  // BIGINT comes back as a string by default; every BIGINT here is milliseconds or a sequence, well inside 2^53.
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}

async function migrate(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    const { rows } = await client.query<{ version: number }>("SELECT version FROM schema_version");
    let current = rows[0]?.version ?? 0;
    if (rows.length === 0) await client.query("INSERT INTO schema_version (version) VALUES (0)");
    for (; current < MIGRATIONS.length; current++) {
      await client.query("BEGIN");
      try {
        await client.query(MIGRATIONS[current] as string);
        await client.query("UPDATE schema_version SET version = $1", [current + 1]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}
