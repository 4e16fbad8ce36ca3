import { z } from "zod/mini";
import { ROSTER, ROSTER_FILES, ROSTER_LEFT_OUT, ROSTER_PROBLEMS } from "../domain/roster.ts";

/**
 * Rosters over HTTP (issue 18): an admin sends an export's files (their text) and gets a preview;
 * then sends the same files again with the preview's digest to apply them. The server reads and
 * checks the files both times: the preview is never trusted. Read only by the staff page.
 */
const FileText = z.string().check(z.maxLength(ROSTER.maxFileChars + 1));
export const RosterFiles = z.strictObject({
  "manifest.csv": z.optional(FileText),
  "orgs.csv": z.optional(FileText),
  "users.csv": z.optional(FileText),
  "roles.csv": z.optional(FileText),
});
export const RosterBody = z.strictObject({
  files: RosterFiles,
  /** The file's organisation (orgs.csv sourcedId) that is this one; remembered after the first import. */
  org: z.optional(z.string().check(z.minLength(1), z.maxLength(255))),
  /** "Keep names as a staff-only note": students' names and kana go into their note, nowhere else. */
  keepNames: z.boolean(),
  /** What a person is shown as, chosen in the preview: a student's nickname, a staff member's display name. By sourcedId. */
  shownAs: z.record(z.string().check(z.maxLength(255)), z.string().check(z.maxLength(200))).check(z.refine((m) => Object.keys(m).length <= ROSTER.maxShownAs, "too many")),
});
export type RosterBody = z.infer<typeof RosterBody>;
export const RosterApplyBody = z.strictObject({ ...RosterBody.shape, digest: z.string().check(z.minLength(1), z.maxLength(100)) });

const Kind = z.enum(["student", "counsellor", "admin"]);
/** A person of the file as the preview lists them. `name` is the file's name, shown to the admin only, never stored unless kept as a note. */
const Person = { line: z.number(), sourcedId: z.string(), kind: Kind, shownAs: z.string(), name: z.string(), username: z.nullable(z.string()) };
export const RosterIssue = z.object({ file: z.enum(ROSTER_FILES), line: z.nullable(z.number()), problem: z.enum(ROSTER_PROBLEMS), column: z.optional(z.string()), value: z.optional(z.string()) });
export type RosterIssue = z.infer<typeof RosterIssue>;
export const RosterChange = z.object({ field: z.enum(["role", "nickname", "displayName", "note"]), from: z.string(), to: z.string() });
export const RosterPreview = z.object({
  orgs: z.array(z.object({ sourcedId: z.string(), name: z.string(), type: z.string() })),
  org: z.nullable(z.string()),
  add: z.array(z.object(Person)),
  change: z.array(z.object({ ...Person, changes: z.array(RosterChange) })),
  same: z.array(z.object(Person)),
  leftOut: z.array(z.object({ line: z.number(), sourcedId: z.string(), name: z.string(), reason: z.enum(ROSTER_LEFT_OUT) })),
  issues: z.array(RosterIssue),
  /** What apply checks it is about to do what the admin saw. */
  digest: z.string(),
});
export type RosterPreview = z.infer<typeof RosterPreview>;

/** Apply's answer: done, with the new students' codes and new staff's welcome links (shown once); or not, with why (a fresh preview). */
export const RosterApplied = z.union([
  z.object({
    applied: z.literal(true),
    counts: z.object({ added: z.number(), changed: z.number(), same: z.number(), leftOut: z.number() }),
    codes: z.array(z.object({ nickname: z.string(), code: z.string() })),
    links: z.array(z.object({ displayName: z.string(), username: z.string(), url: z.string(), expiresAt: z.number() })),
  }),
  z.object({ applied: z.literal(false), reason: z.enum(["issues", "changed"]), preview: RosterPreview }),
]);
export type RosterApplied = z.infer<typeof RosterApplied>;
