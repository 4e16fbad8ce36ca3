import { afterAll, beforeAll } from "vitest";
import { type Pool, openPostgres } from "../../server/store/postgres/database.ts";
import { type Postgres, startPostgres } from "../../scripts/throwaway/postgres.ts";

export { type Postgres, startPostgres };

/**
 * A cluster for one test file: started before its tests, stopped after them, with every pool it
 * opened closed first. fresh() gives a pool on a new, migrated database of its own.
 */
export function usePostgres(): { fresh(): Promise<Pool>; database(): Promise<string> } {
  let cluster: Postgres | undefined;
  const pools: Pool[] = [];
  beforeAll(async () => {
    cluster = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    cluster?.stop();
  });
  const database = () => {
    if (!cluster) throw new Error("usePostgres: the cluster starts in beforeAll");
    return cluster.database();
  };
  return {
    database,
    async fresh() {
      const pool = await openPostgres(await database());
      pools.push(pool);
      return pool;
    },
  };
}
