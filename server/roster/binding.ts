import type { RosterFile } from "../../shared/domain/roster.ts";

/**
 * The columns of the OneRoster 1.2 CSV binding the import reads, as the Japan Profile (学習eポータル
 * 標準モデル, OneRoster Japan Profile 1.2) writes them: names are case-sensitive, every file starts
 * with a header row, the Japan Profile's extra columns are `metadata.jp.*`. A file must have the
 * columns listed here (in any order); columns the import does not read (email, grades, …, and any
 * extension) are ignored, so no more personal data passes through the server than it needs.
 */
export const COLUMNS = {
  "manifest.csv": ["propertyName", "value"],
  "orgs.csv": ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"],
  "users.csv": ["sourcedId", "status", "dateLastModified", "enabledUser", "username", "givenName", "familyName", "middleName", "preferredGivenName", "preferredFamilyName"],
  "roles.csv": ["sourcedId", "status", "dateLastModified", "userSourcedId", "roleType", "role", "beginDate", "endDate", "orgSourcedId"],
} as const satisfies Record<RosterFile, readonly string[]>;

/** Read when present: the Japan Profile's readings (kana) of a person's names. */
export const KANA_COLUMNS = ["metadata.jp.kanaFamilyName", "metadata.jp.kanaGivenName", "metadata.jp.kanaMiddleName"] as const;

/** Values that must not be empty, per file (the binding's required fields among the columns read). */
export const REQUIRED = {
  "manifest.csv": ["propertyName"],
  "orgs.csv": ["sourcedId", "name", "type"],
  "users.csv": ["sourcedId", "enabledUser", "username", "givenName", "familyName"],
  "roles.csv": ["sourcedId", "userSourcedId", "roleType", "role", "orgSourcedId"],
} as const satisfies { [F in RosterFile]: ReadonlyArray<(typeof COLUMNS)[F][number]> };

/** OrgTypeEnum of OneRoster 1.2 (the Japan Profile uses district and school). */
export const ORG_TYPES = ["department", "school", "district", "local", "state", "national"] as const;
/** StatusTypeEnum: empty in a bulk file, `active` or `tobedeleted` in a delta file. */
export const STATUSES = ["", "active", "tobedeleted"] as const;
export const ROLE_TYPES = ["primary", "secondary"] as const;
export const BOOLEANS = ["true", "false"] as const;
/** manifest.csv's file.* values. */
export const PROCESSING_MODES = ["absent", "bulk", "delta"] as const;
