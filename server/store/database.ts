import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export type Db = Database.Database;

/**
 * The embedded database: one SQLite file in WAL mode holding accounts, the audit log and the
 * session log. Migrations are plain SQL, applied in order, each exactly once.
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE events (
     seq   INTEGER PRIMARY KEY AUTOINCREMENT,
     space TEXT    NOT NULL,
     at    INTEGER NOT NULL,
     type  TEXT    NOT NULL,
     v     INTEGER NOT NULL,
     body  TEXT    NOT NULL
   );
   CREATE INDEX events_space ON events (space, seq);`,
  `CREATE TABLE organisations (
     id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL
   );
   CREATE TABLE staff (
     id TEXT PRIMARY KEY,
     org_id TEXT NOT NULL REFERENCES organisations(id),
     username TEXT NOT NULL UNIQUE COLLATE NOCASE,
     display_name TEXT NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('counsellor', 'researcher', 'admin')),
     password_hash TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE students (
     id TEXT PRIMARY KEY,
     org_id TEXT NOT NULL REFERENCES organisations(id),
     nickname TEXT NOT NULL,
     note TEXT NOT NULL DEFAULT '',
     code_hmac TEXT UNIQUE,
     blocked INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE audit (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     at INTEGER NOT NULL,
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
   );`,
  `CREATE TABLE boards (
     org_id TEXT PRIMARY KEY REFERENCES organisations(id),
     file TEXT NOT NULL,
     title TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   );`,
  `CREATE TABLE consent (
     student_id TEXT PRIMARY KEY REFERENCES students(id),
     level TEXT NOT NULL CHECK (level IN ('none', 'activity', 'activity_chat')),
     recorded_by TEXT NOT NULL,
     recorded_at INTEGER NOT NULL
   );
   CREATE TABLE studies (
     id TEXT PRIMARY KEY,
     org_id TEXT NOT NULL REFERENCES organisations(id),
     name TEXT NOT NULL,
     secret TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX events_type_at ON events (type, at);`,
  // A federation admin: a duty an account holds on top of its role (see shared/domain/roles.ts).
  `ALTER TABLE staff ADD COLUMN federation INTEGER NOT NULL DEFAULT 0;`,
  // The shared plaza's events, and the students their own staff keep out of plazas.
  `CREATE TABLE plaza_events (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     host_org TEXT NOT NULL REFERENCES organisations(id),
     opened_by TEXT NOT NULL,
     orgs TEXT NOT NULL,
     starts_at INTEGER NOT NULL,
     ends_at INTEGER NOT NULL,
     opened_at INTEGER NOT NULL,
     closed_at INTEGER
   );
   CREATE INDEX plaza_events_open ON plaza_events (closed_at, opened_at);
   ALTER TABLE students ADD COLUMN plaza_kept_out INTEGER NOT NULL DEFAULT 0;`,
  // Board pictures in the store every process shares (they were files under data/board/).
  `ALTER TABLE boards ADD COLUMN image BLOB;`,
  // What waits for staff in each space (help, wishes to talk, reports, held lines), kept so that
  // a crash of the process holding the space does not lose it.
  `CREATE TABLE help_queue (
     space TEXT NOT NULL,
     id TEXT NOT NULL,
     account TEXT,
     item TEXT NOT NULL,
     at INTEGER NOT NULL,
     PRIMARY KEY (space, id)
   );`,
  // One-time welcome links: a new staff member chooses their own password (server/store/welcomeLinks.ts).
  // Only a hash of each link's token is kept. An account made with a link and not yet claimed has
  // an empty password_hash: no password exists, and none matches it.
  `CREATE TABLE welcome_links (
     token_hash TEXT PRIMARY KEY,
     staff_id TEXT NOT NULL REFERENCES staff(id),
     issued_by TEXT NOT NULL,
     issued_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     used_at INTEGER,
     replaced_at INTEGER,
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
     created_at INTEGER NOT NULL
   );
   CREATE INDEX decks_org ON decks (org_id, created_at);
   CREATE TABLE deck_pages (
     deck_id TEXT NOT NULL REFERENCES decks(id),
     page INTEGER NOT NULL,
     text TEXT NOT NULL,
     small BLOB NOT NULL,
     small_type TEXT NOT NULL,
     large BLOB NOT NULL,
     large_type TEXT NOT NULL,
     PRIMARY KEY (deck_id, page)
   );`,
  // What a teacher writes on a deck's page, kept with the page (server/store/decks.ts).
  `CREATE TABLE deck_marks (
     deck_id TEXT NOT NULL REFERENCES decks(id),
     page INTEGER NOT NULL,
     seq INTEGER NOT NULL,
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
     image BLOB NOT NULL,
     image_type TEXT NOT NULL,
     created_by TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX exhibits_org ON exhibits (org_id, created_at);`,
  // The self-study corner (server/store/selfStudy.ts): each child's sessions at a self-study desk
  // (today's goal, what they did: preset ids or their own words), and the organisation's list of
  // learning sites a child may open from a desk.
  `CREATE TABLE self_study (
     id TEXT PRIMARY KEY,
     org_id TEXT NOT NULL REFERENCES organisations(id),
     student_id TEXT NOT NULL REFERENCES students(id),
     started_at INTEGER NOT NULL,
     ended_at INTEGER,
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
     created_at INTEGER NOT NULL
   );
   CREATE INDEX study_sites_org ON study_sites (org_id, created_at);`,
  // Each organisation's timetable (server/store/timetables.ts): the plan as JSON, its version for
  // writes that must not overwrite each other, and the key of the families' iCal feed.
  `CREATE TABLE timetables (
     org_id TEXT PRIMARY KEY REFERENCES organisations(id),
     plan TEXT NOT NULL,
     feed_key TEXT NOT NULL UNIQUE,
     version INTEGER NOT NULL,
     updated_by TEXT NOT NULL
   );`,
  // Counselling and tutoring slots (server/store/bookings.ts): free, or one child's.
  `CREATE TABLE booking_slots (
     id TEXT PRIMARY KEY,
     org_id TEXT NOT NULL REFERENCES organisations(id),
     kind TEXT NOT NULL,
     starts_at INTEGER NOT NULL,
     ends_at INTEGER NOT NULL,
     student_id TEXT REFERENCES students(id),
     booked_by TEXT,
     reminded_at INTEGER,
     created_by TEXT NOT NULL,
     created_at INTEGER NOT NULL
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
     updated_at INTEGER NOT NULL
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
     bound_at INTEGER NOT NULL,
     PRIMARY KEY (org_id, kind, issuer, subject)
   );`,
  // When a child first came into their space: a welcome session lets in children on their first day.
  `ALTER TABLE students ADD COLUMN first_entered_at INTEGER;`,
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
     made_at INTEGER NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('received', 'looked_at', 'closed')),
     changed_at INTEGER NOT NULL
   );
   CREATE INDEX reports_student ON reports (student_id, made_at);`,
  // The daily check-in (server/store/checkIns.ts): one answer per child per school day (a face,
  // or 'skip'), whether each organisation offers it, and the children staff turned it off for.
  `CREATE TABLE check_ins (
     student_id TEXT NOT NULL REFERENCES students(id),
     day TEXT NOT NULL,
     org_id TEXT NOT NULL REFERENCES organisations(id),
     answer TEXT NOT NULL,
     at INTEGER NOT NULL,
     PRIMARY KEY (student_id, day)
   );
   CREATE INDEX check_ins_org ON check_ins (org_id, day);
   CREATE TABLE check_in_orgs (
     org_id TEXT PRIMARY KEY REFERENCES organisations(id),
     enabled INTEGER NOT NULL,
     updated_by TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE check_in_off (
     student_id TEXT PRIMARY KEY REFERENCES students(id),
     org_id TEXT NOT NULL REFERENCES organisations(id),
     updated_by TEXT NOT NULL,
     updated_at INTEGER NOT NULL
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
     made_at INTEGER NOT NULL,
     period_from TEXT NOT NULL,
     period_to TEXT NOT NULL,
     lang TEXT NOT NULL,
     format TEXT NOT NULL,
     link_hash TEXT UNIQUE,
     link_expires_at INTEGER,
     link_used_at INTEGER,
     link_claim TEXT,
     pdf BLOB
   );
   CREATE INDEX attendance_reports_student ON attendance_reports (student_id, made_at);
   CREATE TABLE student_school_names (
     student_id TEXT PRIMARY KEY REFERENCES students(id),
     org_id TEXT NOT NULL REFERENCES organisations(id),
     name_at_school TEXT NOT NULL,
     school TEXT NOT NULL,
     grade TEXT NOT NULL,
     changed_by TEXT NOT NULL,
     changed_at INTEGER NOT NULL
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
     since INTEGER NOT NULL,
     failures INTEGER NOT NULL DEFAULT 0,
     retry_at INTEGER,
     last_error TEXT,
     last_error_at INTEGER,
     last_sent_at INTEGER,
     withheld INTEGER NOT NULL DEFAULT 0,
     removed_at INTEGER,
     updated_by TEXT NOT NULL,
     created_at INTEGER NOT NULL
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
     claimed_until INTEGER,
     reason TEXT,
     seq INTEGER NOT NULL,
     done_at INTEGER,
     PRIMARY KEY (endpoint_id, statement_id)
   );
   CREATE INDEX lrs_outbox_waiting ON lrs_outbox (endpoint_id, state, seq);
   CREATE INDEX lrs_outbox_person ON lrs_outbox (org_id, person_id);`,
];

export function openDatabase(file: string): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  // A child erased on a guardian's request is gone from the file, not only from its tables.
  db.pragma("secure_delete = ON");
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
