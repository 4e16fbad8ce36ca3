import { CsvError, parse } from "csv-parse/sync";
import { ONE_ROSTER_ROLES, type OneRosterRole, ROSTER, type RosterFile, type RosterProblem } from "../../shared/domain/roster.ts";
import { BOOLEANS, COLUMNS, KANA_COLUMNS, ORG_TYPES, PROCESSING_MODES, REQUIRED, ROLE_TYPES, STATUSES } from "./binding.ts";

/** One thing wrong, where: the file, its line (the header is line 1; null for the whole file), the column and value at fault. */
export interface RosterIssue {
  file: RosterFile;
  line: number | null;
  problem: RosterProblem;
  column?: string;
  value?: string;
}

export interface RosterOrg {
  line: number;
  sourcedId: string;
  name: string;
  type: string;
}
export interface RosterUser {
  line: number;
  sourcedId: string;
  status: string;
  enabled: boolean;
  username: string;
  givenName: string;
  familyName: string;
  middleName: string;
  preferredGivenName: string;
  preferredFamilyName: string;
  kana: string[];
}
export interface RosterRole {
  line: number;
  sourcedId: string;
  status: string;
  userSourcedId: string;
  orgSourcedId: string;
  roleType: string;
  role: OneRosterRole;
}
export interface ParsedRoster {
  orgs: RosterOrg[];
  users: RosterUser[];
  roles: RosterRole[];
  issues: RosterIssue[];
}

type Row = { line: number; get(column: string): string };

/**
 * Reads an export's files (their text, as the admin's browser read them) into rows the import can
 * plan with, and says what is wrong with each line: a missing or mistyped column, a value outside
 * the binding's enumerations, a sourcedId used twice, a role pointing at a person or organisation
 * the files do not have. A line with a problem is not read; the rest are.
 */
export function parseRoster(files: Partial<Record<RosterFile, string>>): ParsedRoster {
  const issues: RosterIssue[] = [];
  const rowsOf = (file: RosterFile, optional = false) => {
    const text = files[file];
    if (text === undefined) {
      if (!optional) issues.push({ file, line: null, problem: "missing_file" });
      return [];
    }
    return readRows(file, text, issues);
  };
  checkManifest(rowsOf("manifest.csv", true), issues);

  const orgs: RosterOrg[] = [];
  const orgLines = new Map<string, number>();
  for (const row of rowsOf("orgs.csv")) {
    if (!unique("orgs.csv", row, orgLines, issues) || !lineOk("orgs.csv", row, issues)) continue;
    if (!oneOf("orgs.csv", row, "type", ORG_TYPES, issues) || !oneOf("orgs.csv", row, "status", STATUSES, issues)) continue;
    orgs.push({ line: row.line, sourcedId: row.get("sourcedId"), name: row.get("name"), type: row.get("type") });
  }

  const users: RosterUser[] = [];
  const userLines = new Map<string, number>();
  for (const row of rowsOf("users.csv")) {
    if (!unique("users.csv", row, userLines, issues) || !lineOk("users.csv", row, issues)) continue;
    if (!oneOf("users.csv", row, "enabledUser", BOOLEANS, issues) || !oneOf("users.csv", row, "status", STATUSES, issues)) continue;
    users.push({
      line: row.line,
      sourcedId: row.get("sourcedId"),
      status: row.get("status"),
      enabled: row.get("enabledUser") === "true",
      username: row.get("username"),
      givenName: row.get("givenName"),
      familyName: row.get("familyName"),
      middleName: row.get("middleName"),
      preferredGivenName: row.get("preferredGivenName"),
      preferredFamilyName: row.get("preferredFamilyName"),
      kana: KANA_COLUMNS.map((c) => row.get(c)).filter(Boolean),
    });
  }

  const roles: RosterRole[] = [];
  const roleLines = new Map<string, number>();
  const userIds = new Set(users.map((u) => u.sourcedId));
  const orgIds = new Set(orgs.map((o) => o.sourcedId));
  for (const row of rowsOf("roles.csv")) {
    if (!unique("roles.csv", row, roleLines, issues) || !lineOk("roles.csv", row, issues)) continue;
    if (!oneOf("roles.csv", row, "role", ONE_ROSTER_ROLES, issues) || !oneOf("roles.csv", row, "roleType", ROLE_TYPES, issues) || !oneOf("roles.csv", row, "status", STATUSES, issues)) continue;
    const user = row.get("userSourcedId");
    const org = row.get("orgSourcedId");
    // A line a user's own line had a problem with is not "unknown": its problem is told once, on its own line.
    if (!userIds.has(user) && !userLines.has(user)) {
      issues.push({ file: "roles.csv", line: row.line, problem: "unknown_user", column: "userSourcedId", value: user });
      continue;
    }
    if (!orgIds.has(org) && !orgLines.has(org)) {
      issues.push({ file: "roles.csv", line: row.line, problem: "unknown_org", column: "orgSourcedId", value: org });
      continue;
    }
    if (!userIds.has(user) || !orgIds.has(org)) continue;
    roles.push({ line: row.line, sourcedId: row.get("sourcedId"), status: row.get("status"), userSourcedId: user, orgSourcedId: org, roleType: row.get("roleType"), role: row.get("role") as OneRosterRole });
  }
  return { orgs, users, roles, issues };
}

/** The file's records with their line numbers, or none with the reason when the file cannot be read as the binding's CSV. */
function readRows(file: RosterFile, text: string, issues: RosterIssue[]): Row[] {
  if (text.length > ROSTER.maxFileChars) {
    issues.push({ file, line: null, problem: "file_too_large" });
    return [];
  }
  // A file in Shift_JIS (what spreadsheet software in Japan often saves) decodes as UTF-8 into
  // replacement characters: say so rather than import garbled names.
  if (text.includes("\uFFFD")) {
    issues.push({ file, line: null, problem: "not_utf8" });
    return [];
  }
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // The binding's files are UTF-8 with a BOM and CRLF line ends; a file without the BOM or with LF alone is read the same.
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    issues.push({ file, line: (error as CsvError & { lines?: number }).lines ?? null, problem: "bad_csv", value: error.code });
    return [];
  }
  const [header, ...body] = records;
  if (!header) {
    issues.push({ file, line: null, problem: "empty_file" });
    return [];
  }
  const names = header.record.map((h) => h.trim());
  const missing = COLUMNS[file].filter((c) => !names.includes(c));
  if (missing.length > 0) {
    for (const column of missing) issues.push({ file, line: 1, problem: "missing_column", column });
    return [];
  }
  if (body.length > ROSTER.maxRows) {
    issues.push({ file, line: null, problem: "too_many_rows", value: String(body.length) });
    return [];
  }
  const index = new Map(names.map((n, i) => [n, i]));
  const rows: Row[] = [];
  for (const { record, info } of body) {
    if (record.length !== names.length) {
      issues.push({ file, line: info.lines, problem: "column_count", value: `${record.length}/${names.length}` });
      continue;
    }
    rows.push({ line: info.lines, get: (column) => (index.has(column) ? (record[index.get(column) as number] ?? "").trim() : "") });
  }
  return rows;
}

/** Every required value there; otherwise each missing one is told. */
function lineOk(file: Exclude<RosterFile, "manifest.csv">, row: Row, issues: RosterIssue[]): boolean {
  const empty = (REQUIRED[file] as readonly string[]).filter((c) => row.get(c) === "");
  for (const column of empty) issues.push({ file, line: row.line, problem: "required", column });
  const date = row.get("dateLastModified");
  if (date !== "" && !ISO_DATE_TIME.test(date)) {
    issues.push({ file, line: row.line, problem: "bad_value", column: "dateLastModified", value: date });
    return false;
  }
  return empty.length === 0;
}

/** A sourcedId is each record's identity: the same one twice in a file is an error on the second line. */
function unique(file: RosterFile, row: Row, seen: Map<string, number>, issues: RosterIssue[]): boolean {
  const id = row.get("sourcedId");
  if (id === "") return true; // told as a missing value
  const first = seen.get(id);
  if (first !== undefined) {
    issues.push({ file, line: row.line, problem: "duplicate_id", column: "sourcedId", value: `${id} (${first})` });
    return false;
  }
  seen.set(id, row.line);
  return true;
}

function oneOf(file: RosterFile, row: Row, column: string, allowed: readonly string[], issues: RosterIssue[]): boolean {
  const value = row.get(column);
  if (allowed.includes(value)) return true;
  issues.push({ file, line: row.line, problem: "bad_value", column, value });
  return false;
}

/** manifest.csv is optional here; when given, it must say OneRoster 1.2 and carry the three files the import reads. */
function checkManifest(rows: Row[], issues: RosterIssue[]): void {
  if (rows.length === 0) return;
  const properties = new Map(rows.map((r) => [r.get("propertyName"), { value: r.get("value"), line: r.line }]));
  const expect = (name: string, ok: (value: string) => boolean) => {
    const got = properties.get(name);
    if (!got || !ok(got.value)) issues.push({ file: "manifest.csv", line: got?.line ?? null, problem: "bad_manifest", column: name, value: got?.value ?? "" });
  };
  expect("manifest.version", (v) => v === "1.0");
  expect("oneroster.version", (v) => /^1\.2(\.\d+)?$/.test(v));
  for (const name of ["file.orgs", "file.users", "file.roles"]) expect(name, (v) => v !== "absent" && (PROCESSING_MODES as readonly string[]).includes(v));
}

/** ISO 8601 date-time as the binding writes dateLastModified (2026-04-01T09:00:00.000Z, with or without fractions or offset). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
