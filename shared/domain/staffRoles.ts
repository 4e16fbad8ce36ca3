/**
 * The staff roles' names, apart from the capability table (roles.ts, which re-exports them): the
 * door's answer (shared/protocol/door.ts) names a staff member's role, and a student's page reads
 * that answer. Kept here so the student's first visit carries the names, not the whole table of
 * who may do what, which only the server and the staff page use.
 */
export const STAFF_ROLES = ["counsellor", "researcher", "admin"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
