import { createHash } from "node:crypto";
import { LIMITS } from "../../shared/domain/limits.ts";
import { ROLE_MAP, type RosterKind, type RosterLeftOut } from "../../shared/domain/roster.ts";
import { normaliseText } from "../../shared/domain/text.ts";
import type { RosterBody, RosterPreview } from "../../shared/protocol/roster.ts";
import type { ParsedRoster, RosterIssue, RosterUser } from "./parse.ts";

/** Who of this organisation came from a roster before (by sourcedId), and what else the plan must respect. */
export interface RosterSnapshot {
  /** The file's organisation this one was linked to by its first import, if any. */
  linkedOrg: string | null;
  students: Array<{ id: string; rosterId: string; nickname: string; note: string }>;
  staff: Array<{ id: string; rosterId: string; username: string; displayName: string; role: RosterKind }>;
  /** Every staff user name of the installation, lower case (they are unique whatever their case). */
  usernames: Set<string>;
  /** How many students the organisation has, to number placeholder nicknames after them. */
  studentCount: number;
}

/** A person the import will add, with what apply writes (never the file's names, unless kept as a note). */
export interface PlannedPerson {
  line: number;
  sourcedId: string;
  kind: RosterKind;
  shownAs: string;
  /** The file's name: for the admin's eyes in the preview. */
  name: string;
  username: string | null;
  /** The staff-only note to write (students, when names are kept), else null: leave the note as it is. */
  note: string | null;
  /** The existing account, for a change. */
  id?: string;
}
export interface RosterPlan {
  preview: RosterPreview;
  add: PlannedPerson[];
  change: PlannedPerson[];
}

const STAFF_USERNAME = /^[a-zA-Z0-9._-]{3,40}$/;
const DISPLAY_NAME_MAX = 40;

/**
 * What importing the files would do in this organisation: who is added, who changes and how, who
 * stays as they are, who is left out and why, and every problem. Pure: the same files and the same
 * store give the same plan, so apply can recompute it and compare digests with the preview.
 */
export function planRoster(parsed: ParsedRoster, body: Pick<RosterBody, "org" | "keepNames" | "shownAs">, store: RosterSnapshot, importer: string | null = null): RosterPlan {
  const issues: RosterIssue[] = [...parsed.issues];
  const org = chooseOrg(parsed, body.org, store.linkedOrg, issues);
  const preview: RosterPreview = { orgs: parsed.orgs.map(({ sourcedId, name, type }) => ({ sourcedId, name, type })), org, add: [], change: [], same: [], leftOut: [], issues, digest: "" };
  const add: PlannedPerson[] = [];
  const change: PlannedPerson[] = [];
  if (org === null) return finish(preview, add, change);

  const students = new Map(store.students.map((s) => [s.rosterId, s]));
  const staff = new Map(store.staff.map((s) => [s.rosterId, s]));
  const usernamesInFile = new Set<string>();
  let placeholder = store.studentCount;
  for (const user of parsed.users) {
    const name = realName(user);
    const roles = parsed.roles.filter((r) => r.userSourcedId === user.sourcedId && r.status !== "tobedeleted");
    const here = roles.filter((r) => r.orgSourcedId === org);
    // Another school's children are not this admin's to see by name, even if the file holds them.
    const leaveOut = (reason: RosterLeftOut) => preview.leftOut.push({ line: user.line, sourcedId: user.sourcedId, name: reason === "other_org" ? "" : name, reason });
    if (here.length === 0) {
      leaveOut(roles.length > 0 ? "other_org" : "no_role");
      continue;
    }
    const kinds = new Set(here.map((r) => ROLE_MAP[r.role]).filter((k): k is RosterKind => k !== null));
    if (kinds.size === 0) {
      leaveOut("family");
      continue;
    }
    if (user.status === "tobedeleted" || !user.enabled) {
      leaveOut("disabled");
      continue;
    }
    if (kinds.has("student") && kinds.size > 1) {
      issues.push({ file: "users.csv", line: user.line, problem: "two_kinds", column: "sourcedId", value: user.sourcedId });
      continue;
    }
    const wanted = body.shownAs[user.sourcedId];
    if (kinds.has("student")) {
      const existing = students.get(user.sourcedId);
      const nickname = wanted === undefined ? (existing?.nickname ?? `なかま${++placeholder}`) : checkShownAs(wanted, LIMITS.nicknameMaxChars, user, issues);
      const note = body.keepNames ? noteOf(user) : null;
      const person: PlannedPerson = { line: user.line, sourcedId: user.sourcedId, kind: "student", shownAs: nickname, name, username: null, note };
      if (!existing) {
        add.push(person);
        continue;
      }
      const changes = [
        ...(nickname !== existing.nickname ? [{ field: "nickname" as const, from: existing.nickname, to: nickname }] : []),
        ...(note !== null && note !== existing.note ? [{ field: "note" as const, from: existing.note, to: note }] : []),
      ];
      sort(preview, change, { ...person, id: existing.id }, changes);
      continue;
    }
    const existing = staff.get(user.sourcedId);
    // The admin importing is never made a counsellor by their own import: they would lose the page they are on.
    const role: RosterKind = kinds.has("admin") || (existing?.id === importer && existing.role === "admin") ? "admin" : "counsellor";
    const displayName = wanted === undefined ? (existing?.displayName ?? defaultDisplayName(user)) : checkShownAs(wanted, DISPLAY_NAME_MAX, null, issues, user.line);
    if (existing) {
      const changes = [
        ...(role !== existing.role ? [{ field: "role" as const, from: existing.role, to: role }] : []),
        ...(displayName !== existing.displayName ? [{ field: "displayName" as const, from: existing.displayName, to: displayName }] : []),
      ];
      sort(preview, change, { line: user.line, sourcedId: user.sourcedId, kind: role, shownAs: displayName, name, username: existing.username, note: null, id: existing.id }, changes);
      continue;
    }
    // A OneRoster username is often an e-mail address: its local part is the Hidamari user name.
    const username = user.username.split("@")[0] ?? "";
    if (!STAFF_USERNAME.test(username)) {
      issues.push({ file: "users.csv", line: user.line, problem: "bad_username", column: "username", value: user.username });
      continue;
    }
    if (store.usernames.has(username.toLowerCase()) || usernamesInFile.has(username.toLowerCase())) {
      issues.push({ file: "users.csv", line: user.line, problem: "username_taken", column: "username", value: username });
      continue;
    }
    usernamesInFile.add(username.toLowerCase());
    add.push({ line: user.line, sourcedId: user.sourcedId, kind: role, shownAs: displayName, name, username, note: null });
  }
  return finish(preview, add, change);
}

/** The organisation of the file that is this one: asked for, remembered, or the only one (or only school) the file has. */
function chooseOrg(parsed: ParsedRoster, asked: string | undefined, linked: string | null, issues: RosterIssue[]): string | null {
  const schools = parsed.orgs.filter((o) => o.type === "school");
  const chosen = asked ?? linked ?? (parsed.orgs.length === 1 ? parsed.orgs[0]?.sourcedId : schools.length === 1 ? schools[0]?.sourcedId : undefined) ?? null;
  if (parsed.orgs.length === 0) return null;
  if (chosen === null) {
    issues.push({ file: "orgs.csv", line: null, problem: "choose_org" });
    return null;
  }
  if (!parsed.orgs.some((o) => o.sourcedId === chosen)) {
    issues.push({ file: "orgs.csv", line: null, problem: "org_not_in_file", column: "sourcedId", value: chosen });
    return null;
  }
  // Once linked, another school's file would mix two schools' children under one roof.
  if (linked !== null && chosen !== linked) {
    issues.push({ file: "orgs.csv", line: null, problem: "org_linked_elsewhere", column: "sourcedId", value: linked });
    return null;
  }
  return chosen;
}

/** Into changes, or into "stays as it is" when nothing differs. */
function sort(preview: RosterPreview, change: PlannedPerson[], person: PlannedPerson, changes: RosterPreview["change"][number]["changes"]): void {
  const shown = { line: person.line, sourcedId: person.sourcedId, kind: person.kind, shownAs: person.shownAs, name: person.name, username: person.username };
  if (changes.length === 0) {
    preview.same.push(shown);
    return;
  }
  preview.change.push({ ...shown, changes });
  change.push(person);
}

/**
 * A name typed in the preview, normalised as every nickname is. A student's nickname must not be
 * (or contain) their name or its reading from the file: a nickname is what other children see.
 * A refused name is still given back (the person stays listed with it, for the admin to change
 * it there); the problem it adds keeps the import from being applied.
 */
function checkShownAs(raw: string, max: number, student: RosterUser | null, issues: RosterIssue[], line = student?.line ?? 0): string {
  const value = normaliseText(raw, max * 8);
  if (value.length === 0 || Array.from(value).length > max) issues.push({ file: "users.csv", line, problem: "shown_as_invalid", value: raw.slice(0, 40) });
  else if (student && looksLikeRealName(value, student)) issues.push({ file: "users.csv", line, problem: "shown_as_real_name" });
  return value.slice(0, 200);
}

export function looksLikeRealName(nickname: string, user: RosterUser): boolean {
  const plain = (s: string) => s.normalize("NFKC").replace(/[\s・･]/g, "").toLowerCase();
  const nick = plain(nickname);
  const parts = [user.givenName, user.familyName, user.middleName, user.preferredGivenName, user.preferredFamilyName, ...user.kana].map(plain).filter(Boolean);
  // A one-character given name (翔) is matched whole only: as a part it would refuse half the dictionary.
  return parts.some((p) => nick === p || (p.length >= 2 && nick.includes(p))) || nick.includes(plain(user.familyName + user.givenName));
}

function realName(user: RosterUser): string {
  return [user.familyName, user.middleName, user.givenName].filter(Boolean).join(" ");
}

/** The staff-only note a kept name becomes: the name, and its reading when the file has one. */
function noteOf(user: RosterUser): string {
  const kana = user.kana.join(" ");
  return kana ? `${realName(user)}（${kana}）` : realName(user);
}

/** How children address a member of staff: by family name, as at school (the admin may change it in the preview). */
function defaultDisplayName(user: RosterUser): string {
  return normaliseText(`${user.preferredFamilyName || user.familyName}先生`, DISPLAY_NAME_MAX);
}

function finish(preview: RosterPreview, add: PlannedPerson[], change: PlannedPerson[]): RosterPlan {
  for (const p of add) preview.add.push({ line: p.line, sourcedId: p.sourcedId, kind: p.kind, shownAs: p.shownAs, name: p.name, username: p.username });
  preview.issues.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
  const what = { org: preview.org, add: preview.add, change: preview.change, issues: preview.issues.length };
  preview.digest = createHash("sha256").update(JSON.stringify(what)).digest("base64url");
  return { preview, add, change };
}
