import express, { type NextFunction, type Request, type Response } from "express";
import type { z } from "zod";
import {
  BOARD_MAX_BYTES,
  BlockBody,
  BoardBody,
  EmptyBody,
  EnterBody,
  KeepOutBody,
  type Me,
  type NewCode,
  type Registered,
  PurgeBody,
  RegisterStudentBody,
  StudyBody,
  SetupBody,
  SignInBody,
  type StudentList,
  WordsBody,
} from "../../shared/protocol/http.ts";
import type { Presence } from "@colyseus/core";
import type { Sessions } from "../auth/sessions.ts";
import type { SetupToken } from "../auth/setupToken.ts";
import type { WordFilter } from "../moderation/wordFilter.ts";
import type { SpaceRegistry } from "../rooms/registry.ts";
import type { AuditLog } from "../store/audit.ts";
import { BoardError, type Boards } from "../store/boards.ts";
import type { Directory, Student } from "../store/directory.ts";
import type { WelcomeLinks } from "../store/welcomeLinks.ts";
import type { Logger } from "../log.ts";
import type { Studies } from "../research/studies.ts";
import type { SessionLog } from "../store/SessionLog.ts";
import { ConsentBody } from "../../shared/research/consent.ts";
import { SESSION_COOKIE, clearedSessionCookie, readCookie, sessionCookie } from "./cookies.ts";
import { body, fail, orgOfRequest, ownStudent, principalOf, sameSiteOnly, staffWith } from "./guard.ts";
import { federationRouter } from "./federation.ts";
import { staffAccountRoutes, staffMe } from "./staffAccounts.ts";
import { plazaRouter } from "./plaza.ts";
import { deckRoutes } from "./decks.ts";
import { exhibitRoutes } from "./exhibits.ts";
import type { Exhibits } from "../store/exhibits.ts";
import { studyRoutes } from "./study.ts";
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
import { signOutStudent } from "../auth/signOut.ts";
import { PLAZA_KEPT_OUT_TOPIC, type PlazaEvents } from "../store/plazas.ts";
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
 * The JSON API, one router per audience: students entering, staff signing in and registering
 * students, admins running the organisation (staff accounts and their welcome links in
 * staffAccounts.ts), and the one-time setup. Every body has a schema;
 * every staff route names the capability it needs.
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
  // Pictures for the lesson board are the only large bodies; everything else stays small.
  api.put("/staff/board", express.json({ limit: Math.ceil(BOARD_MAX_BYTES * 1.4) }), async (req, res) => {
    const staff = await staffWith(deps, "setBoard", req, res);
    if (!staff) return;
    const input = body(BoardBody, req, res);
    if (!input) return;
    const bytes = Buffer.from(input.image.slice(input.image.indexOf(",") + 1), "base64");
    if (bytes.length > BOARD_MAX_BYTES) return fail(res, 413, "bad_image");
    try {
      const board = await deps.boards.put(staff.orgId, bytes, input.title);
      await deps.audit.record({ orgId: staff.orgId, actorId: staff.id, actorRole: staff.role, action: "set_board", target: null, outcome: "done", detail: { bytes: bytes.length } });
      res.json({ file: board.file, title: board.title });
    } catch (error) {
      if (error instanceof BoardError) return fail(res, 415, "bad_image");
      throw error;
    }
  });
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

  api.delete("/staff/board", async (req, res) => {
    const staff = await staffWith(deps, "setBoard", req, res);
    if (!staff) return;
    await deps.boards.clear(staff.orgId);
    await deps.audit.record({ orgId: staff.orgId, actorId: staff.id, actorRole: staff.role, action: "clear_board", target: null, outcome: "done" });
    res.json({ ok: true });
  });

  /** The board's picture, for signed-in people of the same organisation only. */
  api.get("/board/:file", async (req, res) => {
    const orgId = await orgOfRequest(deps, req);
    if (!orgId) return fail(res, 401, "not_signed_in");
    const picture = await deps.boards.picture(orgId, String(req.params.file));
    if (!picture) return fail(res, 404, "not_found");
    res.setHeader("Cache-Control", "private, max-age=3600");
    res.type(picture.type).send(picture.bytes);
  });

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
    await deps.audit.record({ orgId: staff.orgId, actorId: staff.id, actorRole: staff.role, action: "sign_in", target: null, outcome: "done" });
    res.setHeader("Set-Cookie", sessionCookie(await deps.sessions.create({ kind: "staff", staffId: staff.id }), secure(req)));
    const org = await deps.directory.organisation(staff.orgId);
    res.json(staffMe(staff, org?.name ?? ""));
  });

  api.get("/staff/students", async (req, res) => {
    const staff = await staffWith(deps, "registerStudent", req, res);
    if (!staff) return;
    res.json({ students: await deps.directory.studentsOf(staff.orgId) } satisfies z.input<typeof StudentList>);
  });

  api.post("/staff/students", async (req, res) => {
    const staff = await staffWith(deps, "registerStudent", req, res);
    if (!staff) return;
    const input = body(RegisterStudentBody, req, res);
    if (!input) return;
    const { student, code } = await deps.directory.registerStudent({ orgId: staff.orgId, nickname: input.nickname, note: input.note });
    await deps.audit.record({ orgId: staff.orgId, actorId: staff.id, actorRole: staff.role, action: "register_student", target: student.id, outcome: "done" });
    res.status(201).json({ student, code } satisfies z.input<typeof Registered>);
  });

  api.post("/staff/students/:id/code", async (req, res) => {
    const staff = await staffWith(deps, "manageCodes", req, res);
    if (!staff) return;
    // Reissued only on an empty request (a body with anything in it is a mistake, not a yes).
    if (!body(EmptyBody, req, res)) return;
    const student = await ownStudent(deps, req, res, staff.orgId);
    if (!student) return;
    const code = await deps.directory.reissueCode(student.id);
    await signOutStudent(deps, student.id);
    await deps.audit.record({ orgId: staff.orgId, actorId: staff.id, actorRole: staff.role, action: "reissue_code", target: student.id, outcome: "done" });
    res.json({ code } satisfies z.input<typeof NewCode>);
  });

  api.delete("/staff/students/:id/code", async (req, res) => {
    const staff = await staffWith(deps, "manageCodes", req, res);
    if (!staff) return;
    const student = await ownStudent(deps, req, res, staff.orgId);
    if (!student) return;
    await deps.directory.revokeCode(student.id);
    await signOutStudent(deps, student.id);
    await deps.audit.record({ orgId: staff.orgId, actorId: staff.id, actorRole: staff.role, action: "revoke_code", target: student.id, outcome: "done" });
    res.json({ ok: true });
  });

  api.post("/staff/students/:id/block", async (req, res) => {
    const staff = await staffWith(deps, "block", req, res);
    if (!staff) return;
    const input = body(BlockBody, req, res);
    if (!input) return;
    const student = await ownStudent(deps, req, res, staff.orgId);
    if (!student) return;
    await deps.directory.setBlocked(student.id, input.blocked);
    if (input.blocked) await signOutStudent(deps, student.id);
    await deps.audit.record({ orgId: staff.orgId, actorId: staff.id, actorRole: staff.role, action: input.blocked ? "block" : "unblock", target: student.id, outcome: "done" });
    res.json({ ok: true });
  });

  /** Research consent, recorded by staff for each student (parental consent and the child's assent). */
  api.post("/staff/students/:id/consent", async (req, res) => {
    const staff = await staffWith(deps, "recordConsent", req, res);
    if (!staff) return;
    const input = body(ConsentBody, req, res);
    if (!input) return;
    const student = await ownStudent(deps, req, res, staff.orgId);
    if (!student) return;
    await deps.directory.setConsent(student.id, input.level, staff.id);
    await deps.audit.record({ orgId: staff.orgId, actorId: staff.id, actorRole: staff.role, action: "record_consent", target: student.id, outcome: "done", detail: { level: input.level } });
    res.json({ ok: true });
  });

  /** Keeps one of our students out of the shared plaza (or lets them go again). */
  api.post("/staff/students/:id/plaza", async (req, res) => {
    const staff = await staffWith(deps, "keepOutOfPlaza", req, res);
    if (!staff) return;
    const input = body(KeepOutBody, req, res);
    if (!input) return;
    const student = await ownStudent(deps, req, res, staff.orgId);
    if (!student) return;
    await deps.directory.setKeptOutOfPlazas(student.id, input.keptOut);
    if (input.keptOut) await deps.presence.publish(PLAZA_KEPT_OUT_TOPIC, student.id);
    await deps.audit.record({ orgId: staff.orgId, actorId: staff.id, actorRole: staff.role, action: input.keptOut ? "keep_out_of_plaza" : "let_into_plaza", target: student.id, outcome: "done" });
    res.json({ ok: true });
  });

  // ── The self-study corner: a child's own history; the learning sites staff keep ──
  studyRoutes(api, deps);

  // ── Admins ───────────────────────────────────────────────────────────────
  api.get("/admin/studies", async (req, res) => {
    const admin = await staffWith(deps, "manageStudies", req, res);
    if (admin) res.json({ studies: (await deps.studies.of(admin.orgId)).map((s) => ({ id: s.id, name: s.name })) });
  });

  api.post("/admin/studies", async (req, res) => {
    const admin = await staffWith(deps, "manageStudies", req, res);
    if (!admin) return;
    const input = body(StudyBody, req, res);
    if (!input) return;
    const study = await deps.studies.create(admin.orgId, input.name);
    await deps.audit.record({ orgId: admin.orgId, actorId: admin.id, actorRole: admin.role, action: "create_study", target: study.id, outcome: "done" });
    res.status(201).json({ id: study.id, name: study.name });
  });

  /** Deletes session events older than the retention period (or a shorter one given). */
  api.post("/admin/purge", async (req, res) => {
    const admin = await staffWith(deps, "purgeLogs", req, res);
    if (!admin) return;
    const input = body(PurgeBody, req, res);
    if (!input) return;
    const days = Math.min(input.days ?? deps.research.retentionDays, deps.research.retentionDays);
    const before = Date.now() - days * 24 * 60 * 60 * 1000;
    const deleted = await deps.log.purgeBefore(before, admin.orgId);
    // Children's self-study records are kept no longer than the log they sit beside.
    const studySessions = await deps.selfStudy.purgeBefore(before, admin.orgId);
    // And their check-ins too (by school day: the whole day the cut falls on stays).
    const checkIns = await deps.checkIns.purgeBefore(await deps.checkIns.today(admin.orgId, before), admin.orgId);
    await deps.audit.record({ orgId: admin.orgId, actorId: admin.id, actorRole: admin.role, action: "purge", target: null, outcome: "done", detail: { days, deleted, studySessions, checkIns } });
    res.json({ deleted });
  });

  staffAccountRoutes(api, deps);

  api.get("/admin/audit", async (req, res) => {
    const admin = await staffWith(deps, "readAudit", req, res);
    // Names, not ids, for the admin who reads it: staff by display name, students by nickname;
    // each id looked up once per answer (the same few people fill most of the log).
    const names = new Map<string, string | null>();
    const name = async (id: string | null) => {
      if (!id) return null;
      if (!names.has(id)) names.set(id, (await deps.directory.staff(id))?.displayName ?? (await deps.directory.student(id))?.nickname ?? null);
      return names.get(id) ?? null;
    };
    if (!admin) return;
    const entries = [];
    for (const e of await deps.audit.list(admin.orgId)) entries.push({ ...e, actorName: await name(e.actorId), targetName: await name(e.target) });
    res.json({ entries });
  });

  api.get("/admin/words", async (req, res) => {
    const admin = await staffWith(deps, "editWords", req, res);
    if (admin) res.json(await deps.directory.ngWordsByLang());
  });

  api.put("/admin/words", async (req, res) => {
    const admin = await staffWith(deps, "editWords", req, res);
    if (!admin) return;
    const input = body(WordsBody, req, res);
    if (!input) return;
    await deps.directory.setNgWords("ja", input.ja);
    await deps.directory.setNgWords("en", input.en);
    deps.words.update(await deps.directory.ngWords());
    await deps.audit.record({ orgId: admin.orgId, actorId: admin.id, actorRole: admin.role, action: "edit_words", target: null, outcome: "done", detail: { ja: input.ja.length, en: input.en.length } });
    res.json({ ok: true });
  });

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
