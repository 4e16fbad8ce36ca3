import type { Directory, StaffAccount, Student } from "../store/directory.ts";
import { SESSION_COOKIE, readCookie } from "../http/cookies.ts";
import type { Sessions } from "./sessions.ts";

export interface SignedIn {
  staff: StaffAccount | null;
  student: Student | null;
  /** The mark of the code a child's sign-in was made with (none for a school sign-in). */
  codeMark?: string;
}

/**
 * Whoever a sign-in cookie speaks for now: a staff member, a student, or nobody. The one place a
 * request (server/http/guard.ts, /me) and a join (identify.ts) learn it.
 *
 * A child who came in with their access code stays signed in only while that code is theirs: a
 * code replaced or taken back ends the sign-in at the next request or join. The staff page ends
 * it at once as well (signOut.ts); the CLI (`npm run admin -- reissue-code`) cannot reach a
 * running server's sign-ins, and this is what makes a lost card's holder lose their way in there
 * too. Whether the child is blocked is for the caller to judge (an audit still names them).
 */
export async function signedIn(deps: { sessions: Sessions; directory: Directory }, cookieHeader: string | null | undefined): Promise<SignedIn> {
  const principal = await deps.sessions.get(readCookie(cookieHeader, SESSION_COOKIE));
  if (principal?.kind === "staff") return { staff: await deps.directory.staff(principal.staffId), student: null };
  if (principal?.kind !== "student") return { staff: null, student: null };
  const found = await deps.directory.studentWithMark(principal.studentId);
  if (!found) return { staff: null, student: null };
  if (principal.codeMark === undefined) return { staff: null, student: found.student };
  if (principal.codeMark !== found.codeMark) return { staff: null, student: null };
  return { staff: null, student: found.student, codeMark: principal.codeMark };
}

/**
 * Whether a child who joined is still let in, for a dropped link coming back to its kept seat
 * (which brings no cookie): not blocked, a code still theirs, and the code they came in with.
 */
export async function mayStillCome(directory: Directory, identity: { accountId: string; codeMark?: string }): Promise<boolean> {
  const found = await directory.studentWithMark(identity.accountId);
  if (!found || found.student.blocked || !found.student.hasCode) return false;
  return identity.codeMark === undefined || identity.codeMark === found.codeMark;
}
