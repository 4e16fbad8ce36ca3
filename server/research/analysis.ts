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

interface Person {
  account: string;
  role: "student" | "staff";
  enteredAt: number;
  presence: Array<{ from: number; to: number | null }>;
  segments: Array<{ from: number; to: number | null; zone: ZoneId }>;
  firstInteractionAt: number | null;
  greetedAt: number | null;
  messages: number;
  emotes: number;
  helpRequests: number;
  reacted: boolean;
  wrote: boolean;
  talkedWithStaff: boolean;
}

const CELL = 1; // metres per heatmap cell

export function analyseSession(session: SessionRecord, events: Iterable<LoggedEvent>, admission: Admission): SessionReport {
  const people = new Map<string, Person>(); // by per-visit participant id
  const byAccount = new Map<string, Person>();
  const cols = Math.ceil((FLOOR.x1 - FLOOR.x0) / CELL);
  const rows = Math.ceil((FLOOR.z1 - FLOOR.z0) / CELL);
  const counts = new Array<number>(cols * rows).fill(0);
  const helpWaitMs: number[] = [];
  const interactions = { studentLines: 0, staffLines: 0, staffActionsTowardStudents: 0 };
  let end = session.closedAt ?? session.openedAt;

  const closeSegment = (p: Person, at: number) => {
    const seg = p.segments.at(-1);
    if (seg && seg.to === null) seg.to = at;
  };
  const close = (p: Person, at: number) => {
    const open = p.presence.at(-1);
    if (open && open.to === null) open.to = at;
    closeSegment(p, at);
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
        presence: [],
        segments: [],
        firstInteractionAt: null,
        greetedAt: null,
        messages: 0,
        emotes: 0,
        helpRequests: 0,
        reacted: false,
        wrote: false,
        talkedWithStaff: false,
      };
      byAccount.set(e.account, person);
      people.set(e.participant, person);
      person.presence.push({ from: e.at, to: null });
      person.segments.push({ from: e.at, to: null, zone: e.zone });
      if (e.zone === "counselling") person.talkedWithStaff = true;
      continue;
    }
    if (!("participant" in e)) continue;
    const p = people.get(e.participant);
    switch (e.type) {
      case "left":
        if (p) close(p, e.at);
        break;
      case "zone_changed":
        if (p) {
          closeSegment(p, e.at);
          p.segments.push({ from: e.at, to: null, zone: e.to });
          if (e.to === "counselling" && p.role === "student") p.talkedWithStaff = true;
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
        helpWaitMs.push(e.waitedMs);
        const student = e.student ? people.get(e.student) : undefined;
        if (student && (e.kind === "talk" || e.kind === "help")) student.talkedWithStaff = true;
        break;
      }
      case "staff_action": {
        const target = e.target ? people.get(e.target) : undefined;
        if (target && target.role === "student") {
          interactions.staffActionsTowardStudents++;
          if (e.action === "greet" && target.greetedAt === null) target.greetedAt = e.at;
        }
        break;
      }
    }
  }

  const participants: ParticipantReport[] = [];
  for (const p of new Set(people.values())) {
    close(p, end);
    const msByZone: Partial<Record<ZoneId, number>> = {};
    for (const s of p.segments) msByZone[s.zone] = (msByZone[s.zone] ?? 0) + ((s.to ?? end) - s.from);
    participants.push({
      pseudonym: admission.pseudonym(p.account),
      role: p.role,
      msPresent: p.presence.reduce((sum, s) => sum + ((s.to ?? end) - s.from), 0),
      msByZone,
      ladder: p.talkedWithStaff ? "talked_with_staff" : p.wrote ? "wrote" : p.reacted ? "reacted" : "present",
      firstInteractionMs: p.firstInteractionAt === null ? null : p.firstInteractionAt - p.enteredAt,
      greetedAfterMs: p.greetedAt === null ? null : p.greetedAt - p.enteredAt,
      messages: p.messages,
      emotes: p.emotes,
      helpRequests: p.helpRequests,
      segments: p.segments.map((s) => ({ from: s.from - session.openedAt, to: (s.to ?? end) - session.openedAt, zone: s.zone })),
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
