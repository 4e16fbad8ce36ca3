import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import type { LoggedEvent } from "../../../shared/log/events.ts";
import { ZONE_IDS } from "../../../shared/domain/zones.ts";
import { startPostgres } from "../../../scripts/throwaway/postgres.ts";
import { type Person, staffMember } from "../../support/people.ts";
import { type TestServer, startTestServer } from "../../support/server.ts";
import { Histogram, table } from "../lib/stats.ts";

/**
 * The researcher's API on a year of data: `orgs` organisations, a session every school day in
 * each (students entering, walking between zones with positions sampled, chatting, leaving),
 * written through the store's own session log, on the embedded SQLite file and on PostgreSQL.
 * One organisation's researcher then reads the year: the sessions list, the attendance
 * calendar and sessions' reports (p50 and p95 of repeated reads), and the export of a month, a
 * term and the whole year (JSON lines, event by event: the largest), with the heap it took
 * (flat in the size of the range if it streams). The other organisations' data is there so that
 * what is measured is finding one's own among everyone's.
 */
export interface Latency {
  p50: number;
  p95: number;
  reads: number;
}
export interface ExportFigures {
  range: "month" | "term" | "year";
  ms: number;
  bytes: number;
  /** The most the heap grew above where it was when the export started, MB. */
  heapPeakMb: number;
}
export interface EngineFigures {
  engine: "sqlite" | "postgres";
  events: number;
  writeSeconds: number;
  sessions: Latency;
  attendance: Latency;
  report: Latency;
  exports: ExportFigures[];
}
export interface ResearchYearResult {
  orgs: number;
  days: number;
  students: number;
  engines: EngineFigures[];
}

const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60_000;

/** One school day's session: a counsellor and `students` children, two hours, as the space logs it. */
function sessionEvents(org: string, openedAt: number, students: string[], staff: string, n: () => number): LoggedEvent[] {
  const space = `bench-${randomUUID()}`;
  const events: LoggedEvent[] = [{ v: 1, at: openedAt, space, type: "space_opened", org, registration: randomUUID() }];
  const people: Array<[string, "student" | "staff"]> = [[staff, "staff"], ...students.map((s): [string, "student"] => [s, "student"])];
  for (const [account, role] of people) {
    const participant = randomUUID();
    let at = openedAt + Math.floor(n() * 20 * MINUTE);
    let zone: (typeof ZONE_IDS)[number] = "talk";
    events.push({ v: 1, at, space, type: "entered", participant, zone, account, role });
    for (let move = 0; move < 3; move++) {
      const to = ZONE_IDS[Math.floor(n() * 3)] ?? "talk";
      at += Math.floor((5 + n() * 20) * MINUTE);
      for (let sample = 0; sample < 4; sample++) events.push({ v: 1, at: at + sample * 1000, space, type: "position", participant, x: Math.floor(n() * 1200), z: Math.floor(n() * 800) });
      if (to !== zone) events.push({ v: 1, at: at + 4000, space, type: "zone_changed", participant, from: zone, to });
      zone = to;
      events.push({ v: 1, at: at + 5000, space, type: "chat_sent", participant, channel: "space", zone, chars: 12 });
    }
    events.push({ v: 1, at: openedAt + 110 * MINUTE + Math.floor(n() * 9 * MINUTE), space, type: "left", participant, zone });
  }
  events.push({ v: 1, at: openedAt + 2 * 60 * MINUTE, space, type: "space_closed", reason: "closed" });
  return events;
}

async function measure(server: TestServer, options: { orgs: number; days: number; students: number }, say: (line: string) => void): Promise<Omit<EngineFigures, "engine">> {
  const { directory, studies, log } = server.services;
  // A fixed sequence, so both engines hold the same year.
  let seed = 42;
  const n = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const start = Date.UTC(2025, 3, 7, 0, 0); // a Monday in April, the school year's start
  let mine = { id: "", researcher: null as Person | null, study: "" };
  let events = 0;
  const written = performance.now();
  for (let o = 0; o < options.orgs; o++) {
    const org = await directory.createOrganisation(`ベンチ ${o}`);
    const staff = await directory.addStaff({ orgId: org.id, username: `bench-${o}-${randomUUID().slice(0, 6)}`, displayName: "先生", role: "counsellor", password: "correct horse battery" });
    const kids: string[] = [];
    for (let k = 0; k < options.students; k++) {
      const { student } = await directory.registerStudent({ orgId: org.id, nickname: `こ${k}` });
      if (k % 2 === 0) await directory.setConsent(student.id, "activity", "bench");
      kids.push(student.id);
    }
    if (o === 0) mine = { id: org.id, researcher: await staffMember(server, org.id, "researcher"), study: (await studies.create(org.id, "year")).id };
    for (let d = 0, day = 0; day < options.days; d++) {
      const weekday = (d % 7) + 1; // 1 = Monday
      if (weekday > 5) continue;
      const session = sessionEvents(org.id, start + d * DAY + 1 * 60 * MINUTE, kids, staff.id, n);
      for (const e of session) log.append(e);
      events += session.length;
      day++;
      if (day % 25 === 0) await log.flush();
    }
    await log.flush();
    say(`  ${o + 1} / ${options.orgs} organisations written`);
  }
  const writeSeconds = (performance.now() - written) / 1000;
  const researcher = mine.researcher as Person;
  const read = async (route: string, range = "from=0") => {
    const res = await fetch(`${server.url}/api/research${route}${route.includes("?") ? "&" : "?"}study=${mine.study}&${range}`, { headers: { cookie: researcher.cookie } });
    if (!res.ok) throw new Error(`${route}: ${res.status} ${(await res.text()).slice(0, 200)}`);
    // Read as it arrives and let it go: the bytes are counted, not kept (the server runs in this process).
    let bytes = 0;
    for await (const chunk of res.body ?? []) bytes += (chunk as Uint8Array).byteLength;
    return bytes;
  };
  const latency = async (routes: string[]): Promise<Latency> => {
    const h = new Histogram();
    for (const route of routes) {
      const t0 = performance.now();
      await read(route);
      h.add(performance.now() - t0);
    }
    return { p50: h.quantile(0.5), p95: h.quantile(0.95), reads: routes.length };
  };
  const list = await fetch(`${server.url}/api/research/sessions?study=${mine.study}&from=0`, { headers: { cookie: researcher.cookie } });
  const sessionList = ((await list.json()) as { sessions: Array<{ registration: string }> }).sessions;
  say(`  reading: ${sessionList.length} sessions of one organisation`);
  const sessions = await latency(Array.from({ length: 20 }, () => "/sessions"));
  const attendance = await latency(Array.from({ length: 10 }, () => "/attendance"));
  // Twenty different sessions, spread over the year.
  const report = await latency(Array.from({ length: 20 }, (_, i) => `/sessions/${sessionList[Math.floor(((i + 0.5) * sessionList.length) / 20)]?.registration}`));
  const exports: ExportFigures[] = [];
  for (const [range, days] of [["month", 30], ["term", 120], ["year", 400]] as const) {
    const baseline = v8.getHeapStatistics().used_heap_size;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, v8.getHeapStatistics().used_heap_size)), 5);
    const t0 = performance.now();
    const bytes = await read("/export?format=jsonl", `from=${start}&to=${start + days * DAY}`);
    const ms = performance.now() - t0;
    clearInterval(sampler);
    peak = Math.max(peak, v8.getHeapStatistics().used_heap_size);
    exports.push({ range, ms, bytes, heapPeakMb: (peak - baseline) / 1e6 });
  }
  return { events, writeSeconds, sessions, attendance, report, exports };
}

export async function runResearchYear(options: { orgs: number; days: number; students: number }, say: (line: string) => void): Promise<ResearchYearResult> {
  const engines: EngineFigures[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-bench-year-"));
  try {
    say(" SQLite");
    const sqlite = await startTestServer({ dbFile: path.join(dir, "year.sqlite"), storeLog: true });
    try {
      engines.push({ engine: "sqlite", ...(await measure(sqlite, options, say)) });
    } finally {
      await sqlite.close();
    }
    say(" PostgreSQL");
    const postgres = await startPostgres();
    try {
      const pg = await startTestServer({ databaseUrl: await postgres.database() });
      try {
        engines.push({ engine: "postgres", ...(await measure(pg, options, say)) });
      } finally {
        await pg.close();
      }
    } finally {
      postgres.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { ...options, engines };
}

export function researchYearReport(r: ResearchYearResult): string {
  const ms = (x: number) => x.toFixed(0);
  const lat = (l: Latency) => `${ms(l.p50)} / ${ms(l.p95)}`;
  const latencyRows = [
    ["engine", "writing", "sessions list p50 / p95 ms", "attendance p50 / p95 ms", "one session's report p50 / p95 ms"],
    ...r.engines.map((e) => [e.engine, `${e.writeSeconds.toFixed(0)} s`, lat(e.sessions), lat(e.attendance), lat(e.report)]),
  ];
  const exportRows = [
    ["engine", "range", "export", "time", "heap peak above start"],
    ...r.engines.flatMap((e) => e.exports.map((x) => [e.engine, x.range, x.bytes < 1e6 ? `${(x.bytes / 1e3).toFixed(0)} kB` : `${(x.bytes / 1e6).toFixed(1)} MB`, `${ms(x.ms)} ms`, `${x.heapPeakMb.toFixed(1)} MB`])),
  ];
  const [a, b] = r.engines;
  const ratio = a && b ? `postgres / sqlite (p95): sessions ×${(b.sessions.p95 / a.sessions.p95).toFixed(2)}, attendance ×${(b.attendance.p95 / a.attendance.p95).toFixed(2)}, report ×${(b.report.p95 / a.report.p95).toFixed(2)}` : "";
  return [
    `RESEARCH API ON A YEAR: ${r.orgs} organisations × ${r.days} school days × ${r.students} students, ${r.engines[0]?.events ?? 0} events (one organisation's researcher reads)`,
    table(latencyRows),
    ratio,
    table(exportRows),
  ].join("\n");
}
