import { describe, expect, it } from "vitest";
import { analyseSession } from "../../server/research/analysis.ts";
import { CSV_COLUMNS, type ExportSource, exportChunks, isoDuration } from "../../server/research/exports.ts";
import { replayOf } from "../../server/research/replay.ts";
import type { SessionRecord } from "../../server/store/SessionLog.ts";
import type { LoggedEvent } from "../../shared/log/events.ts";
import { Replay } from "../../shared/research/replay.ts";
import { SessionReport } from "../../shared/research/report.ts";
import { VERBS, XapiStatement } from "../../shared/research/xapi.ts";
import { zoneById } from "../../shared/domain/zones.ts";
import { admissionOf, drain, eventsOf, type Step, sessionRecord, visit } from "../support/research.ts";
import { startTestServer } from "../support/server.ts";

/**
 * What a researcher reads, computed from synthetic event lists by the functions the research API
 * uses (analyseSession, replayOf, exportChunks): every number is the one the events mean, and
 * nobody who is not admitted leaves a trace in it.
 */
const OPEN = Date.UTC(2026, 5, 1, 0, 0, 0);
const ISO_OPEN = "2026-06-01T00:00:00.000Z";
const EMPTY_CELLS = 40 * 24; // the floor is 40 m × 24 m, in 1 m cells

/** One session: record + events, times relative to the opening. */
function session(steps: Step[], closedAfter: number | null = 600_000, overrides: Partial<SessionRecord> = {}) {
  const record = sessionRecord(OPEN, closedAfter === null ? null : OPEN + closedAfter, overrides);
  return { record, events: eventsOf(record.space, OPEN, steps) };
}

/** The first scenario: a counsellor all session, a student who comes twice and climbs the ladder. */
const visitSteps: Step[] = [
  { type: "space_opened", at: 0 },
  ...visit("v-staff", "acc-staff", "staff", 0, null),
  { type: "entered", at: 10_000, participant: "v-kid1", account: "acc-kid", role: "student", zone: "classroom" },
  { type: "staff_action", at: 20_000, participant: "v-staff", action: "invite", target: "v-kid1" },
  { type: "staff_action", at: 40_000, participant: "v-staff", action: "greet", target: "v-kid1" },
  { type: "staff_action", at: 50_000, participant: "v-staff", action: "greet", target: "v-kid1" },
  { type: "zone_changed", at: 70_000, participant: "v-kid1", from: "classroom", to: "talk" },
  { type: "position", at: 71_000, participant: "v-kid1", x: 650, z: -250 },
  { type: "position", at: 72_000, participant: "v-kid1", x: 699, z: -201 },
  { type: "position", at: 73_000, participant: "v-kid1", x: 720, z: -250 },
  { type: "emote", at: 100_000, participant: "v-kid1", emote: "wave" },
  { type: "status_changed", at: 110_000, participant: "v-kid1", status: "looking" },
  { type: "chat_sent", at: 130_000, participant: "v-kid1", channel: "space", zone: "talk", chars: 5 },
  { type: "help_requested", at: 150_000, participant: "v-kid1", kind: "help" },
  { type: "help_answered", at: 170_000, participant: "v-staff", kind: "help", student: "v-kid1", waitedMs: 20_000 },
  { type: "chat_sent", at: 175_000, participant: "v-staff", channel: "space", zone: "classroom", chars: 12 },
  { type: "left", at: 310_000, participant: "v-kid1", zone: "talk" },
  { type: "entered", at: 400_000, participant: "v-kid2", account: "acc-kid", role: "student", zone: "quiet" },
  { type: "emote", at: 420_000, participant: "v-kid2", emote: "smile" },
  { type: "left", at: 460_000, participant: "v-kid2", zone: "quiet" },
];
const visitAdmission = admissionOf({ "acc-kid": "activity" }, ["acc-staff"]);

describe("a session report, in exact numbers", () => {
  it("should give each admitted person their time, zones, ladder, first interaction, greeting and counts", () => {
    const { record, events } = session(visitSteps);
    const report = analyseSession(record, events, visitAdmission);
    const counts = new Array<number>(EMPTY_CELLS).fill(0);
    counts[9 * 40 + 26] = 2; // (6.50, -2.50) and (6.99, -2.01): the cell from x 6 to 7, z -3 to -2
    counts[9 * 40 + 27] = 1; // (7.20, -2.50)
    expect(report).toEqual({
      registration: record.registration,
      openedAt: OPEN,
      closedAt: OPEN + 600_000,
      interrupted: false,
      participants: [
        {
          pseudonym: "ps:acc-staff",
          role: "staff",
          msPresent: 600_000,
          msByZone: { classroom: 600_000 },
          ladder: "wrote",
          firstInteractionMs: 175_000,
          greetedAfterMs: null,
          messages: 1,
          emotes: 0,
          helpRequests: 0,
          msInTalk: 0,
          msMicOn: 0,
          segments: [{ from: 0, to: 600_000, zone: "classroom" }],
        },
        {
          pseudonym: "ps:acc-kid",
          role: "student",
          msPresent: 300_000 + 60_000,
          msByZone: { classroom: 60_000, talk: 240_000, quiet: 60_000 },
          ladder: "talked_with_staff",
          firstInteractionMs: 90_000, // the wave, from the first arrival
          greetedAfterMs: 30_000, // the first greeting (not the invitation before it); the second changes nothing
          messages: 1,
          emotes: 2,
          helpRequests: 1,
          msInTalk: 0,
          msMicOn: 0,
          segments: [
            { from: 10_000, to: 70_000, zone: "classroom" },
            { from: 70_000, to: 310_000, zone: "talk" },
            { from: 400_000, to: 460_000, zone: "quiet" },
          ],
        },
      ],
      helpWaitMs: [20_000],
      interactions: { studentLines: 1, staffLines: 1, staffActionsTowardStudents: 3 },
      heatmap: { x0: -20, z0: -12, cell: 1, cols: 40, rows: 24, counts },
    });
    SessionReport.parse(report);
  });

  it("should put each student on the highest step they reached, and only students on the last", () => {
    const kids = ["present", "status", "emote", "wrote", "listened", "spoke", "askedOnly", "walkedIn", "cameIn", "talk", "help", "report", "flag"];
    const steps: Step[] = [...visit("v-staff", "acc-staff", "staff", 0, null, "counselling")];
    for (const [i, kid] of kids.entries()) steps.push(...visit(`v-${kid}`, `acc-${kid}`, "student", 1000 + i, null, kid === "cameIn" ? "counselling" : "talk"));
    steps.push(
      // Walking between the other areas is no step at all.
      { type: "zone_changed", at: 19_000, participant: "v-present", from: "talk", to: "quiet" },
      { type: "zone_changed", at: 19_500, participant: "v-present", from: "quiet", to: "classroom" },
      { type: "status_changed", at: 20_000, participant: "v-status", status: "break" },
      { type: "emote", at: 20_000, participant: "v-emote", emote: "thumbs_up" },
      { type: "emote", at: 20_000, participant: "v-wrote", emote: "smile" },
      { type: "chat_sent", at: 21_000, participant: "v-wrote", channel: "zone", zone: "talk", chars: 3, phrase: "hello" },
      // Voice: joining a talk is listening; the microphone on is speaking (above writing).
      { type: "talk", at: 21_500, participant: "v-listened", kind: "spot", action: "joined" },
      { type: "talk", at: 21_500, participant: "v-spoke", kind: "spot", action: "joined" },
      { type: "talk", at: 21_600, participant: "v-spoke", kind: "spot", action: "mic_on" },
      { type: "help_requested", at: 22_000, participant: "v-askedOnly", kind: "help" },
      { type: "zone_changed", at: 23_000, participant: "v-walkedIn", from: "talk", to: "counselling" },
      { type: "help_answered", at: 24_000, participant: "v-staff", kind: "talk", student: "v-talk", waitedMs: 1 },
      { type: "help_answered", at: 24_000, participant: "v-staff", kind: "help", student: "v-help", waitedMs: 2 },
      { type: "help_answered", at: 24_000, participant: "v-staff", kind: "report", student: "v-report", waitedMs: 3 },
      { type: "help_answered", at: 24_000, participant: "v-staff", kind: "flag", student: "v-flag", waitedMs: 4 },
      // Staff in the counselling room are not "talking with staff".
      { type: "zone_changed", at: 25_000, participant: "v-staff", from: "counselling", to: "talk" },
      { type: "zone_changed", at: 26_000, participant: "v-staff", from: "talk", to: "counselling" },
    );
    const consent = Object.fromEntries(kids.map((k) => [`acc-${k}`, "activity" as const]));
    const report = analyseSession(session(steps).record, eventsOf("s", OPEN, steps), admissionOf(consent, ["acc-staff"]));
    const ladder = Object.fromEntries(report.participants.map((p) => [p.pseudonym.replace("ps:acc-", ""), p.ladder]));
    expect(ladder).toEqual({
      staff: "present",
      present: "present",
      status: "reacted",
      emote: "reacted",
      wrote: "wrote",
      listened: "listened",
      spoke: "spoke",
      askedOnly: "present", // asking for help is an interaction, not a step of the ladder
      walkedIn: "talked_with_staff",
      cameIn: "talked_with_staff",
      talk: "talked_with_staff",
      help: "talked_with_staff",
      report: "present",
      flag: "present",
    });
    const byName = (k: string) => report.participants.find((p) => p.pseudonym === `ps:acc-${k}`);
    expect(byName("status")).toMatchObject({ emotes: 0, messages: 0, firstInteractionMs: 20_000 - 1001 });
    expect(byName("emote")).toMatchObject({ emotes: 1, messages: 0, firstInteractionMs: 20_000 - 1002 });
    expect(byName("wrote")).toMatchObject({ emotes: 1, messages: 1, firstInteractionMs: 20_000 - 1003 });
    expect(byName("askedOnly")).toMatchObject({ helpRequests: 1, firstInteractionMs: 22_000 - 1006 });
    for (const k of ["present", "walkedIn", "cameIn", "talk", "help", "report", "flag"]) expect(byName(k)?.firstInteractionMs, k).toBeNull();
    expect(report.helpWaitMs).toEqual([1, 2, 3, 4]);
    expect(report.interactions).toEqual({ studentLines: 1, staffLines: 0, staffActionsTowardStudents: 0 });
  });

  it("should count one person once when a reloaded page enters before the earlier visit's seat gives way", () => {
    // The space writes the new visit's `entered` before the old one's `left` (the kept seat is
    // released after the new arrival joins): presence is the union of the visits, not their sum,
    // and each `left` ends its own visit.
    const steps: Step[] = [
      ...visit("v-staff", "acc-staff", "staff", 0, null),
      { type: "entered", at: 10_000, participant: "v-a", account: "acc-kid", role: "student", zone: "classroom" },
      { type: "entered", at: 20_000, participant: "v-b", account: "acc-kid", role: "student", zone: "classroom" },
      { type: "left", at: 50_000, participant: "v-a", zone: "classroom" },
      { type: "zone_changed", at: 60_000, participant: "v-b", from: "classroom", to: "talk" },
      { type: "left", at: 100_000, participant: "v-b", zone: "talk" },
      // A later, separate visit: its time adds to the rest.
      { type: "entered", at: 200_000, participant: "v-c", account: "acc-kid", role: "student", zone: "talk" },
      { type: "left", at: 230_000, participant: "v-c", zone: "talk" },
    ];
    const report = analyseSession(session(steps).record, eventsOf("s", OPEN, steps), visitAdmission);
    const kid = report.participants.find((p) => p.role === "student");
    expect(report.participants).toHaveLength(2);
    expect(kid).toMatchObject({
      msPresent: 90_000 + 30_000,
      msByZone: { classroom: 50_000, talk: 40_000 + 30_000 },
      segments: [
        { from: 10_000, to: 50_000, zone: "classroom" },
        { from: 20_000, to: 60_000, zone: "classroom" },
        { from: 60_000, to: 100_000, zone: "talk" },
        { from: 200_000, to: 230_000, zone: "talk" },
      ],
    });
  });

  it("should not count time twice when one visit lies inside another, nor when zones overlap out of order", () => {
    const steps: Step[] = [
      { type: "entered", at: 0, participant: "v-a", account: "acc-kid", role: "student", zone: "classroom" },
      { type: "zone_changed", at: 5_000, participant: "v-a", from: "classroom", to: "talk" },
      { type: "entered", at: 10_000, participant: "v-b", account: "acc-kid", role: "student", zone: "classroom" },
      { type: "zone_changed", at: 40_000, participant: "v-a", from: "talk", to: "classroom" },
      { type: "left", at: 20_000 + 20_000 + 5_000, participant: "v-b", zone: "classroom" },
      { type: "left", at: 100_000, participant: "v-a", zone: "classroom" },
    ];
    const report = analyseSession(session(steps).record, eventsOf("s", OPEN, steps), visitAdmission);
    // v-a: classroom 0–5 s, talk 5–40 s, classroom 40–100 s; v-b: classroom 10–45 s (inside).
    expect(report.participants[0]).toMatchObject({ msPresent: 100_000, msByZone: { classroom: 5_000 + 90_000, talk: 35_000 } });
  });

  it("should end what is still open at the last event when the session was never closed", () => {
    const steps: Step[] = [
      ...visit("v-staff", "acc-staff", "staff", 0, null),
      ...visit("v-kid", "acc-kid", "student", 30_000, null, "quiet"),
      { type: "position", at: 90_000, participant: "v-kid", x: -2000, z: -1200 },
    ];
    const { record, events } = session(steps, null);
    const report = analyseSession(record, events, visitAdmission);
    expect(report).toMatchObject({ closedAt: null, interrupted: true });
    expect(report.participants.map((p) => [p.msPresent, p.msByZone, p.segments])).toEqual([
      [90_000, { classroom: 90_000 }, [{ from: 0, to: 90_000, zone: "classroom" }]],
      [60_000, { quiet: 60_000 }, [{ from: 30_000, to: 90_000, zone: "quiet" }]],
    ]);
  });

  it("should end open stays at the closing, and nobody's presence runs past it", () => {
    const { record, events } = session([...visit("v-kid", "acc-kid", "student", 30_000, null, "quiet"), { type: "space_closed", at: 120_000, reason: "closed" }], 120_000);
    expect(analyseSession(record, events, visitAdmission).participants[0]?.msPresent).toBe(90_000);
    // An empty session lasts from its opening to its closing, with nobody in it.
    const empty = session([], 120_000);
    expect(analyseSession(empty.record, empty.events, visitAdmission)).toMatchObject({ participants: [], helpWaitMs: [], interactions: { studentLines: 0, staffLines: 0, staffActionsTowardStudents: 0 } });
  });

  it("should list staff first, then students, each by pseudonym", () => {
    const steps: Step[] = [
      ...visit("v1", "d-kid", "student", 0, null),
      ...visit("v2", "b-staff", "staff", 0, null),
      ...visit("v3", "c-kid", "student", 0, null),
      ...visit("v4", "a-staff", "staff", 0, null),
    ];
    const report = analyseSession(session(steps).record, eventsOf("s", OPEN, steps), admissionOf({ "d-kid": "activity", "c-kid": "activity_chat" }, ["a-staff", "b-staff"]));
    expect(report.participants.map((p) => p.pseudonym)).toEqual(["ps:a-staff", "ps:b-staff", "ps:c-kid", "ps:d-kid"]);
  });

  it("should count positions in the floor's 1 m cells, and none outside the floor", () => {
    const at = (x: number, z: number): Step => ({ type: "position", at: 1_000, participant: "v-kid", x, z });
    const steps: Step[] = [
      ...visit("v-kid", "acc-kid", "student", 0, null),
      at(-2000, -1200), // the first cell
      at(1999, 1199), // the last cell
      at(-1901, -1101), // still the first cell
      at(-1900, -1200), // the second cell of the first row
      at(-2000, -1100), // the first cell of the second row
      at(2000, 0), // outside: east of the floor
      at(-2001, 0), // outside: west
      at(0, 1200), // outside: south
      at(0, -1201), // outside: north
    ];
    const { heatmap } = analyseSession(session(steps).record, eventsOf("s", OPEN, steps), visitAdmission);
    const counts = new Array<number>(EMPTY_CELLS).fill(0);
    counts[0] = 2;
    counts[1] = 1;
    counts[40] = 1;
    counts[EMPTY_CELLS - 1] = 1;
    expect(heatmap).toEqual({ x0: -20, z0: -12, cell: 1, cols: 40, rows: 24, counts });
  });
});

/** Someone admitted and, around them, everyone who must leave no trace. */
const mixedSteps: Step[] = [
  ...visit("v-staff", "acc-staff", "staff", 0, null),
  ...visit("v-kid", "acc-kid", "student", 1_000, null, "talk"),
  // A student without consent: present, writing, waving, walking, asking and being answered.
  ...visit("v-none", "acc-none", "student", 2_000, null, "counselling"),
  { type: "chat_sent", at: 10_000, participant: "v-none", channel: "space", zone: "counselling", chars: 4, text: "mine" },
  { type: "emote", at: 11_000, participant: "v-none", emote: "wave" },
  { type: "position", at: 12_000, participant: "v-none", x: 0, z: 0 },
  { type: "help_requested", at: 13_000, participant: "v-none", kind: "talk" },
  { type: "help_answered", at: 14_000, participant: "v-staff", kind: "talk", student: "v-none", waitedMs: 1_000 },
  { type: "staff_action", at: 15_000, participant: "v-staff", action: "greet", target: "v-none" },
  { type: "staff_action", at: 16_000, participant: "v-staff", action: "mute", target: "v-none" },
  // Someone who entered without an account, and a staff member from elsewhere.
  { type: "entered", at: 3_000, participant: "v-anon", zone: "talk", role: "student" },
  { type: "chat_sent", at: 17_000, participant: "v-anon", channel: "space", zone: "talk", chars: 2 },
  ...visit("v-stranger", "acc-stranger", "staff", 4_000, null),
  { type: "chat_sent", at: 18_000, participant: "v-stranger", channel: "space", zone: "classroom", chars: 2 },
  { type: "staff_action", at: 19_000, participant: "v-stranger", action: "greet", target: "v-kid" },
  { type: "help_answered", at: 20_000, participant: "v-stranger", kind: "help", student: "v-kid", waitedMs: 7_000 },
  { type: "position", at: 21_000, participant: "v-stranger", x: 100, z: 100 },
  // Events of a visit the log never saw enter.
  { type: "chat_sent", at: 22_000, participant: "v-ghost", channel: "space", zone: "talk", chars: 2 },
  { type: "emote", at: 22_000, participant: "v-ghost", emote: "wave" },
  { type: "help_requested", at: 22_000, participant: "v-ghost", kind: "help" },
  { type: "position", at: 22_000, participant: "v-ghost", x: 100, z: 100 },
  { type: "left", at: 22_000, participant: "v-ghost", zone: "talk" },
  { type: "zone_changed", at: 22_000, participant: "v-ghost", from: "talk", to: "quiet" },
  // The admitted student, once, and the counsellor's greeting of them.
  { type: "staff_action", at: 30_000, participant: "v-staff", action: "greet", target: "v-kid" },
  { type: "position", at: 31_000, participant: "v-kid", x: 0, z: 0 },
  { type: "staff_action", at: 32_000, participant: "v-staff", action: "announce" },
  { type: "staff_action", at: 33_000, participant: "v-staff", action: "invite", target: "v-staff" },
  { type: "help_answered", at: 34_000, participant: "v-staff", kind: "help", waitedMs: 9_000 },
  { type: "left", at: 400_000, participant: "v-none", zone: "counselling" },
  { type: "left", at: 500_000, participant: "v-kid", zone: "talk" },
];
const mixedAdmission = admissionOf({ "acc-kid": "activity_chat", "acc-none": "none" }, ["acc-staff"]);

describe("an arrival the log wrote without a role", () => {
  // Only staff arrivals are marked as such; an account without a role is a student's.
  const steps: Step[] = [
    { type: "entered", at: 1_000, participant: "v-kid", account: "acc-kid", zone: "talk" },
    { type: "entered", at: 1_000, participant: "v-none", account: "acc-none", zone: "talk" },
    { type: "left", at: 61_000, participant: "v-kid", zone: "talk" },
  ];
  const admission = admissionOf({ "acc-kid": "activity", "acc-staff": "activity" }, ["acc-none"]);

  it("should count it as a student's, admitted by the student's consent", async () => {
    const { record, events } = session(steps);
    expect(analyseSession(record, events, admission).participants.map((p) => [p.pseudonym, p.role, p.msPresent])).toEqual([["ps:acc-kid", "student", 60_000]]);
    expect(replayOf(record, events, admission).tracks.map((t) => [t.pseudonym, t.role])).toEqual([["ps:acc-kid", "student"]]);
    const lines = (await drain(exportChunks("jsonl", sourceOf([record], { [record.space]: events }, admission)))).join("").trim().split("\n");
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>).map((l) => [l.type, l.participant, l.role])).toEqual([
      ["entered", "ps:acc-kid", "student"],
      ["left", "ps:acc-kid", "student"],
    ]);
  });
});

describe("people who are not admitted", () => {
  it("should leave no trace in a session report: not in people, lines, help waits, staff actions or the heatmap", () => {
    const { record, events } = session(mixedSteps);
    const report = analyseSession(record, events, mixedAdmission);
    expect(report.participants.map((p) => p.pseudonym)).toEqual(["ps:acc-staff", "ps:acc-kid"]);
    const kid = report.participants[1];
    expect(kid).toMatchObject({ msPresent: 499_000, msByZone: { talk: 499_000 }, ladder: "present", greetedAfterMs: 29_000, firstInteractionMs: null, messages: 0, emotes: 0, helpRequests: 0 });
    expect(report.participants[0]).toMatchObject({ msPresent: 600_000, messages: 0, firstInteractionMs: null });
    expect(report.helpWaitMs).toEqual([]);
    expect(report.interactions).toEqual({ studentLines: 0, staffLines: 0, staffActionsTowardStudents: 1 });
    expect(report.heatmap.counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(report.heatmap.counts[12 * 40 + 20]).toBe(1);
    expect(JSON.stringify(report)).not.toMatch(/acc-none|acc-stranger|v-none|v-anon|v-ghost/);
  });

  it("should leave no trace in a replay", () => {
    const { record, events } = session(mixedSteps);
    const replay = replayOf(record, events, mixedAdmission);
    expect(replay).toEqual({
      durationMs: 600_000,
      tracks: [
        { pseudonym: "ps:acc-staff", role: "staff", stays: [{ from: 0, to: 600_000 }], zones: [{ t: 0, zone: "classroom" }], points: [] },
        { pseudonym: "ps:acc-kid", role: "student", stays: [{ from: 1_000, to: 500_000 }], zones: [{ t: 1_000, zone: "talk" }], points: [{ t: 31_000, x: 0, z: 0 }] },
      ],
    });
  });

  it("should leave no trace in an export: their events, and events about them, stay out", async () => {
    const { record, events } = session(mixedSteps);
    const text = (await drain(exportChunks("jsonl", sourceOf([record], { [record.space]: events }, mixedAdmission)))).join("");
    expect(text).not.toMatch(/acc-none|acc-stranger|v-none|v-anon|v-ghost|mine/);
    const lines = text.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.type, l.participant, l.action ?? l.target ?? null])).toEqual([
      ["entered", "ps:acc-staff", null],
      ["entered", "ps:acc-kid", null],
      ["staff_action", "ps:acc-staff", "greet"],
      ["position", "ps:acc-kid", null],
      ["staff_action", "ps:acc-staff", "announce"],
      ["staff_action", "ps:acc-staff", "invite"],
      ["help_answered", "ps:acc-staff", null],
      ["left", "ps:acc-kid", null],
    ]);
    for (const format of ["csv", "xapi"] as const) {
      const out = (await drain(exportChunks(format, sourceOf([record], { [record.space]: events }, mixedAdmission)))).join("");
      expect(out, format).not.toMatch(/acc-none|acc-stranger|v-none|v-anon|v-ghost|v-staff|v-kid|mine/);
    }
  });
});

describe("a replay", () => {
  it("should give each admitted person one track: their stays, zones and positions from the opening", () => {
    const { record, events } = session(visitSteps);
    const replay = replayOf(record, events, visitAdmission);
    Replay.parse(replay);
    expect(replay).toEqual({
      durationMs: 600_000,
      tracks: [
        { pseudonym: "ps:acc-staff", role: "staff", stays: [{ from: 0, to: 600_000 }], zones: [{ t: 0, zone: "classroom" }], points: [] },
        {
          pseudonym: "ps:acc-kid",
          role: "student",
          stays: [
            { from: 10_000, to: 310_000 },
            { from: 400_000, to: 460_000 },
          ],
          zones: [
            { t: 10_000, zone: "classroom" },
            { t: 70_000, zone: "talk" },
            { t: 400_000, zone: "quiet" },
          ],
          points: [
            { t: 71_000, x: 650, z: -250 },
            { t: 72_000, x: 699, z: -201 },
            { t: 73_000, x: 720, z: -250 },
          ],
        },
      ],
    });
  });

  it("should end each visit's own stay when a reloaded page's new visit entered first", () => {
    const steps: Step[] = [
      { type: "entered", at: 10_000, participant: "v-a", account: "acc-kid", role: "student", zone: "classroom" },
      { type: "entered", at: 20_000, participant: "v-b", account: "acc-kid", role: "student", zone: "talk" },
      { type: "left", at: 20_005, participant: "v-a", zone: "classroom" },
      { type: "left", at: 100_000, participant: "v-b", zone: "talk" },
      { type: "left", at: 150_000, participant: "v-b", zone: "talk" },
      // In and out at the opening itself, and a stray second `left`: still an instant.
      { type: "entered", at: 0, participant: "v-z", account: "acc-staff", role: "staff", zone: "classroom" },
      { type: "left", at: 0, participant: "v-z", zone: "classroom" },
      { type: "left", at: 160_000, participant: "v-z", zone: "classroom" },
    ];
    const { record, events } = session(steps, 300_000);
    expect(replayOf(record, events, visitAdmission).tracks.map((t) => t.stays)).toEqual([
      [
        { from: 10_000, to: 20_005 },
        { from: 20_000, to: 100_000 },
      ],
      [{ from: 0, to: 0 }],
    ]);
  });

  it("should last until the last event when the session was never closed, and end open stays there", () => {
    const { record, events } = session([...visit("v-kid", "acc-kid", "student", 5_000, null), { type: "position", at: 42_000, participant: "v-kid", x: 1, z: 2 }], null);
    const replay = replayOf(record, events, visitAdmission);
    expect(replay.durationMs).toBe(42_000);
    expect(replay.tracks[0]?.stays).toEqual([{ from: 5_000, to: 42_000 }]);
    // Nobody in it: as long as the session, no tracks.
    const empty = session([], 77_000);
    expect(replayOf(empty.record, empty.events, visitAdmission)).toEqual({ durationMs: 77_000, tracks: [] });
  });
});

describe("the research API", () => {
  it("should be there on a server started inside this test, answering who is not signed in", async () => {
    // Started inside the test, in a file with no server of its own: when a server cannot start
    // (its research routes cannot be built), this test fails, where a failing beforeAll would
    // only skip a file's tests.
    const fresh = await startTestServer();
    try {
      const res = await fetch(`${fresh.url}/api/research/studies`);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "not_signed_in" });
    } finally {
      await fresh.close();
    }
  });
});

function sourceOf(sessions: SessionRecord[], events: Record<string, LoggedEvent[]>, admission: ExportSource["admission"]): ExportSource {
  return { sessions, events: async (space) => events[space] ?? [], admission, studyIri: "https://hidamari.example/studies/s-1", baseIri: "https://hidamari.example" };
}

describe("exports", () => {
  it("should write one CSV row per admitted person per session, in minutes and seconds", async () => {
    const { record, events } = session(visitSteps);
    const chunks = await drain(exportChunks("csv", sourceOf([record], { [record.space]: events }, visitAdmission)));
    expect(CSV_COLUMNS.join(",")).toBe(
      "session,session_opened,pseudonym,role,minutes_present,minutes_classroom,minutes_talk,minutes_quiet,minutes_counselling,ladder,first_interaction_seconds,greeted_after_seconds,messages,emotes,help_requests,minutes_in_voice_talk,minutes_microphone_on",
    );
    expect(chunks.join("")).toBe(
      [
        CSV_COLUMNS.join(","),
        `${record.registration},${ISO_OPEN},ps:acc-staff,staff,10.00,10.00,0.00,0.00,0.00,wrote,175.0,,1,0,0,0.00,0.00`,
        `${record.registration},${ISO_OPEN},ps:acc-kid,student,6.00,1.00,4.00,1.00,0.00,talked_with_staff,90.0,30.0,1,2,1,0.00,0.00`,
        "",
      ].join("\n"),
    );
    expect(chunks[0]).toBe(`${CSV_COLUMNS.join(",")}\n`);
  });

  it("should count each student's time in voice talks and with the microphone on, a talk still open ending with the log", async () => {
    const steps: Step[] = [
      ...visit("v-staff", "acc-staff", "staff", 0, null),
      ...visit("v-kid", "acc-kid", "student", 1_000, 300_000, "talk"),
      { type: "talk", at: 10_000, participant: "v-kid", kind: "spot", action: "joined" },
      { type: "talk", at: 20_000, participant: "v-kid", kind: "spot", action: "mic_on" },
      { type: "talk", at: 50_000, participant: "v-kid", kind: "spot", action: "mic_off" },
      { type: "talk", at: 70_000, participant: "v-kid", kind: "spot", action: "left" },
      // Back in a talk later; the log ends while it is still open.
      { type: "talk", at: 100_000, participant: "v-kid", kind: "counselling", action: "joined" },
      { type: "talk", at: 110_000, participant: "v-kid", kind: "counselling", action: "mic_on" },
    ];
    const { record, events } = session(steps, null);
    const kid = analyseSession(record, events, admissionOf({ "acc-kid": "activity" }, ["acc-staff"])).participants.find((p) => p.pseudonym === "ps:acc-kid");
    expect(kid).toMatchObject({ ladder: "spoke", msInTalk: 60_000 + 200_000, msMicOn: 30_000 + 190_000 });
    const csv = (await drain(exportChunks("csv", sourceOf([record], { [record.space]: events }, admissionOf({ "acc-kid": "activity" }, ["acc-staff"]))))).join("");
    expect(csv.trim().split("\n")[2]?.split(",").slice(-2)).toEqual(["4.33", "3.67"]);
  });

  it("should tell each voice talk to an LRS once, when it is left: how long, and how long the microphone was on", async () => {
    const steps: Step[] = [
      ...visit("v-kid", "acc-kid", "student", 1_000, 300_000, "talk"),
      { type: "talk", at: 10_000, participant: "v-kid", kind: "spot", action: "joined" },
      { type: "talk", at: 20_000, participant: "v-kid", kind: "spot", action: "mic_on" },
      { type: "talk", at: 50_000, participant: "v-kid", kind: "spot", action: "mic_off" },
      { type: "talk", at: 60_000, participant: "v-kid", kind: "spot", action: "mic_on" },
      { type: "talk", at: 70_000, participant: "v-kid", kind: "spot", action: "left" },
      { type: "talk", at: 80_000, participant: "v-kid", kind: "counselling", action: "joined" },
      { type: "talk", at: 95_000, participant: "v-kid", kind: "counselling", action: "left" },
    ];
    const { record, events } = session(steps);
    const text = (await drain(exportChunks("xapi", sourceOf([record], { [record.space]: events }, admissionOf({ "acc-kid": "activity" }))))).join("");
    const talks = (JSON.parse(text) as XapiStatement[]).filter((s) => s.verb.id === VERBS.talkedByVoice.id);
    expect(talks.map((s) => [s.timestamp, s.object.id, s.result])).toEqual([
      [new Date(OPEN + 70_000).toISOString(), "https://hidamari.example/activities/voice-talks/spot", { duration: "PT1M0S", extensions: { "https://hidamari.app/xapi/extensions/microphone-on-duration": "PT40S" } }],
      [new Date(OPEN + 95_000).toISOString(), "https://hidamari.example/activities/voice-talks/counselling", { duration: "PT15S", extensions: { "https://hidamari.app/xapi/extensions/microphone-on-duration": "PT0S" } }],
    ]);
    for (const s of talks) XapiStatement.parse(s);
  });

  it("should round CSV minutes to two places and seconds to one", async () => {
    const steps: Step[] = [
      ...visit("v-staff", "acc-staff", "staff", 0, null),
      ...visit("v-kid", "acc-kid", "student", 1_000, 1_000 + 12_345),
      { type: "staff_action", at: 1_000 + 4_449, participant: "v-staff", action: "greet", target: "v-kid" },
      { type: "emote", at: 1_000 + 4_451, participant: "v-kid", emote: "wave" },
    ];
    const { record, events } = session(steps, 100_000);
    const csv = (await drain(exportChunks("csv", sourceOf([record], { [record.space]: events }, visitAdmission)))).join("");
    expect(csv.trim().split("\n")[2]).toBe(`${record.registration},${ISO_OPEN},ps:acc-kid,student,0.21,0.21,0.00,0.00,0.00,reacted,4.5,4.4,0,1,0,0.00,0.00`);
  });

  it("should write a header only, an empty list or nothing, when there are no sessions", async () => {
    const none = sourceOf([], {}, visitAdmission);
    expect((await drain(exportChunks("csv", none))).join("")).toBe(`${CSV_COLUMNS.join(",")}\n`);
    expect((await drain(exportChunks("jsonl", none))).join("")).toBe("");
    expect((await drain(exportChunks("xapi", none))).join("")).toBe("[]\n");
  });

  it("should pseudonymise every JSON line: no per-visit id, account, space or organisation; text only with consent to chat", async () => {
    const steps: Step[] = [
      { type: "space_opened", at: 0, org: "org-secret", registration: "6d1a1c4e-0000-4000-8000-000000000000" },
      ...visit("v-a", "acc-a", "student", 1_000, null),
      { type: "entered", at: 2_000, participant: "v-s", account: "acc-s", role: "staff", zone: "classroom" },
      { type: "chat_sent", at: 3_000, participant: "v-a", channel: "space", zone: "classroom", chars: 5, text: "hello" },
      { type: "chat_sent", at: 3_200, participant: "v-s", channel: "zone", zone: "classroom", chars: 11, text: "staff words" },
      { type: "staff_action", at: 4_000, participant: "v-s", action: "greet", target: "v-a" },
      { type: "help_answered", at: 4_400, participant: "v-s", kind: "help", student: "v-a", waitedMs: 200 },
      { type: "position", at: 5_000, participant: "v-a", x: 100, z: 200 },
      { type: "left", at: 6_000, participant: "v-a", zone: "classroom" },
      { type: "space_closed", at: 7_000, reason: "closed" },
    ];
    const { record, events } = session(steps, 7_000);
    const exported = async (level: "activity" | "activity_chat") => {
      const text = (await drain(exportChunks("jsonl", sourceOf([record], { [record.space]: events }, admissionOf({ "acc-a": level }, ["acc-s"]))))).join("");
      expect(text).not.toMatch(/v-a|v-s"|org-secret|6d1a1c4e|"v"|space-/);
      return text
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    };
    const reg = record.registration;
    const a = { participant: "ps:acc-a", role: "student", session: reg };
    const s = { participant: "ps:acc-s", role: "staff", session: reg };
    const expected = (text: boolean) => [
      { type: "space_opened", at: OPEN, session: reg },
      { type: "entered", at: OPEN + 1_000, zone: "classroom", ...a },
      { type: "entered", at: OPEN + 2_000, zone: "classroom", ...s },
      { type: "chat_sent", at: OPEN + 3_000, channel: "space", zone: "classroom", chars: 5, ...(text ? { text: "hello" } : {}), ...a },
      { type: "chat_sent", at: OPEN + 3_200, channel: "zone", zone: "classroom", chars: 11, ...s },
      { type: "staff_action", at: OPEN + 4_000, action: "greet", target: "ps:acc-a", ...s },
      { type: "help_answered", at: OPEN + 4_400, kind: "help", student: "ps:acc-a", waitedMs: 200, ...s },
      { type: "position", at: OPEN + 5_000, x: 100, z: 200, ...a },
      { type: "left", at: OPEN + 6_000, zone: "classroom", ...a },
      { type: "space_closed", at: OPEN + 7_000, reason: "closed", session: reg },
    ];
    expect(await exported("activity_chat")).toEqual(expected(true));
    expect(await exported("activity")).toEqual(expected(false));
  });

  it("should write xAPI as one JSON array across sessions, whichever of them have no statements", async () => {
    const admitted = session([...visit("v-kid", "acc-kid", "student", 1_000, 61_500, "talk")], 100_000);
    const nobody = session([...visit("v-none", "acc-none", "student", 1_000, 2_000)], 100_000);
    const also = session([...visit("v-staff", "acc-staff", "staff", 0, 3_723_400)], 4_000_000);
    const all = { [admitted.record.space]: admitted.events, [nobody.record.space]: nobody.events, [also.record.space]: also.events };
    const statementsOf = async (sessions: SessionRecord[]) => {
      const text = (await drain(exportChunks("xapi", sourceOf(sessions, all, visitAdmission)))).join("");
      expect(text.startsWith("[")).toBe(true);
      expect(text.endsWith("]\n")).toBe(true);
      return (JSON.parse(text) as unknown[]).map((s) => XapiStatement.parse(s));
    };
    const one = await statementsOf([nobody.record, admitted.record, nobody.record, also.record, nobody.record]);
    expect(one.map((s) => [s.actor.account.name, s.verb.display.en, s.result?.duration ?? null, s.context.registration])).toEqual([
      ["ps:acc-kid", "joined", null, admitted.record.registration],
      ["ps:acc-kid", "experienced", "PT1M0.5S", admitted.record.registration],
      ["ps:acc-kid", "left", "PT1M0.5S", admitted.record.registration],
      ["ps:acc-staff", "joined", null, also.record.registration],
      ["ps:acc-staff", "experienced", "PT1H2M3.4S", also.record.registration],
      ["ps:acc-staff", "left", "PT1H2M3.4S", also.record.registration],
    ]);
    expect(new Set(one.map((s) => s.id)).size).toBe(6);
    expect((await statementsOf([admitted.record, also.record])).map((s) => s.id)).toEqual(one.map((s) => s.id));
    expect(await statementsOf([nobody.record])).toEqual([]);
  });

  it("should write each xAPI statement in full: actor, verb, object, result, context, time and version", async () => {
    const steps: Step[] = [
      { type: "entered", at: 1_000, participant: "v-kid", account: "acc-kid", role: "student", zone: "talk" },
      { type: "zone_changed", at: 61_000, participant: "v-kid", from: "talk", to: "quiet" },
      { type: "chat_sent", at: 70_000, participant: "v-kid", channel: "zone", zone: "quiet", chars: 2, text: "hi" },
      { type: "emote", at: 80_000, participant: "v-kid", emote: "wave" },
      // The same kind at the same moment, three times over: still three statements, three ids.
      { type: "emote", at: 80_000, participant: "v-kid", emote: "smile" },
      { type: "emote", at: 80_000, participant: "v-kid", emote: "thumbs_up" },
      { type: "status_changed", at: 90_000, participant: "v-kid", status: "break" },
      { type: "help_requested", at: 100_000, participant: "v-kid", kind: "help" },
      { type: "left", at: 121_000, participant: "v-kid", zone: "quiet" },
    ];
    const { record, events } = session(steps, 200_000);
    const base = "https://hidamari.example";
    const space = { objectType: "Activity", id: `${base}/activities/space`, definition: { name: { ja: "ひだまり", en: "Hidamari" } } };
    const zone = (z: "talk" | "quiet") => ({ objectType: "Activity", id: `${base}/activities/zones/${z}`, definition: { name: { ja: zoneById(z).name.ja, en: zoneById(z).name.en }, type: "http://adlnet.gov/expapi/activities/module" } });
    const verb = (v: keyof typeof VERBS) => ({ id: VERBS[v].id, display: { ...VERBS[v].display } });
    const statement = (at: number, v: keyof typeof VERBS, object: unknown, result?: unknown) => ({
      actor: { objectType: "Agent", account: { homePage: `${base}/studies/s-1`, name: "ps:acc-kid" } },
      verb: verb(v),
      object,
      ...(result ? { result } : {}),
      context: { registration: record.registration, platform: "Hidamari", language: "ja-JP" },
      timestamp: new Date(OPEN + at).toISOString(),
      version: "1.0.3",
    });
    const exported = async (level: "activity" | "activity_chat") => {
      const text = (await drain(exportChunks("xapi", sourceOf([record], { [record.space]: events }, admissionOf({ "acc-kid": level }))))).join("");
      const all = JSON.parse(text) as Array<Record<string, unknown>>;
      // Every statement its own id (an LRS keeps one statement per id).
      expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
      return all.map(({ id, ...rest }) => {
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        return rest;
      });
    };
    const expected = (text: boolean) => [
      statement(1_000, "joined", space),
      statement(61_000, "experienced", zone("talk"), { duration: "PT1M0S" }),
      statement(70_000, "commented", space, text ? { response: "hi" } : undefined),
      statement(80_000, "interacted", space),
      statement(80_000, "interacted", space),
      statement(80_000, "interacted", space),
      statement(90_000, "interacted", space),
      statement(100_000, "askedForHelp", space),
      statement(121_000, "experienced", zone("quiet"), { duration: "PT1M0S" }),
      statement(121_000, "left", space, { duration: "PT2M0S" }),
    ];
    expect(await exported("activity_chat")).toEqual(expected(true));
    expect(await exported("activity")).toEqual(expected(false));
  });

  it("should write ISO 8601 durations", () => {
    expect(isoDuration(0)).toBe("PT0S");
    expect(isoDuration(-5_000)).toBe("PT0S");
    expect(isoDuration(1_250)).toBe("PT1.3S");
    expect(isoDuration(61_500)).toBe("PT1M1.5S");
    expect(isoDuration(3_600_000)).toBe("PT1H0S");
    expect(isoDuration(3_723_400)).toBe("PT1H2M3.4S");
    expect(isoDuration(26 * 3_600_000 + 60_000)).toBe("PT26H1M0S");
  });
});
