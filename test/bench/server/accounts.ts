import path from "node:path";
import { loadSecret } from "../../../server/auth/secret.ts";
import { openDatabase } from "../../../server/store/database.ts";
import { sqliteSql } from "../../../server/store/sql.ts";
import { Directory } from "../../../server/store/directory.ts";

/**
 * Accounts for the bots, written into a data folder BEFORE the server process opens it (as
 * test/integration/crash.test.ts does): per space an organisation, one counsellor (a space opens
 * only while staff are in it) and its students with access codes.
 */
export interface SpaceAccounts {
  org: string;
  staff: { username: string; password: string };
  codes: string[];
}

const PASSWORD = "bench correct horse battery";

/** Accounts in the embedded store of `dataDir` (a new SQLite file). */
export async function createAccounts(dataDir: string, spaces: number, studentsPerSpace: number): Promise<SpaceAccounts[]> {
  const db = openDatabase(path.join(dataDir, "hidamari.sqlite"));
  try {
    // One transaction for thousands of rows (SQLite answers at once, and nothing else uses this file now).
    return await accountsIn(new Directory(sqliteSql(db), loadSecret(dataDir)), spaces, studentsPerSpace, {
      begin: () => db.exec("BEGIN"),
      commit: () => db.exec("COMMIT"),
    });
  } finally {
    db.close();
  }
}

/** Accounts through any store's Directory; `batch` wraps the thousands of small rows when the store can. */
export async function accountsIn(directory: Directory, spaces: number, studentsPerSpace: number, batch?: { begin(): void; commit(): void }): Promise<SpaceAccounts[]> {
  const out: SpaceAccounts[] = [];
  batch?.begin();
  for (let s = 0; s < spaces; s++) {
    const org = (await directory.createOrganisation(`ベンチ ${s + 1}`)).id;
    const codes: string[] = [];
    for (let i = 0; i < studentsPerSpace; i++) codes.push((await directory.registerStudent({ orgId: org, nickname: nickname(s, i) })).code);
    out.push({ org, staff: { username: `bench-${s + 1}`, password: PASSWORD }, codes });
  }
  batch?.commit();
  // scrypt runs on libuv's pool: a few at a time keeps both cores busy without a pile-up.
  const queue = out.map((space, s) => () => directory.addStaff({ orgId: space.org, username: space.staff.username, displayName: `せんせい${s + 1}`, role: "counsellor", password: PASSWORD }));
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await next();
    }),
  );
  return out;
}

const NAMES = ["はるか", "ken", "そら", "ゆい", "mika", "たくみ", "りん", "sora", "あおい", "leo"];
/** Nicknames like children's: short, some Japanese, some Latin, within the 12-character cap. */
export function nickname(space: number, i: number): string {
  return `${NAMES[i % NAMES.length]}${space % 100}-${i}`.slice(0, 12);
}
