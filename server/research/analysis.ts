import { FLOOR, type ZoneId } from "../../shared/domain/zones.ts";
import type { LoggedEvent } from "../../shared/log/events.ts";
import type { Heatmap, ParticipantReport, SessionReport } from "../../shared/research/report.ts";
import type { SessionRecord } from "../store/SessionLog.ts";

/**
 * Turns one session's events into what researchers look at. Pure: events in, report out. Only
 * participants `include` admits (consented students, and staff) appear; everyone's pseudonym
 * comes from `pseudonym`.
 */
export interface Admission {
  include(account: string, role: "student" | "staff"): boolean;
  pseudonym(account: string): string;
}

interface Segment {
  from: number;
  to: number | null;
  zone: ZoneId;
}

/** One visit (a per-visit participant id): from its entry to its leaving, and where it was. */
interface Visit {
  from: number;
  to: number | null;
  segments: Segment[];
  /** The last of `segments`: where the visit is now (or was when it left). */
  current: Segment;
}

interface Person {
  account: string;
  role: "student" | "staff";
  enteredAt: number;
  /**
   * A person may have several visits in one session, and two may overlap: a page reloaded (or a
   * second tab) enters on a new visit id before the earlier seat gives way and its `left` is
   * written. Each visit keeps its own times; presence is their union.
   */
  visits: Visit[];
  firstInteractionAt: number | null;
  greetedAt: number | null;
  messages: number;
  emotes: number;
  helpRequests: number;
  reacted: boolean;
  wrote: boolean;
  listened: boolean;
  spoke: boolean;
  talkedWithStaff: boolean;
  /** Voice: time in a talk and with the microphone on, as intervals (a span still open has no end). */
  talk: Span[];
  mic: Span[];
}

interface Span {
  from: number;
  to: number | null;
}

/** The length of the union of intervals, sorted by their start: time counted once however often it is covered. */
export function unionMs(sorted: Array<{ from: number; to: number }>): number {
  let total = 0;
  let reached = -Infinity;
  for (const { from, to } of sorted) {
    total += Math.max(0, to - Math.max(from, reached));
    reached = Math.max(reached, to);
  }
  return total;
}

const CELL = 1; // metres per heatmap cell

export function analyseSession(session: SessionRecord, events: Iterable<LoggedEvent>, admission: Admission): SessionReport {
  const visits = new Map<string, { person: Person; visit: Visit }>(); // by per-visit participant id
  const byAccount = new Map<string, Person>();
  const cols = Math.ceil((FLOOR.x1 - FLOOR.x0) / CELL);
  const rows = Math.ceil((FLOOR.z1 - FLOOR.z0) / CELL);
  const counts = new Array<number>(cols * rows).fill(0);
  const helpWaitMs: number[] = [];
  const interactions = { studentLines: 0, staffLines: 0, staffActionsTowardStudents: 0 };
  let end = session.closedAt ?? session.openedAt;

  const leave = (v: Visit, at: number) => {
    v.to ??= at;
    v.current.to ??= at;
  };
  const touch = (p: Person, at: number) => {
    if (p.firstInteractionAt === null) p.firstInteractionAt = at;
  };

  for (const e of events) {
    end = Math.max(end, e.at);
    if (e.type === "entered") {
      if (!e.account || !admission.include(e.account, e.role ?? "student")) continue;
      // The same account may come back in one session (a new visit id): one person, several stays.
      const person = byAccount.get(e.account) ?? {
        account: e.account,
        role: e.role ?? "student",
        enteredAt: e.at,
        visits: [],
        firstInteractionAt: null,
        greetedAt: null,
        messages: 0,
        emotes: 0,
        helpRequests: 0,
        reacted: false,
        wrote: false,
        listened: false,
        spoke: false,
        talkedWithStaff: false,
        talk: [],
        mic: [],
      };
      byAccount.set(e.account, person);
      const first: Segment = { from: e.at, to: null, zone: e.zone };
      const visit: Visit = { from: e.at, to: null, segments: [first], current: first };
      person.visits.push(visit);
      visits.set(e.participant, { person, visit });
      if (e.zone === "counselling" && person.role === "student") person.talkedWithStaff = true;
      continue;
    }
    if (!("participant" in e)) continue;
    const v = visits.get(e.participant);
    const p = v?.person;
    switch (e.type) {
      case "left":
        if (v) leave(v.visit, e.at);
        break;
      case "talk":
        if (p) {
          const spans = e.action === "joined" || e.action === "left" ? p.talk : p.mic;
          const open = spans.at(-1)?.to === null ? spans.at(-1) : undefined;
          if (e.action === "joined" || e.action === "mic_on") {
            if (!open) spans.push({ from: e.at, to: null });
          } else if (open) open.to = e.at;
          if (e.action === "joined") p.listened = true;
          if (e.action === "mic_on") p.spoke = true;
        }
        break;
      case "zone_changed":
        if (v) {
          v.visit.current.to ??= e.at;
          v.visit.current = { from: e.at, to: null, zone: e.to };
          v.visit.segments.push(v.visit.current);
          if (e.to === "counselling" && v.person.role === "student") v.person.talkedWithStaff = true;
        }
        break;
      case "position":
        if (p) {
          const col = Math.floor((e.x / 100 - FLOOR.x0) / CELL);
          const row = Math.floor((e.z / 100 - FLOOR.z0) / CELL);
          if (col >= 0 && col < cols && row >= 0 && row < rows) counts[row * cols + col] = (counts[row * cols + col] ?? 0) + 1;
        }
        break;
      case "chat_sent":
        if (p) {
          p.messages++;
          p.wrote = true;
          touch(p, e.at);
          if (p.role === "student") interactions.studentLines++;
          else interactions.staffLines++;
        }
        break;
      case "emote":
      case "status_changed":
        if (p) {
          if (e.type === "emote") p.emotes++;
          p.reacted = true;
          touch(p, e.at);
        }
        break;
      case "help_requested":
        if (p) {
          p.helpRequests++;
          touch(p, e.at);
        }
        break;
      case "help_answered": {
        // A request is the student's activity: only an admitted student's wait, answered by
        // someone admitted, is counted.
        const student = e.student ? visits.get(e.student)?.person : undefined;
        if (!p || !student) break;
        helpWaitMs.push(e.waitedMs);
        if (e.kind === "talk" || e.kind === "help") student.talkedWithStaff = true;
        break;
      }
      case "staff_action": {
        const target = e.target ? visits.get(e.target)?.person : undefined;
        if (p && target && target.role === "student") {
          interactions.staffActionsTowardStudents++;
          if (e.action === "greet" && target.greetedAt === null) target.greetedAt = e.at;
        }
        break;
      }
    }
  }

  const participants: ParticipantReport[] = [];
  for (const p of byAccount.values()) {
    // What is still open at the end of the session ends there.
    const stays = p.visits.map((v) => ({ from: v.from, to: v.to ?? end }));
    const segments = p.visits.flatMap((v) => v.segments.map((s) => ({ from: s.from, to: s.to ?? end, zone: s.zone }))).sort((a, b) => a.from - b.from);
    const msByZone: Partial<Record<ZoneId, number>> = {};
    for (const zone of new Set(segments.map((s) => s.zone))) msByZone[zone] = unionMs(segments.filter((s) => s.zone === zone));
    participants.push({
      pseudonym: admission.pseudonym(p.account),
      role: p.role,
      msPresent: unionMs(stays),
      msByZone,
      ladder: p.talkedWithStaff ? "talked_with_staff" : p.spoke ? "spoke" : p.listened ? "listened" : p.wrote ? "wrote" : p.reacted ? "reacted" : "present",
      firstInteractionMs: p.firstInteractionAt === null ? null : p.firstInteractionAt - p.enteredAt,
      greetedAfterMs: p.greetedAt === null ? null : p.greetedAt - p.enteredAt,
      messages: p.messages,
      emotes: p.emotes,
      // A talk still open when the session's log ends, ends there.
      msInTalk: unionMs(p.talk.map((s) => ({ from: s.from, to: s.to ?? end }))),
      msMicOn: unionMs(p.mic.map((s) => ({ from: s.from, to: s.to ?? end }))),
      helpRequests: p.helpRequests,
      segments: segments.map((s) => ({ from: s.from - session.openedAt, to: s.to - session.openedAt, zone: s.zone })),
    });
  }
  participants.sort((a, b) => (a.role === b.role ? a.pseudonym.localeCompare(b.pseudonym) : a.role === "staff" ? -1 : 1));
  const heatmap: Heatmap = { x0: FLOOR.x0, z0: FLOOR.z0, cell: CELL, cols, rows, counts };
  return {
    registration: session.registration,
    openedAt: session.openedAt,
    closedAt: session.closedAt,
    interrupted: session.interrupted,
    participants,
    helpWaitMs,
    interactions,
    heatmap,
  };
}
