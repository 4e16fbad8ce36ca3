import express, { type NextFunction, type Request, type Response } from "express";
import { EnterBody, type Me, SetupBody, SignInBody } from "../../shared/protocol/http.ts";
import type { Presence } from "@colyseus/core";
import type { Sessions } from "../auth/sessions.ts";
import type { SetupToken } from "../auth/setupToken.ts";
import type { WordFilter } from "../moderation/wordFilter.ts";
import type { SpaceRegistry } from "../rooms/registry.ts";
import type { AuditLog } from "../store/audit.ts";
import type { Boards } from "../store/boards.ts";
import type { Directory, Student } from "../store/directory.ts";
import type { WelcomeLinks } from "../store/welcomeLinks.ts";
import type { Logger } from "../log.ts";
import type { Studies } from "../research/studies.ts";
import type { SessionLog } from "../store/SessionLog.ts";
import { SESSION_COOKIE, clearedSessionCookie, readCookie, sessionCookie } from "./cookies.ts";
import { body, fail, principalOf, sameSiteOnly, staffDid } from "./guard.ts";
import { federationRouter } from "./federation.ts";
import { staffAccountRoutes, staffMe } from "./staffAccounts.ts";
import { plazaRouter } from "./plaza.ts";
import { deckRoutes } from "./decks.ts";
import { exhibitRoutes } from "./exhibits.ts";
import type { Exhibits } from "../store/exhibits.ts";
import { studyRoutes } from "./study.ts";
import { boardRoutes } from "./board.ts";
import { studentRoutes } from "./students.ts";
import { adminRoutes } from "./admin.ts";
import { timetableRoutes } from "./timetable.ts";
import { bookingRoutes } from "./bookings.ts";
import { checkInRoutes } from "./checkIns.ts";
import type { CheckIns } from "../store/checkIns.ts";
import { schoolSignInRoutes } from "./schoolSignIn.ts";
import { letterRoutes } from "./letters.ts";
import { rightsRoutes } from "./rights.ts";
import { attendanceRoutes } from "./attendance.ts";
import type { AttendanceReports } from "../store/attendanceReports.ts";
import type { Rights } from "../rights/rights.ts";
import type { Reports } from "../store/reports.ts";
import type { SchoolSignIn } from "../store/schoolSignIn.ts";
import type { SchoolSignInFlow } from "../auth/schoolSignIn.ts";
import { rosterRoutes } from "./roster.ts";
import type { Rosters } from "../store/rosters.ts";
import type { Bookings } from "../store/bookings.ts";
import type { Timetables } from "../store/timetables.ts";
import type { SelfStudyStore } from "../store/selfStudy.ts";
import type { Decks } from "../store/decks.ts";
import { plazaSpace } from "../../shared/domain/plaza.ts";
import type { PlazaEvents } from "../store/plazas.ts";
import { Throttle } from "./throttle.ts";
import { lrsRoutes } from "./lrs.ts";
import type { LrsOutbox } from "../store/lrsOutbox.ts";
import type { LrsRunner } from "../lrs/runner.ts";

export interface HttpDeps {
  directory: Directory;
  /** Shared with the other processes of the installation: the door's throttle counts here. */
  presence: Presence;
  sessions: Sessions;
  audit: AuditLog;
  registry: SpaceRegistry;
  words: WordFilter;
  setup: SetupToken;
  boards: Boards;
  decks: Decks;
  exhibits: Exhibits;
  selfStudy: SelfStudyStore;
  logger: Logger;
  studies: Studies;
  plazas: PlazaEvents;
  timetables: Timetables;
  bookings: Bookings;
  schoolSignIn: SchoolSignIn;
  schoolSignInFlow: SchoolSignInFlow;
  plazaName: string;
  log: SessionLog;
  research: { retentionDays: number; publicUrl: string | undefined };
  welcomeLinks: WelcomeLinks;
  rosters: Rosters;
  rights: Rights;
  reports: Reports;
  checkIns: CheckIns;
  attendanceReports: AttendanceReports;
  clock: { now(): number };
  lrs: LrsOutbox;
  lrsRunner: LrsRunner;
}

/**
 * The JSON API: students entering and signing out, staff signing in, the one-time setup here;
 * each audience's own routes in their files (the children staff look after in students.ts, an
 * admin's in admin.ts, staff accounts and their welcome links in staffAccounts.ts…). Every body
 * has a schema; every staff route names the capability it needs.
 */
export function apiRouter(deps: HttpDeps): express.Router {
  const api = express.Router();
  const attempts = new Throttle(deps.presence);
  const secure = (req: Request) => req.secure;
  const client = (req: Request) => req.ip ?? "unknown";
  /** What a student's door says: their space, whether it is open, and a plaza event they may go to. */
  const studentMe = async (student: Student): Promise<Me> => {
    const org = await deps.directory.organisation(student.orgId);
    const event = student.keptOutOfPlazas ? undefined : (await deps.plazas.openNow(student.orgId))[0];
    const plaza = event ? { id: event.id, name: deps.plazaName, title: event.title, startsAt: event.startsAt, endsAt: event.endsAt, open: await deps.registry.isOpen(plazaSpace(event.id)) } : null;
    const open = await deps.registry.isOpen(student.orgId);
    // A lesson is said only while the space is open (a mark left by a process that died is not).
    const lesson = open ? await deps.registry.lessonOf(student.orgId) : null;
    return { kind: "student", nickname: student.nickname, org: student.orgId, orgName: org?.name ?? "", open, plaza, lesson };
  };
  api.use(sameSiteOnly);
  boardRoutes(api, deps); // pictures for the lesson board are the largest bodies
  deckRoutes(api, deps); // its pages are large bodies too
  exhibitRoutes(api, deps); // and its pictures
  timetableRoutes(api, deps); // a whole timetable is larger than other bodies too
  rosterRoutes(api, deps); // and a roster export's files (read only for an admin)
  api.use(express.json({ limit: "16kb" }));
  bookingRoutes(api, deps);
  schoolSignInRoutes(api, deps);
  letterRoutes(api, deps);
  rightsRoutes(api, deps);
  checkInRoutes(api, deps);
  attendanceRoutes(api, deps);
  lrsRoutes(api, deps);

  // ── Students ─────────────────────────────────────────────────────────────
  api.post("/enter", async (req, res) => {
    const key = `enter:${client(req)}`;
    if (await attempts.blocked(key)) return fail(res, 429, "too_many_attempts");
    const input = body(EnterBody, req, res);
    if (!input) return;
    const student = await deps.directory.studentByCode(input.code);
    if (!student) {
      await attempts.failed(key);
      return fail(res, 401, "bad_code");
    }
    if (student.blocked) return fail(res, 403, "blocked");
    await attempts.succeeded(key);
    // The sign-in keeps the code's mark: it ends when the code is replaced or taken back (server/auth/signedIn.ts).
    const codeMark = (await deps.directory.codeMark(student.id)) ?? undefined;
    res.setHeader("Set-Cookie", sessionCookie(await deps.sessions.create({ kind: "student", studentId: student.id, codeMark }), secure(req)));
    res.json(await studentMe(student));
  });

  api.get("/me", async (req, res) => {
    const { staff, student } = await principalOf(deps, req);
    if (student && !student.blocked) return res.json(await studentMe(student));
    if (staff) return res.json(staffMe(staff, (await deps.directory.organisation(staff.orgId))?.name ?? ""));
    fail(res, 401, "not_signed_in");
  });

  api.post("/sign-out", async (req, res) => {
    await deps.sessions.revoke(readCookie(req.get("cookie"), SESSION_COOKIE));
    res.setHeader("Set-Cookie", clearedSessionCookie(secure(req)));
    res.json({ ok: true });
  });

  // ── Staff ────────────────────────────────────────────────────────────────
  api.post("/staff/sign-in", async (req, res) => {
    const input = body(SignInBody, req, res);
    if (!input) return;
    const key = `sign-in:${client(req)}:${input.username.toLowerCase()}`;
    if (await attempts.blocked(key)) return fail(res, 429, "too_many_attempts");
    const staff = await deps.directory.verifyStaff(input.username, input.password);
    if (!staff) {
      await attempts.failed(key);
      await deps.audit.record({ orgId: null, actorId: null, actorRole: "anonymous", action: "sign_in", target: input.username, outcome: "denied" }); // at most 40 characters (SignInBody)
      return fail(res, 401, "bad_credentials");
    }
    await attempts.succeeded(key);
    await staffDid(deps, staff, "sign_in", null);
    res.setHeader("Set-Cookie", sessionCookie(await deps.sessions.create({ kind: "staff", staffId: staff.id }), secure(req)));
    const org = await deps.directory.organisation(staff.orgId);
    res.json(staffMe(staff, org?.name ?? ""));
  });

  // Registering children, their codes, blocking, consent, the plaza.
  studentRoutes(api, deps);

  // ── The self-study corner: a child's own history; the learning sites staff keep ──
  studyRoutes(api, deps);

  // ── Admins ───────────────────────────────────────────────────────────────
  adminRoutes(api, deps);
  staffAccountRoutes(api, deps);

  // ── First start ──────────────────────────────────────────────────────────
  api.post("/setup", async (req, res) => {
    const input = body(SetupBody, req, res);
    if (!input) return;
    if (!(await deps.setup.consume(input.token))) return fail(res, 403, "bad_setup_token");
    // The person who sets the installation up runs its first organisation and the federation.
    const { org, admin } = await deps.directory.createOrganisationWithAdmin({
      name: input.organisation,
      admin: { username: input.username, displayName: input.displayName, password: input.password },
      federation: true,
    });
    await deps.audit.record({ orgId: org.id, actorId: admin.id, actorRole: "admin", action: "setup", target: null, outcome: "done" });
    res.setHeader("Set-Cookie", sessionCookie(await deps.sessions.create({ kind: "staff", staffId: admin.id }), secure(req)));
    res.status(201).json(staffMe(admin, org.name));
  });

  api.use("/federation", federationRouter(deps));
  api.use("/plaza", plazaRouter(deps));

  api.use((_req: Request, res: Response) => fail(res, 404, "not_found"));
  // Body parser failures (malformed, too large, a charset or encoding it cannot read: each has a
  // `type`; a compressed body that does not decompress: zlib's error, marked `expose`) are the
  // client's, with the parser's own 4xx status; anything else is ours, logged. Never a stack trace out.
  api.use((error: { status?: number; type?: unknown; expose?: unknown }, req: Request, res: Response, _next: NextFunction) => {
    const status = error.status ?? 500;
    const theirs = typeof error.type === "string" || error.expose === true;
    if (theirs && status >= 400 && status < 500) return fail(res, status, "invalid_request");
    deps.logger.error({ err: error, req: res.getHeader("x-request-id"), route: `${req.method} ${req.path}` }, "request failed");
    fail(res, 500, "server_error");
  });
  return api;
}
