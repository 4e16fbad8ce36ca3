import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dayIn } from "../../shared/domain/days.ts";
import { Bot, sleep } from "../../server/demo/bots.ts";
import { runDemo } from "../../server/demo/runDemo.ts";
import { type Person, organisation, request, staffMember } from "../support/people.ts";
import { orgEvents } from "../support/research.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * Attendance evidence for a child's school (issue 19), from a month of demo days played through
 * the real server (server/demo/runDemo.ts, the log's clock set to each past day) and one more
 * session the test plays itself, where the child and another child chat and the counsellor
 * greets. The PDF is read back with poppler (pdffonts, pdftotext), the CSV as text: every day the
 * log says the child came is there, and nothing of the other children, nothing anyone said.
 */
let server: TestServer;
let dir: string;
let base = Date.now();
let started = Date.now();
let speed = 1;
const clock = {
  now: () => Math.round(base + (Date.now() - started) * speed),
  set(b: number, s: number) {
    base = b;
    started = Date.now();
    speed = s;
  },
};

let org: { id: string; name: string };
let counsellor: Person;
let child: { id: string; nickname: string };
let others: string[];
let period: { from: string; to: string };
/** The days the log says the child came in (on Tokyo's clock), read straight from `entered` events. */
let present: string[];
const SECRET_CHILD = "ないしょの そうだん がっこうが こわい";
const SECRET_OTHER = "ほかのこの ひみつの ことば";
const SECRET_STAFF = "おうちの ことを きかせてね";
const DAY = 24 * 3600_000;
/** `count` weekdays before `before`, oldest first, each at 10:00 in Tokyo (01:00 UTC). */
function weekdaysBefore(before: number, count: number): number[] {
  const days: number[] = [];
  const d = new Date(before);
  d.setUTCHours(1, 0, 0, 0);
  while (days.length < count) {
    d.setUTCDate(d.getUTCDate() - 1);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) days.unshift(d.getTime());
  }
  return days;
}
const COMMENT = "毎日 少しずつ 来られるように なりました。学校の 先生にも よろしく お伝えください。";

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-attendance-"));
  server = await startTestServer({ dbFile: path.join(dir, "hidamari.sqlite"), storeLog: true, clock });
  // A few days from the demo generator (lessons, self-study, help, many children), then a month of
  // lean days played below: the whole generator for a month takes minutes on a small machine.
  await runDemo({ services: { ...server.services, clock }, url: server.url, days: 3, secondsPerSession: 2, speed: 500 });
  const demoOrg = (await server.services.directory.organisationSummaries()).find((o) => o.name.includes("デモ"));
  if (!demoOrg) throw new Error("no demo organisation");
  org = { id: demoOrg.id, name: demoOrg.name };
  const students = await server.services.directory.studentsOf(org.id);
  const haruka = students.find((s) => s.nickname === "はるか");
  if (!haruka) throw new Error("no demo child");
  child = { id: haruka.id, nickname: haruka.nickname };
  others = students.filter((s) => s.id !== haruka.id).map((s) => s.nickname);
  counsellor = await staffMember(server, org.id, "counsellor", "さとう相談員");

  // A month of weekdays before the demo's: the child comes on most, another child on every one;
  // the counsellor greets the child; everyone says something (kept: both children consented to chat content).
  const other = await server.services.directory.registerStudent({ orgId: org.id, nickname: "ゆうまくん" });
  others.push("ゆうまくん");
  await server.services.directory.setConsent(other.student.id, "activity_chat", "test");
  const enter = async (code: string) => (await request(server, "POST", "/enter", { code })).setCookie.split(";")[0] ?? "";
  const mine = await enter(await server.services.directory.reissueCode(child.id));
  const theirs = await enter(other.code);
  for (const [i, day] of weekdaysBefore(Date.now() - 7 * DAY, 20).entries()) {
    clock.set(day, 3000); // a real second is fifty minutes of the log's: each visit lasts a while
    const host = await Bot.join(server.url, counsellor.cookie, org.id, { colour: "sun", accessory: "glasses" });
    const them = await Bot.join(server.url, theirs, org.id, { colour: "leaf", accessory: "none" });
    them.say(SECRET_OTHER);
    if (i % 4 !== 3) {
      const me = await Bot.join(server.url, mine, org.id, { colour: "sky", accessory: "none" });
      host.room.send("greet", { target: me.room.sessionId });
      me.say(SECRET_CHILD);
      host.say(SECRET_STAFF);
      await sleep(300);
      await me.leave();
    }
    await them.leave();
    host.room.send("closeSpace", {});
    await sleep(200);
    await host.leave();
  }
  await server.log.flush();

  const events = await orgEvents(server.log, org.id);
  // The words were really kept (the child consented to chat content): their absence below means something.
  const said = events.flatMap((e) => (e.type === "chat_sent" && e.text ? [e.text] : []));
  expect(said).toContain(SECRET_CHILD);
  expect(said).toContain(SECRET_OTHER);
  const days = events.filter((e) => e.type === "space_opened").map((e) => dayIn("Asia/Tokyo", e.at)).sort();
  period = { from: days[0] ?? "", to: days.at(-1) ?? "" };
  present = [...new Set(events.flatMap((e) => (e.type === "entered" && e.account === child.id ? [dayIn("Asia/Tokyo", e.at)] : [])))].sort();
}, 300_000);

afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function produce(who: Person, studentId: string, body: Record<string, unknown>) {
  const response = await fetch(`${server.url}/api/staff/students/${studentId}/attendance`, { method: "POST", headers: { "content-type": "application/json", cookie: who.cookie }, body: JSON.stringify(body) });
  return { status: response.status, type: response.headers.get("content-type"), bytes: Buffer.from(await response.arrayBuffer()) };
}
function saved(bytes: Buffer): string {
  const file = path.join(dir, `report-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, bytes);
  return file;
}
const pdfText = (file: string) => execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
const pdfFonts = (file: string) => execFileSync("pdffonts", [file], { encoding: "utf8" });
/** 2026-11-06 → 11月6日, as the Japanese report writes a day. */
const jaDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

describe("an attendance report for a child's school", () => {
  it("should list, in a PDF with the font embedded, every day the child came over a month, with the comment and the totals, and nothing of other children or of anything said", async () => {
    expect(present.length).toBeGreaterThanOrEqual(15);
    const made = await produce(counsellor, child.id, { ...period, lang: "ja", comment: COMMENT, format: "pdf" });
    expect(made.status).toBe(200);
    expect(made.type).toContain("application/pdf");
    const file = saved(made.bytes);
    // Kept beside the browser tests' screenshots, to look at.
    fs.mkdirSync("test-results", { recursive: true });
    fs.copyFileSync(file, path.join("test-results", "attendance-month-ja.pdf"));
    const fonts = pdfFonts(file);
    expect(fonts).toMatch(/NotoSansJP/);
    // Every font line says "yes" under emb: nothing is left to the reader's system.
    for (const line of fonts.split("\n").slice(2).filter(Boolean)) expect(line).toMatch(/\byes\b.*\byes\b.*\byes\b/);
    const text = pdfText(file);
    expect(text).toContain(org.name);
    expect(text).toContain("出席の報告");
    for (const day of present) expect(text, day).toContain(jaDay(day));
    // No day the child did not come.
    const listed = [...text.matchAll(/(\d{1,2})月(\d{1,2})日（/g)].map((m) => `${m[1]}-${m[2]}`);
    expect(new Set(listed)).toEqual(new Set(present.map((d) => `${Number(d.slice(5, 7))}-${Number(d.slice(8, 10))}`)));
    expect(text).toContain(`出席した日: ${present.length} 日`);
    expect(text.replace(/\s+/g, "")).toContain(COMMENT.replace(/\s+/g, ""));
    // Without a school name entered, the nickname, and the report says so.
    expect(text).toContain(child.nickname);
    expect(text).toContain("学校での名前は登録されていません");
    expect(text).toMatch(/あいさつ \d+回/);
    expect(text).toMatch(/1 \/ \d+ ページ/);
    for (const secret of [SECRET_CHILD, SECRET_OTHER, SECRET_STAFF]) expect(text.replace(/\s+/g, "")).not.toContain(secret.replace(/\s+/g, ""));
    for (const nickname of others) expect(text, nickname).not.toContain(nickname);
  });

  it("should give the same days as CSV (UTF-8 with a BOM), with nothing said and no other child in it", async () => {
    const csv = await produce(counsellor, child.id, { ...period, lang: "ja", comment: COMMENT, format: "csv" });
    expect(csv.status).toBe(200);
    expect(csv.type).toContain("text/csv");
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.bytes.toString("utf8");
    const days = text.split("\r\n").flatMap((line) => (/^\d{4}-\d{2}-\d{2},/.test(line) ? [line.slice(0, 10)] : []));
    expect(days).toEqual(present);
    expect(text).toContain(`合計,${present.length},`);
    for (const secret of [SECRET_CHILD, SECRET_OTHER, SECRET_STAFF]) expect(text).not.toContain(secret);
    for (const nickname of others) expect(text, nickname).not.toContain(nickname);
    // The PDF in English lists the same days too.
    const en = pdfText(saved((await produce(counsellor, child.id, { ...period, lang: "en", comment: "Doing well.", format: "pdf" })).bytes));
    for (const day of present) expect(en).toContain(day);
    expect(en).toContain(`Days present: ${present.length}`);
  });

  it("should name the child as the school knows them only once staff entered it, and keep that name from children", async () => {
    const set = await counsellor.http("PUT", `/staff/students/${child.id}/school`, { nameAtSchool: "山田 春香", school: "みなみ小学校", grade: "5年" });
    expect(set.status).toBe(200);
    const text = pdfText(saved((await produce(counsellor, child.id, { ...period, lang: "ja", comment: "", format: "pdf" })).bytes));
    expect(text).toContain("山田 春香");
    expect(text).toContain("みなみ小学校");
    expect(text).not.toContain("学校での名前は登録されていません");
    // What a child's own door says about them carries no school name.
    const code = await server.services.directory.reissueCode(child.id);
    const entered = await request(server, "POST", "/enter", { code });
    expect(JSON.stringify(entered.json)).not.toContain("山田");
    const me = await request(server, "GET", "/me", undefined, entered.setCookie.split(";")[0]);
    expect(JSON.stringify(me.json)).not.toContain("山田");
  });

  it("should refuse another organisation's counsellor (404, audited as denied), and audit each report with who, which child and which period, never its content", async () => {
    const elsewhere = await organisation(server, "きた区 教育支援センター");
    const stranger = await staffMember(server, elsewhere.id, "counsellor", "よその先生");
    const refused = await produce(stranger, child.id, { ...period, lang: "ja", comment: "", format: "pdf" });
    // Not found, as for every route with a child's id: whether an id exists in another organisation is not told.
    expect(refused.status).toBe(404);
    expect(refused.bytes.length).toBeLessThan(100);
    expect((await stranger.http("POST", `/staff/students/${child.id}/attendance/link`, { ...period, lang: "ja", comment: "" })).status).toBe(404);
    expect((await stranger.http("GET", `/staff/students/${child.id}/school`)).status).toBe(404);
    const denied = await server.services.audit.find(elsewhere.id, { action: "attendance_report" });
    expect(denied).toEqual([expect.objectContaining({ outcome: "denied", target: child.id })]);
    const done = await server.services.audit.find(org.id, { action: "attendance_report" });
    expect(done.length).toBeGreaterThanOrEqual(4);
    for (const entry of done) {
      expect(entry).toMatchObject({ outcome: "done", target: child.id, detail: { from: period.from, to: period.to } });
      expect(JSON.stringify(entry)).not.toContain("毎日");
    }
    // A student may not ask at all.
    const code = await server.services.directory.reissueCode(child.id);
    const kid = (await request(server, "POST", "/enter", { code })).setCookie.split(";")[0] ?? "";
    expect((await request(server, "POST", `/staff/students/${child.id}/attendance`, { ...period, lang: "ja", comment: "", format: "pdf" }, kid)).status).toBe(403);
  });

  it("should give the guardian a one-time link: the PDF once, then 410; a made-up link 404; in the guardian's copy of the child's records, and erased with the child", async () => {
    const made = await counsellor.http("POST", `/staff/students/${child.id}/attendance/link`, { ...period, lang: "ja", comment: COMMENT });
    expect(made.status).toBe(201);
    const url = String(made.json.url);
    expect(url).toMatch(/\/api\/attendance\/[\w-]{20,}$/);
    expect(Number(made.json.expiresAt)).toBeGreaterThan(clock.now() + 13 * 24 * 3600_000);
    const opened = await fetch(url);
    expect(opened.status).toBe(200);
    expect(opened.headers.get("content-type")).toContain("application/pdf");
    const text = pdfText(saved(Buffer.from(await opened.arrayBuffer())));
    for (const day of present) expect(text).toContain(jaDay(day));
    expect((await fetch(url)).status).toBe(410);
    expect((await fetch(`${server.url}/api/attendance/not-a-real-token-at-all`)).status).toBe(404);
    // Only the hash of the token is stored.
    const token = url.split("/").at(-1) ?? "";
    expect(fs.readFileSync(path.join(dir, "hidamari.sqlite")).includes(Buffer.from(token))).toBe(false);

    const held = (await server.services.attendanceReports.aboutStudent(child.id)) as { reports: Array<{ format: string; link_used_at: number | null }> };
    expect(held.reports.filter((r) => r.format === "link").every((r) => r.link_used_at !== null)).toBe(true);
    expect(held.reports.length).toBeGreaterThanOrEqual(5);
    // A guardian's copy holds these records (not the reports' content); erasing the child takes them, and the school name, out of the file.
    const copy = await server.services.rights.heldAbout(org.id, child.id);
    expect(JSON.stringify(copy.parts.attendanceReports)).toContain("山田 春香");
    expect(JSON.stringify(copy.parts.attendanceReports)).not.toContain("毎日");
    const erased = await server.services.rights.erase(org.id, child.id);
    expect(erased.erased.attendanceReports).toBeGreaterThanOrEqual(6);
    expect(await server.services.attendanceReports.aboutStudent(child.id)).toEqual({ reports: [], schoolName: null });
    const file = fs.readFileSync(path.join(dir, "hidamari.sqlite"));
    expect(file.includes(Buffer.from("山田 春香"))).toBe(false);
  });
});
