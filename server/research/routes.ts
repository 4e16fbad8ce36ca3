import express, { type Request, type Response } from "express";
import { z } from "zod";
import type { LoggedEvent } from "../../shared/log/events.ts";
import { EXPORT_FORMATS, type Attendance, type SessionList, ResearchStudies } from "../../shared/research/report.ts";
import type { LessonList } from "../../shared/research/lessons.ts";
import type { SelfStudyList } from "../../shared/research/selfStudy.ts";
import type { Sessions } from "../auth/sessions.ts";
import { fail, staffWith } from "../http/guard.ts";
import type { AuditLog } from "../store/audit.ts";
import type { Directory } from "../store/directory.ts";
import type { SessionLog } from "../store/SessionLog.ts";
import { analyseSession } from "./analysis.ts";
import { exportChunks } from "./exports.ts";
import { analyseLessons, lessonEvents, lessonEventsEach } from "./lessons.ts";
import { replayOf } from "./replay.ts";
import { selfStudyEvents, selfStudyEventsEach, sittingsOf, summariseSelfStudy } from "./selfStudy.ts";
import { dayIn } from "../../shared/domain/days.ts";
import type { Studies } from "./studies.ts";
import type { Timetables } from "../store/timetables.ts";
import { admission, sessionsOf as sessionsOfOrg, spacesOf } from "./scope.ts";
import type { PlazaEvents } from "../store/plazas.ts";
import type { CheckIns } from "../store/checkIns.ts";
import { checkInDays } from "./checkIns.ts";
import { suppressBelow } from "./suppress.ts";

export interface ResearchDeps {
  sessions: Sessions;
  directory: Directory;
  audit: AuditLog;
  log: SessionLog;
  studies: Studies;
  plazas: PlazaEvents;
  research: { suppressBelow: number; publicUrl: string | undefined };
  /**
   * The school's time zone is its timetable's (an organisation may set its own): a session
   * counts on the school's day it opened (shared/domain/days.ts), as a check-in does.
   */
  timetables: Pick<Timetables, "timeZoneOf">;
  /** The daily check-in: only per-day aggregates reach research (checkIns.ts). */
  checkIns: CheckIns;
}

const DAY = 24 * 60 * 60 * 1000;
const Range = z.object({
  study: z.string().min(1).max(80),
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
  format: z.enum(EXPORT_FORMATS).optional(),
});

/**
 * The researcher's API: organisation-scoped, study-scoped, consent-filtered, pseudonymised.
 * Students without consent appear only in anonymous headcounts, and small headcounts are withheld.
 */
/** What time present is made of (analysis.ts: visits from entering to leaving or the close). */
const PRESENCE_EVENTS = ["space_opened", "space_closed", "entered", "left", "reconnected"] as const;

function bySpace(events: LoggedEvent[]): Map<string, LoggedEvent[]> {
  const out = new Map<string, LoggedEvent[]>();
  for (const e of events) {
    const list = out.get(e.space);
    if (list) list.push(e);
    else out.set(e.space, [e]);
  }
  return out;
}

export function researchRouter(deps: ResearchDeps): express.Router {
  const timeZoneOf = (orgId: string) => deps.timetables.timeZoneOf(orgId);
  const api = express.Router();

  const scoped = { log: deps.log, plazas: deps.plazas };
  const sessionsOf = (orgId: string, from: number, to: number) => sessionsOfOrg(scoped, orgId, from, to);
  const sessionOf = async (orgId: string, registration: string) => {
    for (const space of await spacesOf(scoped, orgId)) {
      const session = await deps.log.session(space, registration);
      if (session) return session;
    }
    return null;
  };

  /** The researcher, their study (opened with its key) and the date range, or an answer already sent. */
  const scope = async (req: Request, res: Response) => {
    const researcher = await staffWith(deps, "readResearch", req, res);
    if (!researcher) return null;
    const query = Range.safeParse(req.query);
    if (!query.success) {
      fail(res, 400, "invalid_request");
      return null;
    }
    const study = await deps.studies.open(researcher.orgId, query.data.study);
    if (!study) {
      fail(res, 404, "not_found");
      return null;
    }
    const to = query.data.to ?? Date.now() + DAY;
    const from = query.data.from ?? to - 366 * DAY;
    return { researcher, study, from, to, format: query.data.format, admission: await admission(deps.directory, researcher.orgId, study.pseudonym) };
  };

  api.get("/studies", async (req, res) => {
    const researcher = await staffWith(deps, "readResearch", req, res);
    if (!researcher) return;
    const [studies, timeZone] = await Promise.all([deps.studies.of(researcher.orgId), timeZoneOf(researcher.orgId)]);
    res.json({ studies: studies.map((s) => ({ id: s.id, name: s.name })), timeZone } satisfies z.input<typeof ResearchStudies>);
  });

  api.get("/sessions", async (req, res) => {
    const s = await scope(req, res);
    if (!s) return;
    const k = deps.research.suppressBelow;
    const sessions = [];
    const list = await sessionsOf(s.researcher.orgId, s.from, s.to);
    // Who entered each session, for all of them in one read (not every event of every session).
    const entered = bySpace(await deps.log.eventsOf(list.map((session) => session.space), ["entered"]));
    for (const session of list) {
      const students = new Set<string>();
      const consented = new Set<string>();
      for (const e of entered.get(session.space) ?? []) {
        if (e.type === "entered" && e.role === "student" && e.account) {
          students.add(e.account);
          if (s.admission.include(e.account, "student")) consented.add(e.account);
        }
      }
      const shown = suppressBelow(k);
      // Consented students appear as pseudonyms in the session's detail anyway; the anonymous
      // total (which counts children without consent) is what a small number could give away.
      sessions.push({ registration: session.registration, openedAt: session.openedAt, closedAt: session.closedAt, interrupted: session.interrupted, students: shown(students.size), consented: consented.size });
    }
    res.json({ sessions, suppressBelow: k } satisfies z.input<typeof SessionList>);
  });

  api.get("/sessions/:registration", async (req, res) => {
    const s = await scope(req, res);
    if (!s) return;
    const session = await sessionOf(s.researcher.orgId, String(req.params.registration));
    if (!session) return fail(res, 404, "not_found");
    res.json(analyseSession(session, await deps.log.events(session.space), s.admission));
  });

  api.get("/sessions/:registration/replay", async (req, res) => {
    const s = await scope(req, res);
    if (!s) return;
    const session = await sessionOf(s.researcher.orgId, String(req.params.registration));
    if (!session) return fail(res, 404, "not_found");
    res.json(replayOf(session, await deps.log.events(session.space), s.admission));
  });

  api.get("/attendance", async (req, res) => {
    const s = await scope(req, res);
    if (!s) return;
    const days = new Map<string, Map<string, number>>(); // pseudonym → day → minutes
    const dayList = new Set<string>();
    const list = await sessionsOf(s.researcher.orgId, s.from, s.to);
    const timeZone = await timeZoneOf(s.researcher.orgId);
    // Time present needs only comings and goings: those of every closed session in one read. A
    // session still open ends at its latest event of any kind, so it is read whole.
    const closed = list.filter((session) => session.closedAt !== null);
    const comings = bySpace(await deps.log.eventsOf(closed.map((session) => session.space), PRESENCE_EVENTS));
    for (const session of list) {
      const events = session.closedAt !== null ? (comings.get(session.space) ?? []) : await deps.log.events(session.space);
      const report = analyseSession(session, events, s.admission);
      const day = dayIn(timeZone, session.openedAt);
      dayList.add(day);
      for (const p of report.participants) {
        if (p.role !== "student") continue;
        const row = days.get(p.pseudonym) ?? new Map<string, number>();
        row.set(day, (row.get(day) ?? 0) + p.msPresent / 60_000);
        days.set(p.pseudonym, row);
      }
    }
    const ordered = [...dayList].sort();
    res.json({
      days: ordered,
      rows: [...days.entries()].map(([pseudonym, row]) => ({ pseudonym, minutes: ordered.map((d) => Math.round(row.get(d) ?? 0)) })),
    } satisfies Attendance);
  });

  /** Every lesson of the period with its consenting attendees, read only from sessions that had one. */
  api.get("/lessons", async (req, res) => {
    const s = await scope(req, res);
    if (!s) return;
    const list = await sessionsOf(s.researcher.orgId, s.from, s.to);
    const events = await lessonEvents(deps.log, list);
    const lessons = list.flatMap((session) => {
      const theirs = events.get(session.space);
      return theirs ? analyseLessons(session, theirs, s.admission) : [];
    });
    res.json({ lessons } satisfies LessonList);
  });

  /** Each consenting student's self-study over the period, read only from sessions where someone sat at a self-study desk. */
  api.get("/self-study", async (req, res) => {
    const s = await scope(req, res);
    if (!s) return;
    const list = await sessionsOf(s.researcher.orgId, s.from, s.to);
    const events = await selfStudyEvents(deps.log, list);
    const sittings = list.flatMap((session) => {
      const theirs = events.get(session.space);
      return theirs ? sittingsOf(session, theirs, s.admission) : [];
    });
    res.json({ students: summariseSelfStudy(sittings) } satisfies SelfStudyList);
  });

  /** The daily check-in, per school day of the period: consenting children's faces counted, small counts withheld. */
  api.get("/check-ins", async (req, res) => {
    const s = await scope(req, res);
    if (!s) return;
    const orgId = s.researcher.orgId;
    const rows = await deps.checkIns.ofOrg(orgId, await deps.checkIns.today(orgId, s.from), await deps.checkIns.today(orgId, s.to), "faces");
    res.json(checkInDays(rows, s.admission, deps.research.suppressBelow));
  });

  api.get("/export", async (req, res) => {
    const s = await scope(req, res);
    if (!s) return;
    const format = s.format ?? "csv";
    const sessions = await sessionsOf(s.researcher.orgId, s.from, s.to);
    const base = deps.research.publicUrl ?? `${req.protocol}://${req.get("host")}`;
    await deps.audit.record({
      orgId: s.researcher.orgId,
      actorId: s.researcher.id,
      actorRole: s.researcher.role,
      action: "export",
      target: s.study.id,
      outcome: "done",
      detail: { format, from: s.from, to: s.to, sessions: sessions.length },
    });
    const csv = "text/csv; charset=utf-8";
    const type = { csv, lessons: csv, "self-study": csv, jsonl: "application/x-ndjson", xapi: "application/json" }[format];
    const ext = { csv: "csv", lessons: "lessons.csv", "self-study": "self-study.csv", jsonl: "jsonl", xapi: "xapi.json" }[format];
    res.setHeader("Content-Type", type);
    res.setHeader("Content-Disposition", `attachment; filename="hidamari-${format}-${dayIn(await timeZoneOf(s.researcher.orgId), s.from)}.${ext}"`);
    // The page shows progress as sessions arrive; it needs to know how many will.
    res.setHeader("X-Hidamari-Sessions", String(sessions.length));
    const source = {
      sessions,
      events: (space: string): Promise<LoggedEvent[]> => deps.log.events(space),
      // The lessons CSV reads only the sessions that had a lesson, and of them only what lessons are made of.
      ...(format === "lessons" ? { lessonEvents: await lessonEventsEach(deps.log, sessions) } : {}),
      ...(format === "self-study" ? { selfStudyEvents: await selfStudyEventsEach(deps.log, sessions) } : {}),
      admission: s.admission,
      studyIri: `${base}/studies/${s.study.id}`,
      baseIri: base,
    };
    for await (const chunk of exportChunks(format, source)) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once("drain", resolve));
    }
    res.end();
  });

  return api;
}
