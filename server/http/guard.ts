import type { NextFunction, Request, Response } from "express";
import { z } from "zod";
import { type Capability, type FederationCapability, can, canFederate } from "../../shared/domain/roles.ts";
import type { HttpError } from "../../shared/protocol/http.ts";
import type { Sessions } from "../auth/sessions.ts";
import { type SignedIn, signedIn } from "../auth/signedIn.ts";
import type { AuditLog } from "../store/audit.ts";
import type { Directory, StaffAccount, Student } from "../store/directory.ts";

export function fail(res: Response, status: number, error: HttpError, extra: Record<string, unknown> = {}): void {
  res.status(status).json({ error, ...extra });
}

/** A body checked against its schema, or a 400 that says what was wrong. */
export function body<S extends z.core.$ZodType>(schema: S, req: Request, res: Response): z.output<S> | null {
  const parsed = z.safeParse(schema, req.body ?? {});
  if (!parsed.success) {
    fail(res, 400, "invalid_request", { issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) });
    return null;
  }
  return parsed.data;
}

/**
 * Cross-site request protection for state-changing requests: the session cookie is SameSite=Strict,
 * and on top of that a request must be JSON (which a cross-site form cannot send without a
 * preflight) and, when the browser says where it comes from, come from this site.
 */
export function sameSiteOnly(req: Request, res: Response, next: NextFunction): void {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  const origin = req.get("origin");
  const jsonBody = typeof req.is("application/json") === "string";
  if (!jsonBody || (origin !== undefined && hostOf(origin) !== req.get("host"))) return fail(res, 403, "cross_site");
  next();
}

/** The host of an Origin header; "null" (sandboxed frames, some redirects) and garbage have none. */
function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

export interface GuardDeps {
  sessions: Sessions;
  directory: Directory;
  audit: AuditLog;
}

/** The organisation of whoever is signed in on this request (a student or staff), or null. */
export async function orgOfRequest(deps: GuardDeps, req: Request): Promise<string | null> {
  const { staff, student } = await principalOf(deps, req);
  return staff?.orgId ?? student?.orgId ?? null;
}

/**
 * The student the request's `:id` names, if they are of the staff member's organisation; otherwise
 * answers 404 and returns null. Another organisation's child is not found, as one that does not exist.
 */
export async function ownStudent(deps: Pick<GuardDeps, "directory">, req: Request, res: Response, orgId: string): Promise<Student | null> {
  const student = await deps.directory.student(String(req.params.id));
  if (!student || student.orgId !== orgId) {
    fail(res, 404, "not_found");
    return null;
  }
  return student;
}

/** The staff member behind a request if their role has the capability; otherwise refuses and audits. */
export function staffWith(deps: GuardDeps, capability: Capability, req: Request, res: Response): Promise<StaffAccount | null> {
  return staffWho(deps, (staff) => can(staff.role, capability), req, res);
}

/** The staff member behind a request if they hold the federation admin's duty for it; otherwise refuses and audits. */
export function federationWith(deps: GuardDeps, capability: FederationCapability, req: Request, res: Response): Promise<StaffAccount | null> {
  return staffWho(deps, (staff) => canFederate(staff, capability), req, res);
}

/**
 * The student behind a request if students may do this (a child's own things: their self-study
 * history); otherwise refuses and audits as staffWho does. A blocked child is not let in.
 */
export async function studentWith(deps: GuardDeps, capability: Capability, req: Request, res: Response): Promise<Student | null> {
  const who = await principalOf(deps, req);
  if (who.student && !who.student.blocked && can("student", capability)) return who.student;
  await refuse(deps, req, res, who);
  return null;
}

/** The staff member behind a request if `allowed` says yes; otherwise refuses and audits. */
export async function staffWho(deps: GuardDeps, allowed: (staff: StaffAccount) => boolean, req: Request, res: Response): Promise<StaffAccount | null> {
  const who = await principalOf(deps, req);
  if (who.staff && allowed(who.staff)) return who.staff;
  await refuse(deps, req, res, who);
  return null;
}

/**
 * A staff member's act, done, in their organisation's audit log: every change staff make is
 * written here as it is made (a refusal is written by the guards above).
 */
export function staffDid(deps: Pick<GuardDeps, "audit">, staff: StaffAccount, action: string, target: string | null, detail?: Record<string, unknown>): Promise<void> {
  return deps.audit.record({ orgId: staff.orgId, actorId: staff.id, actorRole: staff.role, action, target, outcome: "done", ...(detail ? { detail } : {}) });
}

/** Whoever is signed in on a request: a staff member, a student, or nobody. */
export function principalOf(deps: GuardDeps, req: Request): Promise<SignedIn> {
  return signedIn(deps, req.get("cookie"));
}

/** A refusal, audited with who asked and the route (not the address typed): 401 for nobody, 403 for anyone else. */
async function refuse(deps: GuardDeps, req: Request, res: Response, { staff, student }: { staff: StaffAccount | null; student: Student | null }): Promise<void> {
  await deps.audit.record({
    orgId: staff?.orgId ?? student?.orgId ?? null,
    actorId: staff?.id ?? student?.id ?? null,
    actorRole: staff?.role ?? (student ? "student" : "anonymous"),
    action: `${req.method} ${req.baseUrl.replace(/^\/api/, "")}${req.route?.path ?? req.path}`,
    target: null,
    outcome: "denied",
  });
  if (!staff && !student) fail(res, 401, "not_signed_in");
  else fail(res, 403, "not_allowed");
}
