import { AuditLog } from "./store/audit.ts";
import { Boards } from "./store/boards.ts";
import { type Db, openDatabase } from "./store/database.ts";
import { Directory } from "./store/directory.ts";
import type { SessionLog } from "./store/SessionLog.ts";
import { SqliteSessionLog } from "./store/sqlite.ts";
import { Sessions } from "./auth/sessions.ts";
import { SetupToken } from "./auth/setupToken.ts";
import { DEFAULT_NG_WORDS, WordFilter } from "./moderation/wordFilter.ts";
import { SpaceRegistry } from "./rooms/registry.ts";
import { type Logger, createLogger } from "./log.ts";
import { Studies } from "./research/studies.ts";
import type { RateLimits } from "./rooms/RateLimiter.ts";
import { RATE_LIMITS } from "../shared/domain/limits.ts";
import { DEFAULT_TIME_ZONE } from "../shared/domain/days.ts";

/** Everything the rooms and routes depend on, built once per process (or per test). */
export interface Services {
  db: Db;
  log: SessionLog;
  directory: Directory;
  audit: AuditLog;
  sessions: Sessions;
  registry: SpaceRegistry;
  words: WordFilter;
  setup: SetupToken;
  boards: Boards;
  /** Message budgets (shared/domain/limits.ts); tests that fuzz thousands of messages widen them. */
  rateLimits: RateLimits;
  logger: Logger;
  studies: Studies;
  /** The time written into the session log and the help queue. Real time, except when the demo replays past days. */
  clock: { now(): number };
  /** The school's time zone: what "today" and a day of attendance mean. */
  timeZone: string;
  research: { suppressBelow: number; publicUrl: string | undefined; retentionDays: number };
  close(): Promise<void>;
}

export function createServices(options: { dbFile: string; dataDir: string; secret: Buffer; flushMs?: number; log?: SessionLog; rateLimits?: RateLimits; logger?: Logger; research?: Partial<Services["research"]>; clock?: Services["clock"]; timeZone?: string }): Services {
  const db = openDatabase(options.dbFile);
  const directory = new Directory(db, options.secret);
  if (directory.ngWords().length === 0) {
    directory.setNgWords("ja", DEFAULT_NG_WORDS.ja);
    directory.setNgWords("en", DEFAULT_NG_WORDS.en);
  }
  const log = options.log ?? new SqliteSessionLog(db, options.flushMs);
  return {
    db,
    log,
    directory,
    audit: new AuditLog(db),
    sessions: new Sessions(),
    registry: new SpaceRegistry(options.timeZone),
    words: new WordFilter(directory.ngWords()),
    setup: new SetupToken(),
    boards: new Boards(db, options.dataDir),
    rateLimits: options.rateLimits ?? RATE_LIMITS,
    logger: options.logger ?? createLogger("info"),
    studies: new Studies(db),
    clock: options.clock ?? { now: () => Date.now() },
    timeZone: options.timeZone ?? DEFAULT_TIME_ZONE,
    research: { suppressBelow: 5, publicUrl: undefined, retentionDays: 365, ...options.research },
    async close() {
      await log.close();
      db.close();
    },
  };
}
