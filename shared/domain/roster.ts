/**
 * Rosters (issue 18): what an admin may import from a OneRoster 1.2 CSV export (Japan Profile), and
 * how its roles become Hidamari's. Pure data, read by the server (which decides) and the staff
 * page (which words it); never by the student's page.
 */
export const ROSTER = {
  /** Characters in one file's text: a school of a thousand people is ~400 KB in users.csv. */
  maxFileChars: 1_000_000,
  /** Records in one file, the header not counted. */
  maxRows: 3000,
  /** People shown a name of their own choosing in one import (the nicknames and staff names typed in the preview). */
  maxShownAs: 3000,
} as const;

/** The files of an export the import reads; the others (classes.csv, enrollments.csv, …) it does not need. */
export const ROSTER_FILES = ["manifest.csv", "orgs.csv", "users.csv", "roles.csv"] as const;
export type RosterFile = (typeof ROSTER_FILES)[number];

/** roles.csv `role` (OneRoster 1.2 RoleEnum; the Japan Profile uses a subset of it). */
export const ONE_ROSTER_ROLES = [
  "aide",
  "counselor",
  "districtAdministrator",
  "guardian",
  "parent",
  "principal",
  "proctor",
  "relative",
  "siteAdministrator",
  "student",
  "systemAdministrator",
  "teacher",
] as const;
export type OneRosterRole = (typeof ONE_ROSTER_ROLES)[number];

/** What a person becomes in Hidamari. */
export type RosterKind = "student" | "counsellor" | "admin";

/**
 * Teachers and the school's other adults who work with children host the space (counsellor: they
 * greet, talk, register students, but run no accounts). Only the file's administrators run the
 * organisation (admin: staff accounts, audit, purge): a principal is not one by default, because
 * admin rights over children's data should be given on purpose, not by a job title. Families
 * (guardian, parent, relative) get no account: Hidamari has none for them.
 */
export const ROLE_MAP: Record<OneRosterRole, RosterKind | null> = {
  student: "student",
  teacher: "counsellor",
  counselor: "counsellor",
  aide: "counsellor",
  proctor: "counsellor",
  principal: "counsellor",
  siteAdministrator: "admin",
  districtAdministrator: "admin",
  systemAdministrator: "admin",
  guardian: null,
  parent: null,
  relative: null,
};

/** Why a line cannot be imported; the staff page words each (client/staff/dictionary.ts). */
export const ROSTER_PROBLEMS = [
  "missing_file",
  "empty_file",
  "not_utf8",
  "file_too_large",
  "too_many_rows",
  "bad_csv",
  "column_count",
  "missing_column",
  "required",
  "bad_value",
  "duplicate_id",
  "unknown_user",
  "unknown_org",
  "bad_manifest",
  "bad_username",
  "username_taken",
  "two_kinds",
  "shown_as_invalid",
  "shown_as_real_name",
  "org_not_in_file",
  "org_linked_elsewhere",
  "choose_org",
] as const;
export type RosterProblem = (typeof ROSTER_PROBLEMS)[number];

/** Why a person in the file is left out (not an error: nothing is wrong with the line). */
export const ROSTER_LEFT_OUT = ["other_org", "family", "disabled", "no_role"] as const;
export type RosterLeftOut = (typeof ROSTER_LEFT_OUT)[number];
