import { LocalPresence, type MatchMakerDriver, type Presence } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";
import { AuditLog } from "./store/audit.ts";
import { Boards } from "./store/boards.ts";
import { Decks } from "./store/decks.ts";
import { Exhibits } from "./store/exhibits.ts";
import { SelfStudyStore } from "./store/selfStudy.ts";
import { PlazaEvents } from "./store/plazas.ts";
import { Timetables } from "./store/timetables.ts";
import { Bookings } from "./store/bookings.ts";
import { CheckIns } from "./store/checkIns.ts";
import { SchoolSignIn } from "./store/schoolSignIn.ts";
import { SchoolSignInFlow } from "./auth/schoolSignIn.ts";
import { HelpQueueStore } from "./store/helpQueue.ts";
import { type Db, openDatabase } from "./store/database.ts";
import { openPostgres } from "./store/postgres/database.ts";
import { PostgresSessionLog } from "./store/postgres/sessionLog.ts";
import { type Sql, postgresSql, sqliteSql } from "./store/sql.ts";
import { Directory } from "./store/directory.ts";
import { WelcomeLinks } from "./store/welcomeLinks.ts";
import { Rosters } from "./store/rosters.ts";
import { DEFAULT_FLUSH_MS, type SessionLog } from "./store/SessionLog.ts";
import { SqliteSessionLog } from "./store/sqlite.ts";
import { Sessions } from "./auth/sessions.ts";
import { SetupToken } from "./auth/setupToken.ts";
import { DEFAULT_NG_WORDS, WordFilter } from "./moderation/wordFilter.ts";
import { SpaceRegistry } from "./rooms/registry.ts";
import { type Logger, createLogger } from "./log.ts";
import { Studies } from "./research/studies.ts";
import type { RateLimits } from "./rooms/RateLimiter.ts";
import { RATE_LIMITS } from "../shared/domain/limits.ts";
import { type IceConfig, iceServersFor, relayOnly } from "./voice/iceServers.ts";
import type { MediaServer } from "./voice/mediaServer.ts";
import { JanusMediaServer } from "./voice/janus.ts";
import type { IceServer } from "../shared/protocol/voice.ts";
import { DEFAULT_TIME_ZONE } from "../shared/domain/days.ts";
import { Rights } from "./rights/rights.ts";
import { coreParts, lrsPart, reportsPart, storePart } from "./rights/parts.ts";
import { Reports } from "./store/reports.ts";
import { AttendanceReports } from "./store/attendanceReports.ts";
import { LrsOutbox } from "./store/lrsOutbox.ts";
import { LRS_TIMING, LrsRunner, type LrsTiming, watchedLog } from "./lrs/runner.ts";

/** Everything the rooms and routes depend on, built once per process (or per test). */
export interface Services {
  /** The store: the embedded SQLite file, or PostgreSQL shared by several processes. */
  sql: Sql;
  /** The SQLite database when the store is embedded (tests look inside the file); null on PostgreSQL. */
  sqlite: Db | null;
  /**
   * What the processes of one installation share: sign-ins, which spaces are open, who was removed
   * today, and (through the driver) where each space runs. This process's memory, or Redis.
   */
  presence: Presence;
  /** Colyseus's matchmaking store: null for its own in-memory one, Redis's with several processes. */
  driver: MatchMakerDriver | null;
  log: SessionLog;
  directory: Directory;
  audit: AuditLog;
  sessions: Sessions;
  registry: SpaceRegistry;
  words: WordFilter;
  setup: SetupToken;
  boards: Boards;
  /** Decks for the lesson board (its pages, in two sizes). */
  decks: Decks;
  /** The exhibit wall: children's work, shown with their consent. */
  exhibits: Exhibits;
  /** The self-study corner: children's sessions at the desks, and the organisation's learning sites. */
  selfStudy: SelfStudyStore;
  /** Message budgets (shared/domain/limits.ts); tests that fuzz thousands of messages widen them. */
  rateLimits: RateLimits;
  /** The ICE servers a person joining a talk is given: STUN, and TURN with short-lived credentials. */
  iceServers: (pseudonym: string) => IceServer[];
  /** Talks go through TURN only (relayOnly). */
  relayOnly: boolean;
  /** Voice's media server (HIDAMARI_JANUS_URL, server/voice/janus.ts), or null: talks go peer to peer. */
  mediaServer: MediaServer | null;
  logger: Logger;
  studies: Studies;
  plazas: PlazaEvents;
  /** Each organisation's timetable: opening hours, what is on, days off (issue 18). */
  timetables: Timetables;
  /** Counselling and tutoring slots, and who booked them (issue 18). */
  bookings: Bookings;
  /** Signing in with the school's account: each organisation's OpenID provider and linked accounts (issue 18). */
  schoolSignIn: SchoolSignIn;
  schoolSignInFlow: SchoolSignInFlow;
  helpQueue: HelpQueueStore;
  /** One-time links with which a new staff member chooses their own password. */
  welcomeLinks: WelcomeLinks;
  /** Who came from a OneRoster export, and imports written at once (issue 18). */
  rosters: Rosters;
  /** The daily check-in: each child's answers, and who offers it (issue 19). */
  checkIns: CheckIns;
  /** What the shared plaza is called (HIDAMARI_PLAZA_NAME). */
  plazaName: string;
  /**
   * The time written into the session log and the help queue, and by which welcome links expire.
   * Real time, except when the demo replays past days (and when a test moves it on).
   */
  clock: { now(): number };
  /** The school's time zone: what "today" and a day of attendance mean. */
  timeZone: string;
  research: { suppressBelow: number; publicUrl: string | undefined; retentionDays: number };
  /** Reports children made, and how far staff have got with each (issue 19). */
  reports: Reports;
  /** A guardian's rights over what is held about their child: a copy of everything, and erasure (issue 19). */
  rights: Rights;
  /** Attendance reports for a child's school, guardians' one-time links, the staff-only school name (issue 19). */
  attendanceReports: AttendanceReports;
  /** Records to the school's LRS: each organisation's endpoints and the outbox of statements (issue 19). */
  lrs: LrsOutbox;
  /** Queues and sends them, off the rooms' path; started by the app (app.ts), stopped by close(). */
  lrsRunner: LrsRunner;
  close(): Promise<void>;
}

export interface ServiceOptions {
  /** The SQLite file (":memory:" for a throwaway one); ignored when databaseUrl is given. */
  dbFile: string;
  /** PostgreSQL instead of SQLite (HIDAMARI_DATABASE_URL): the store every process shares. */
  databaseUrl?: string;
  /** Redis (HIDAMARI_REDIS_URL): presence and matchmaking shared by several processes. */
  redisUrl?: string;
  dataDir: string;
  secret: Buffer;
  flushMs?: number;
  log?: SessionLog;
  rateLimits?: RateLimits;
  logger?: Logger;
  research?: Partial<Services["research"]>;
  clock?: Services["clock"];
  timeZone?: string;
  plazaName?: string;
  /** Voice's STUN and TURN settings (config.ts): what a person joining a talk is given (server/voice/iceServers.ts). */
  ice?: IceConfig;
  /** Janus (config.ts `janus`): lessons and talk spots through its rooms instead of peer to peer. */
  janus?: { url: string; publicUrl: string; adminKey?: string | undefined } | null;
  /** The LRS sender's timing (runner.ts LRS_TIMING) and its clock: tests make the backoff short. */
  lrs?: Partial<LrsTiming> & { now?: () => number };
}

export async function createServices(options: ServiceOptions): Promise<Services> {
  const logger = options.logger ?? createLogger("info");
  const store = options.databaseUrl ? await postgresStore(options.databaseUrl, options, logger) : sqliteStore(options);
  const { sql } = store;
  const directory = new Directory(sql, options.secret);
  if ((await directory.ngWords()).length === 0) {
    await directory.setNgWords("ja", DEFAULT_NG_WORDS.ja);
    await directory.setNgWords("en", DEFAULT_NG_WORDS.en);
  }
  const studies = new Studies(sql);
  const plazas = new PlazaEvents(sql);
  const lrs = new LrsOutbox(sql);
  const { now: lrsNow, ...lrsTiming } = options.lrs ?? {};
  const innerLog = options.log ?? store.log;
  const lrsRunner = new LrsRunner({ outbox: lrs, directory, studies, plazas, log: innerLog, logger: logger.child({ part: "lrs" }), now: lrsNow ?? (() => Date.now()) }, { ...LRS_TIMING, ...lrsTiming });
  // Every event logged also tells the LRS producer which session has something new.
  const log = watchedLog(innerLog, (event) => lrsRunner.saw(event), logger);
  const presence = options.redisUrl ? new RedisPresence(options.redisUrl) : new LocalPresence();
  const registry = new SpaceRegistry(presence, options.timeZone);
  const schoolSignIn = new SchoolSignIn(sql);
  const clock = options.clock ?? { now: () => Date.now() };
  const timetables = new Timetables(sql, options.timeZone ?? DEFAULT_TIME_ZONE);
  const ice = options.ice ?? { stunUrls: [], turnUrls: [], turnSecret: undefined };
  // Connected on first use (a talk's first grant, or /readyz): a server starts whether Janus is up or not.
  const mediaServer = options.janus ? new JanusMediaServer({ ...options.janus, logger: logger.child({ part: "janus" }) }) : null;
  const sessions = new Sessions(presence);
  const audit = new AuditLog(sql);
  const exhibits = new Exhibits(sql, presence);
  const reports = new Reports(sql);
  const checkIns = new CheckIns(sql, (orgId) => timetables.timeZoneOf(orgId));
  const attendanceReports = new AttendanceReports(sql, clock);
  return {
    sql,
    sqlite: store.sqlite,
    presence,
    driver: options.redisUrl ? new RedisDriver(options.redisUrl) : null,
    log,
    directory,
    audit,
    sessions,
    registry,
    words: new WordFilter(await directory.ngWords()),
    setup: new SetupToken(presence),
    boards: new Boards(sql, options.dataDir, presence),
    decks: new Decks(sql),
    exhibits,
    selfStudy: new SelfStudyStore(sql),
    rateLimits: options.rateLimits ?? RATE_LIMITS,
    iceServers: (pseudonym: string) => iceServersFor(ice, pseudonym, Date.now()),
    relayOnly: relayOnly(ice),
    mediaServer,
    logger,
    studies,
    plazas,
    timetables,
    bookings: new Bookings(sql),
    schoolSignIn,
    schoolSignInFlow: new SchoolSignInFlow(schoolSignIn, presence),
    helpQueue: new HelpQueueStore(sql),
    welcomeLinks: new WelcomeLinks(sql, clock),
    rosters: new Rosters(sql, options.secret),
    checkIns,
    plazaName: options.plazaName ?? "みんなの ひろば",
    clock,
    timeZone: options.timeZone ?? DEFAULT_TIME_ZONE,
    research: { suppressBelow: 5, publicUrl: undefined, retentionDays: 365, ...options.research },
    reports,
    attendanceReports,
    rights: new Rights({ log, audit, sessions, presence, sqlite: store.sqlite, clock, flushMs: options.flushMs ?? DEFAULT_FLUSH_MS }, coreParts({ sql, log, exhibits }, [reportsPart(reports), storePart("checkIns", checkIns), storePart("attendanceReports", attendanceReports), lrsPart(lrs)])),
    lrs,
    lrsRunner,
    async close() {
      await lrsRunner.close();
      registry.dispose();
      await mediaServer?.close();
      await innerLog.close();
      if (innerLog !== store.log) await store.log.close();
      await store.close();
    },
  };
}

function sqliteStore(options: ServiceOptions) {
  const db = openDatabase(options.dbFile);
  return { sql: sqliteSql(db), sqlite: db, log: new SqliteSessionLog(db, options.flushMs), close: async () => db.close() };
}

async function postgresStore(url: string, options: ServiceOptions, logger: Logger) {
  const pool = await openPostgres(url, (err) => logger.warn({ err }, "a database connection was dropped; the pool opens another when needed"));
  const log = new PostgresSessionLog(pool, { flushMs: options.flushMs, onError: (err) => logger.error({ err }, "session log flush failed; kept for the next one") });
  return { sql: postgresSql(pool), sqlite: null, log, close: () => pool.end() };
}
