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
  // The directory, audit log, boards, consent and studies: SQLite's tables, in PostgreSQL's words.
  `CREATE TABLE organisations (
     id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at BIGINT NOT NULL
   );
   CREATE TABLE staff (
     id TEXT PRIMARY KEY,
     org_id TEXT NOT NULL REFERENCES organisations(id),
     username TEXT NOT NULL,
     display_name TEXT NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('counsellor', 'researcher', 'admin')),
     password_hash TEXT NOT NULL,
     created_at BIGINT NOT NULL
   );
   CREATE UNIQUE INDEX staff_username ON staff (lower(username));
   CREATE INDEX staff_org ON staff (org_id, created_at);
   CREATE TABLE students (
     id TEXT PRIMARY KEY,
     org_id TEXT NOT NULL REFERENCES organisations(id),
     nickname TEXT NOT NULL,
     note TEXT NOT NULL DEFAULT '',
     code_hmac TEXT UNIQUE,
     blocked INTEGER NOT NULL DEFAULT 0,
     created_at BIGINT NOT NULL
   );
   CREATE INDEX students_org ON students (org_id, created_at);
   CREATE TABLE audit (
     seq BIGSERIAL PRIMARY KEY,
     at BIGINT NOT NULL,
     org_id TEXT,
     actor_id TEXT,
     actor_role TEXT,
     action TEXT NOT NULL,
     target TEXT,
     outcome TEXT NOT NULL CHECK (outcome IN ('done', 'denied')),
     detail TEXT NOT NULL DEFAULT '{}'
   );
   CREATE INDEX audit_org ON audit (org_id, seq);
   CREATE TABLE ng_words (
     lang TEXT NOT NULL, word TEXT NOT NULL, PRIMARY KEY (lang, word)
   );
   CREATE TABLE boards (
     org_id TEXT PRIMARY KEY REFERENCES organisations(id),
     file TEXT NOT NULL,
     title TEXT NOT NULL,
     updated_at BIGINT NOT NULL
   );
   CREATE TABLE consent (
     student_id TEXT PRIMARY KEY REFERENCES students(id),
     level TEXT NOT NULL CHECK (level IN ('none', 'activity', 'activity_chat')),
     recorded_by TEXT NOT NULL,
     recorded_at BIGINT NOT NULL
   );
   CREATE TABLE studies (
     id TEXT PRIMARY KEY,
     org_id TEXT NOT NULL REFERENCES organisations(id),
     name TEXT NOT NULL,
     secret TEXT NOT NULL,
     created_at BIGINT NOT NULL
   );`,
  // A federation admin: a duty an account holds on top of its role (see shared/domain/roles.ts).
  `ALTER TABLE staff ADD COLUMN federation INTEGER NOT NULL DEFAULT 0;`,
  // The shared plaza's events, and the students their own staff keep out of plazas.
  `CREATE TABLE plaza_events (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     host_org TEXT NOT NULL REFERENCES organisations(id),
     opened_by TEXT NOT NULL,
     orgs TEXT NOT NULL,
     starts_at BIGINT NOT NULL,
     ends_at BIGINT NOT NULL,
     opened_at BIGINT NOT NULL,
     closed_at BIGINT
   );
   CREATE INDEX plaza_events_open ON plaza_events (closed_at, opened_at);
   ALTER TABLE students ADD COLUMN plaza_kept_out INTEGER NOT NULL DEFAULT 0;`,
  // Board pictures in the store every process shares (they were files under data/board/).
  `ALTER TABLE boards ADD COLUMN image BYTEA;`,
  // What waits for staff in each space (help, wishes to talk, reports, held lines), kept so that
  // a crash of the process holding the space does not lose it.
  `CREATE TABLE help_queue (
     space TEXT NOT NULL,
     id TEXT NOT NULL,
     account TEXT,
     item TEXT NOT NULL,
     at BIGINT NOT NULL,
     PRIMARY KEY (space, id)
   );`,
  // One-time welcome links: a new staff member chooses their own password (server/store/welcomeLinks.ts).
  // Only a hash of each link's token is kept. An account made with a link and not yet claimed has
  // an empty password_hash: no password exists, and none matches it.
  `CREATE TABLE welcome_links (
     token_hash TEXT PRIMARY KEY,
     staff_id TEXT NOT NULL REFERENCES staff(id),
     issued_by TEXT NOT NULL,
     issued_at BIGINT NOT NULL,
     expires_at BIGINT NOT NULL,
     used_at BIGINT,
     replaced_at BIGINT,
     claim_id TEXT
   );
   CREATE INDEX welcome_links_staff ON welcome_links (staff_id);`,
  // The research views read some types of many sessions' events at once (SessionLog.eventsOf).
  `CREATE INDEX events_space_type ON events (space, type, seq);`,
  // Decks for the lesson board (server/store/decks.ts): each page in two sizes, and its words.
  `CREATE TABLE decks (
     id TEXT PRIMARY KEY,
     org_id TEXT NOT NULL REFERENCES organisations(id),
     title TEXT NOT NULL,
     pages INTEGER NOT NULL,
     ready INTEGER NOT NULL DEFAULT 0,
     created_by TEXT NOT NULL,
     created_at BIGINT NOT NULL
   );
   CREATE INDEX decks_org ON decks (org_id, created_at);
   CREATE TABLE deck_pages (
     deck_id TEXT NOT NULL REFERENCES decks(id),
     page INTEGER NOT NULL,
     text TEXT NOT NULL,
     small BYTEA NOT NULL,
     small_type TEXT NOT NULL,
     large BYTEA NOT NULL,
     large_type TEXT NOT NULL,
     PRIMARY KEY (deck_id, page)
   );`,
  // What a teacher writes on a deck's page, kept with the page (server/store/decks.ts).
  `CREATE TABLE deck_marks (
     deck_id TEXT NOT NULL REFERENCES decks(id),
     page INTEGER NOT NULL,
     seq BIGINT NOT NULL,
     mark TEXT NOT NULL,
     PRIMARY KEY (deck_id, page, seq)
   );`,
  // The exhibit wall: children's work shown with their consent (server/store/exhibits.ts).
  `CREATE TABLE exhibits (
     id TEXT PRIMARY KEY,
     org_id TEXT NOT NULL REFERENCES organisations(id),
     student_id TEXT NOT NULL,
     by_name TEXT NOT NULL,
     title TEXT NOT NULL,
     image BYTEA NOT NULL,
     image_type TEXT NOT NULL,
     created_by TEXT NOT NULL,
     created_at BIGINT NOT NULL
   );
   CREATE INDEX exhibits_org ON exhibits (org_id, created_at);`,
  // The self-study corner (server/store/selfStudy.ts): each child's sessions at a self-study desk
  // (today's goal, what they did: preset ids or their own words), and the organisation's list of
  // learning sites a child may open from a desk.
  `CREATE TABLE self_study (
     id TEXT PRIMARY KEY,
     org_id TEXT NOT NULL REFERENCES organisations(id),
     student_id TEXT NOT NULL REFERENCES students(id),
     started_at BIGINT NOT NULL,
     ended_at BIGINT,
     goal_preset TEXT,
     goal_text TEXT,
     did_preset TEXT,
     did_text TEXT
   );
   CREATE INDEX self_study_student ON self_study (student_id, started_at);
   CREATE INDEX self_study_org ON self_study (org_id, started_at);
   CREATE TABLE study_sites (
     id TEXT PRIMARY KEY,
     org_id TEXT NOT NULL REFERENCES organisations(id),
     name TEXT NOT NULL,
     url TEXT NOT NULL,
     created_at BIGINT NOT NULL
   );
   CREATE INDEX study_sites_org ON study_sites (org_id, created_at);`,
  // Each organisation's timetable (server/store/timetables.ts): the plan as JSON, its version for
  // writes that must not overwrite each other, and the key of the families' iCal feed.
  `CREATE TABLE timetables (
     org_id TEXT PRIMARY KEY REFERENCES organisations(id),
     plan TEXT NOT NULL,
     feed_key TEXT NOT NULL UNIQUE,
     version BIGINT NOT NULL,
     updated_by TEXT NOT NULL
   );`,
  // Counselling and tutoring slots (server/store/bookings.ts): free, or one child's.
  `CREATE TABLE booking_slots (
     id TEXT PRIMARY KEY,
     org_id TEXT NOT NULL REFERENCES organisations(id),
     kind TEXT NOT NULL,
     starts_at BIGINT NOT NULL,
     ends_at BIGINT NOT NULL,
     student_id TEXT REFERENCES students(id),
     booked_by TEXT,
     reminded_at BIGINT,
     created_by TEXT NOT NULL,
     created_at BIGINT NOT NULL
   );
   CREATE INDEX booking_slots_org ON booking_slots (org_id, starts_at);
   CREATE INDEX booking_slots_student ON booking_slots (student_id, starts_at);`,
  // Signing in with the school's account (server/store/schoolSignIn.ts): each organisation's
  // OpenID provider, the school e-mail an admin recorded per account, and the provider's stable
  // id for whoever has signed in (issuer + subject). No token is kept.
  `CREATE TABLE school_providers (
     org_id TEXT PRIMARY KEY REFERENCES organisations(id),
     issuer TEXT NOT NULL,
     client_id TEXT NOT NULL,
     client_secret TEXT NOT NULL,
     domain TEXT,
     tenant TEXT,
     students INTEGER NOT NULL,
     updated_by TEXT NOT NULL,
     updated_at BIGINT NOT NULL
   );
   CREATE TABLE school_links (
     org_id TEXT NOT NULL REFERENCES organisations(id),
     kind TEXT NOT NULL,
     account_id TEXT NOT NULL,
     email TEXT NOT NULL,
     PRIMARY KEY (org_id, kind, account_id),
     UNIQUE (org_id, kind, email)
   );
   CREATE TABLE school_bindings (
     org_id TEXT NOT NULL REFERENCES organisations(id),
     kind TEXT NOT NULL,
     issuer TEXT NOT NULL,
     subject TEXT NOT NULL,
     account_id TEXT NOT NULL,
     bound_at BIGINT NOT NULL,
     PRIMARY KEY (org_id, kind, issuer, subject)
   );`,
  // When a child first came into their space: a welcome session lets in children on their first day.
  `ALTER TABLE students ADD COLUMN first_entered_at BIGINT;`,
  // Rosters (server/store/rosters.ts): each imported person's OneRoster sourcedId, so that a second
  // import of the school's export updates them instead of adding them again (unique per
  // organisation); and the file's organisation (orgs.csv sourcedId) this one was linked to.
  `ALTER TABLE students ADD COLUMN roster_id TEXT;
   ALTER TABLE staff ADD COLUMN roster_id TEXT;
   ALTER TABLE organisations ADD COLUMN roster_org TEXT;
   CREATE UNIQUE INDEX students_roster ON students (org_id, roster_id);
   CREATE UNIQUE INDEX staff_roster ON staff (org_id, roster_id);`,
  // Reports a child made (server/store/reports.ts): that they were made and how far staff have
  // got with them (received, looked at, closed), so the child can see it. Not what they said:
  // that is the help queue's, for the staff on duty.
  `CREATE TABLE reports (
     id TEXT PRIMARY KEY,
     org_id TEXT NOT NULL REFERENCES organisations(id),
     student_id TEXT NOT NULL,
     made_at BIGINT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('received', 'looked_at', 'closed')),
     changed_at BIGINT NOT NULL
   );
   CREATE INDEX reports_student ON reports (student_id, made_at);`,
  // The daily check-in (server/store/checkIns.ts): one answer per child per school day (a face,
  // or 'skip'), whether each organisation offers it, and the children staff turned it off for.
  `CREATE TABLE check_ins (
     student_id TEXT NOT NULL REFERENCES students(id),
     day TEXT NOT NULL,
     org_id TEXT NOT NULL REFERENCES organisations(id),
     answer TEXT NOT NULL,
     at BIGINT NOT NULL,
     PRIMARY KEY (student_id, day)
   );
   CREATE INDEX check_ins_org ON check_ins (org_id, day);
   CREATE TABLE check_in_orgs (
     org_id TEXT PRIMARY KEY REFERENCES organisations(id),
     enabled INTEGER NOT NULL,
     updated_by TEXT NOT NULL,
     updated_at BIGINT NOT NULL
   );
   CREATE TABLE check_in_off (
     student_id TEXT PRIMARY KEY REFERENCES students(id),
     org_id TEXT NOT NULL REFERENCES organisations(id),
     updated_by TEXT NOT NULL,
     updated_at BIGINT NOT NULL
   );`,
  // Attendance evidence for a child's school (server/store/attendanceReports.ts): each report
  // produced (who, when, which period; never its content), a guardian's one-time link (its
  // token's hash; the PDF only until it is opened or expires), and the child's name as their
  // school knows it, entered by staff only.
  `CREATE TABLE attendance_reports (
     id TEXT PRIMARY KEY,
     org_id TEXT NOT NULL REFERENCES organisations(id),
     student_id TEXT NOT NULL,
     made_by TEXT NOT NULL,
     made_at BIGINT NOT NULL,
     period_from TEXT NOT NULL,
     period_to TEXT NOT NULL,
     lang TEXT NOT NULL,
     format TEXT NOT NULL,
     link_hash TEXT UNIQUE,
     link_expires_at BIGINT,
     link_used_at BIGINT,
     link_claim TEXT,
     pdf BYTEA
   );
   CREATE INDEX attendance_reports_student ON attendance_reports (student_id, made_at);
   CREATE TABLE student_school_names (
     student_id TEXT PRIMARY KEY REFERENCES students(id),
     org_id TEXT NOT NULL REFERENCES organisations(id),
     name_at_school TEXT NOT NULL,
     school TEXT NOT NULL,
     grade TEXT NOT NULL,
     changed_by TEXT NOT NULL,
     changed_at BIGINT NOT NULL
   );`,
  // Records to the school's LRS (server/store/lrsOutbox.ts): each endpoint an admin set (per
  // organisation and study; removed ones are kept, marked, for what was already sent to them),
  // and the durable outbox of statements, one row per endpoint and statement id. The person a row
  // is about (account id) stays on the server, so a child's unsent rows can be erased and what
  // was sent about them listed.
  `CREATE TABLE lrs_endpoints (
     id TEXT PRIMARY KEY,
     org_id TEXT NOT NULL REFERENCES organisations(id),
     study_id TEXT NOT NULL REFERENCES studies(id),
     url TEXT NOT NULL,
     auth_key TEXT NOT NULL,
     auth_secret TEXT NOT NULL,
     base_iri TEXT NOT NULL,
     enabled INTEGER NOT NULL,
     since BIGINT NOT NULL,
     failures INTEGER NOT NULL DEFAULT 0,
     retry_at BIGINT,
     last_error TEXT,
     last_error_at BIGINT,
     last_sent_at BIGINT,
     withheld INTEGER NOT NULL DEFAULT 0,
     removed_at BIGINT,
     updated_by TEXT NOT NULL,
     created_at BIGINT NOT NULL
   );
   CREATE INDEX lrs_endpoints_org ON lrs_endpoints (org_id, created_at);
   CREATE TABLE lrs_outbox (
     endpoint_id TEXT NOT NULL REFERENCES lrs_endpoints(id),
     statement_id TEXT NOT NULL,
     org_id TEXT NOT NULL,
     person_id TEXT NOT NULL,
     person_role TEXT NOT NULL,
     registration TEXT NOT NULL,
     body TEXT NOT NULL,
     content INTEGER NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('waiting', 'sent', 'refused')),
     attempts INTEGER NOT NULL DEFAULT 0,
     claim TEXT,
     claimed_until BIGINT,
     reason TEXT,
     seq BIGINT NOT NULL,
     done_at BIGINT,
     PRIMARY KEY (endpoint_id, statement_id)
   );
   CREATE INDEX lrs_outbox_waiting ON lrs_outbox (endpoint_id, state, seq);
   CREATE INDEX lrs_outbox_person ON lrs_outbox (org_id, person_id);`,
];

/** The schema version a database has once migrated. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Any number: the key of the advisory lock migrations hold ("hidamari" in ASCII, shortened). */
const MIGRATION_LOCK = 0x6869646d;

export type Pool = pg.Pool;

/**
 * A pool of connections, migrated. `onIdleError` hears of connections the server dropped while
 * idle (a restart, a failover): without a listener node-postgres would end the whole process.
 */
export async function openPostgres(url: string, onIdleError: (error: Error) => void = () => {}): Promise<Pool> {
  // BIGINT comes back as a string by default; every BIGINT here is milliseconds or a sequence, well inside 2^53.
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on("error", onIdleError);
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
