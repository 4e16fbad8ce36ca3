import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Studies } from "../../server/research/studies.ts";
import { AuditLog } from "../../server/store/audit.ts";
import { BoardError, Boards } from "../../server/store/boards.ts";
import { DeckError, Decks } from "../../server/store/decks.ts";
import { ExhibitError, Exhibits } from "../../server/store/exhibits.ts";
import { png } from "../support/images.ts";
import { LocalPresence } from "@colyseus/core";
import { openDatabase } from "../../server/store/database.ts";
import { Directory, DirectoryError } from "../../server/store/directory.ts";
import { WelcomeLinkError, WelcomeLinks } from "../../server/store/welcomeLinks.ts";
import { SelfStudyStore } from "../../server/store/selfStudy.ts";
import { Timetables } from "../../server/store/timetables.ts";
import { Bookings } from "../../server/store/bookings.ts";
import { Rosters } from "../../server/store/rosters.ts";
import type { PlannedPerson } from "../../server/roster/plan.ts";
import { STUDY } from "../../shared/domain/study.ts";
import { type Sql, postgresSql, sqliteSql } from "../../server/store/sql.ts";
import { usePostgres } from "../support/postgres.ts";
import { AttendanceReports } from "../../server/store/attendanceReports.ts";

/**
 * One contract for the directory, audit log, studies, boards, decks, the exhibit wall and the self-study corner's records, run against both engines: the
 * embedded SQLite file and a real PostgreSQL (a throwaway cluster this file starts and stops).
 * An installation that moves to PostgreSQL keeps every rule it had.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-store-"));
const postgres = usePostgres();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ENGINES: Array<[string, () => Promise<Sql>]> = [
  ["sqlite", async () => sqliteSql(openDatabase(path.join(dir, `${randomBytes(6).toString("hex")}.sqlite`)))],
  ["postgres", async () => postgresSql(await postgres.fresh())],
];
const secret = randomBytes(32);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

describe.each(ENGINES)("Directory (%s)", (_engine, open) => {
  it("should keep organisations, their staff and students apart, in the order they were made", async () => {
    const directory = new Directory(await open(), secret);
    const a = await directory.createOrganisation("ひだまり区");
    const b = await directory.createOrganisation("こもれび市");
    expect(await directory.organisations()).toEqual([a, b]);
    const kids = [];
    for (const nickname of ["はるか", "そら", "Ken", "ゆい"]) kids.push((await directory.registerStudent({ orgId: a.id, nickname, note: "メモ" })).student);
    await directory.registerStudent({ orgId: b.id, nickname: "よその子" });
    expect((await directory.studentsOf(a.id)).map((s) => s.nickname)).toEqual(["はるか", "そら", "Ken", "ゆい"]);
    expect((await directory.studentsOf(b.id)).map((s) => s.nickname)).toEqual(["よその子"]);
    expect(await directory.student(kids[0]?.id ?? "")).toEqual({ id: kids[0]?.id, orgId: a.id, nickname: "はるか", note: "メモ", hasCode: true, blocked: false, consent: "none", keptOutOfPlazas: false });
    await expect(directory.registerStudent({ orgId: "nowhere", nickname: "x" })).rejects.toEqual(new DirectoryError("no_such_org"));
  });

  it("should make an organisation with its first admin together or not at all, and sum organisations up without their children", async () => {
    const directory = new Directory(await open(), secret);
    const { org: first, admin } = await directory.createOrganisationWithAdmin({ name: "れんごう", admin: { username: "Fed-Admin", displayName: "連合", password: "a long password" }, federation: true });
    expect(await directory.staff(admin.id)).toEqual({ id: admin.id, orgId: first.id, username: "Fed-Admin", displayName: "連合", role: "admin", federation: true });
    // The user name is taken (whatever its case): no organisation is left behind without its admin.
    await expect(directory.createOrganisationWithAdmin({ name: "のこらない", admin: { username: "fed-admin", displayName: "x", password: "a long password" } })).rejects.toEqual(new DirectoryError("username_taken"));
    expect((await directory.organisations()).map((o) => o.name)).toEqual(["れんごう"]);
    const { org: ward } = await directory.createOrganisationWithAdmin({ name: "みなみ区", admin: { username: "ward-admin", displayName: "区", password: "a long password" } });
    expect((await directory.verifyStaff("ward-admin", "a long password"))?.federation).toBe(false);
    await directory.addStaff({ orgId: ward.id, username: "ward-counsellor", displayName: "そうだん", role: "counsellor", password: "a long password" });
    await directory.registerStudent({ orgId: ward.id, nickname: "ないしょ" });
    expect(await directory.organisationSummaries()).toEqual([
      { id: first.id, name: "れんごう", createdAt: expect.any(Number), staff: 1, students: 0, admins: [{ id: admin.id, username: "Fed-Admin", displayName: "連合", claimed: true, federation: true }] },
      { id: ward.id, name: "みなみ区", createdAt: expect.any(Number), staff: 2, students: 1, admins: [{ id: expect.any(String), username: "ward-admin", displayName: "区", claimed: true, federation: false }] },
    ]);
    // A first admin made without a password (the federation's way) is listed as not yet claimed.
    const { admin: waiting } = await directory.createOrganisationWithAdmin({ name: "きた市", admin: { username: "kita-admin", displayName: "きた" } });
    expect((await directory.organisationSummaries()).at(-1)?.admins).toEqual([{ id: waiting.id, username: "kita-admin", displayName: "きた", claimed: false, federation: false }]);
    expect(await directory.setFederation(admin.id, false)).toBe(true);
    expect((await directory.staff(admin.id))?.federation).toBe(false);
    expect(await directory.setFederation("nobody", true)).toBe(false);
  });

  it("should let a code in until it is reissued or revoked, and keep blocked students' state", async () => {
    const directory = new Directory(await open(), secret);
    const org = await directory.createOrganisation("コード");
    const { student, code } = await directory.registerStudent({ orgId: org.id, nickname: "はいる" });
    expect((await directory.studentByCode(code.toUpperCase()))?.id).toBe(student.id);
    const next = await directory.reissueCode(student.id);
    expect(await directory.studentByCode(code)).toBeNull();
    expect((await directory.studentByCode(next))?.id).toBe(student.id);
    await directory.setBlocked(student.id, true);
    expect((await directory.studentByCode(next))?.blocked).toBe(true);
    await directory.revokeCode(student.id);
    expect(await directory.studentByCode(next)).toBeNull();
    expect((await directory.student(student.id))?.hasCode).toBe(false);
    await expect(directory.reissueCode("nobody")).rejects.toEqual(new DirectoryError("no_such_student"));
    await expect(directory.setBlocked("nobody", true)).rejects.toEqual(new DirectoryError("no_such_student"));
  });

  it("should hold user names unique whatever their case, and check passwords", async () => {
    const directory = new Directory(await open(), secret);
    const org = await directory.createOrganisation("スタッフ");
    const sato = await directory.addStaff({ orgId: org.id, username: "Sato", displayName: "さとう先生", role: "counsellor", password: "a long password" });
    await expect(directory.addStaff({ orgId: org.id, username: "sato", displayName: "x", role: "admin", password: "another password" })).rejects.toEqual(new DirectoryError("username_taken"));
    expect(await directory.verifyStaff("SATO", "a long password")).toEqual(sato);
    expect(await directory.verifyStaff("sato", "wrong password")).toBeNull();
    expect(await directory.verifyStaff("nobody", "a long password")).toBeNull();
    expect(await directory.hasAdmin()).toBe(false);
    await directory.addStaff({ orgId: org.id, username: "kanri", displayName: "かんり", role: "admin", password: "a long password" });
    expect(await directory.hasAdmin()).toBe(true);
    expect((await directory.staffOf(org.id)).map((s) => s.username)).toEqual(["Sato", "kanri"]);
  });

  it("should keep an account made without a password from signing in with any password, even an empty one", async () => {
    const directory = new Directory(await open(), secret);
    const org = await directory.createOrganisation("まだ");
    const waiting = await directory.addStaff({ orgId: org.id, username: "waiting", displayName: "まち", role: "counsellor" });
    for (const password of ["", " ", "a long password", "scrypt$16384$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]) {
      expect(await directory.verifyStaff("waiting", password), JSON.stringify(password)).toBeNull();
    }
    expect(await directory.hasPassword(waiting.id)).toBe(false);
    expect(await directory.hasPassword("nobody")).toBe(false);
    expect(await directory.staffOf(org.id)).toEqual([{ ...waiting, claimed: false }]);
    const sato = await directory.addStaff({ orgId: org.id, username: "with-one", displayName: "あり", role: "counsellor", password: "a long password" });
    expect(await directory.hasPassword(sato.id)).toBe(true);
    expect((await directory.staffOf(org.id)).map((s) => s.claimed)).toEqual([false, true]);
  });

  it("should record consent, change it, and refuse it for someone who is not there", async () => {
    const directory = new Directory(await open(), secret);
    const org = await directory.createOrganisation("同意");
    const { student } = await directory.registerStudent({ orgId: org.id, nickname: "どうい" });
    expect(await directory.consentOf(student.id)).toBe("none");
    await directory.setConsent(student.id, "activity_chat", "staff-1");
    await directory.setConsent(student.id, "activity", "staff-2");
    expect(await directory.consentOf(student.id)).toBe("activity");
    expect((await directory.student(student.id))?.consent).toBe("activity");
    await expect(directory.setConsent("nobody", "activity", "staff-1")).rejects.toEqual(new DirectoryError("no_such_student"));
  });

  it("should replace one language's word list at once, and give each list back in order", async () => {
    const directory = new Directory(await open(), secret);
    await directory.setNgWords("ja", ["しね", "きもい", "しね"]);
    await directory.setNgWords("en", ["idiot"]);
    await directory.setNgWords("ja", ["ばか", "うざい"]);
    expect(await directory.ngWordsByLang()).toEqual({ ja: ["うざい", "ばか"], en: ["idiot"] });
    expect(await directory.ngWords()).toEqual(["idiot", "うざい", "ばか"]);
  });
});

describe.each(ENGINES)("WelcomeLinks (%s)", (_engine, open) => {
  const DAY = 24 * 60 * 60 * 1000;
  /** A directory with one organisation and an account without a password, and links on a clock the test moves. */
  async function world() {
    const sql = await open();
    const directory = new Directory(sql, secret);
    const org = await directory.createOrganisation("リンク");
    const account = await directory.addStaff({ orgId: org.id, username: `new-${randomBytes(3).toString("hex")}`, displayName: "あたらしい ひと", role: "counsellor" });
    const clock = { at: Date.now(), now: () => clock.at };
    return { sql, directory, account, clock, links: new WelcomeLinks(sql, clock) };
  }
  const problem = (promise: Promise<unknown>) => promise.then(() => "worked", (error: unknown) => (error instanceof WelcomeLinkError ? error.code : error));

  it("should let a link's holder choose the account's password once, and keep only a hash of the token", async () => {
    const { sql, directory, account, links, clock } = await world();
    const { token, expiresAt } = await links.issue(account.id, "issuer-1");
    expect(expiresAt).toBe(clock.at + 7 * DAY);
    expect(await links.open(token)).toEqual({ staffId: account.id, issuedBy: "issuer-1", expiresAt });
    const stored = JSON.stringify(await sql.all("SELECT * FROM welcome_links"));
    expect(stored).not.toContain(token);
    expect(await links.claim(token, "my own password")).toEqual({ staffId: account.id, issuedBy: "issuer-1", expiresAt });
    expect(await directory.verifyStaff(account.username, "my own password")).toEqual(account);
    // Once: neither a second use nor a look works, and the password stays the first one's.
    expect(await problem(links.claim(token, "somebody else's"))).toBe("welcome_used");
    expect(await problem(links.open(token))).toBe("welcome_used");
    expect(await directory.verifyStaff(account.username, "somebody else's")).toBeNull();
    expect(await links.staffOf(token)).toBe(account.id);
    expect(await problem(links.open("never-issued-token"))).toBe("welcome_unknown");
    expect(await links.staffOf("never-issued-token")).toBeNull();
  });

  it("should stop a link working at the end of its seventh day, and set no password with it", async () => {
    const { directory, account, links, clock } = await world();
    const { token } = await links.issue(account.id, "issuer-1");
    clock.at += 7 * DAY - 1;
    expect((await links.open(token)).staffId).toBe(account.id);
    clock.at += 1;
    expect(await problem(links.open(token))).toBe("welcome_expired");
    expect(await problem(links.claim(token, "too late now"))).toBe("welcome_expired");
    expect(await directory.hasPassword(account.id)).toBe(false);
  });

  it("should replace an account's open link with a new one, and leave other accounts' links alone", async () => {
    const { directory, account, links } = await world();
    const other = await directory.addStaff({ orgId: account.orgId, username: `other-${randomBytes(3).toString("hex")}`, displayName: "ほか", role: "admin" });
    const first = await links.issue(account.id, "issuer-1");
    const theirs = await links.issue(other.id, "issuer-1");
    const second = await links.issue(account.id, "issuer-2");
    expect(await problem(links.open(first.token))).toBe("welcome_replaced");
    expect(await problem(links.claim(first.token, "from the old link"))).toBe("welcome_replaced");
    expect(await links.staffOf(first.token)).toBe(account.id);
    expect((await links.open(second.token)).issuedBy).toBe("issuer-2");
    expect((await links.open(theirs.token)).staffId).toBe(other.id);
    // A link issued after the account was claimed resets its password (the old one works until then).
    await links.claim(second.token, "first password");
    const reset = await links.issue(account.id, "issuer-1");
    expect(await directory.verifyStaff(account.username, "first password")).not.toBeNull();
    await links.claim(reset.token, "second password");
    expect(await directory.verifyStaff(account.username, "first password")).toBeNull();
    expect(await directory.verifyStaff(account.username, "second password")).not.toBeNull();
    // The used link stays used: a reissue replaces only links still open.
    expect(await problem(links.open(second.token))).toBe("welcome_used");
  });

  it("should let exactly one of two uses at once win, with its own password", async () => {
    const { directory, account, links } = await world();
    for (let round = 0; round < 5; round++) {
      const { token } = await links.issue(account.id, "issuer-1");
      const outcomes = await Promise.all([problem(links.claim(token, `tab one ${round}`)), problem(links.claim(token, `tab two ${round}`))]);
      expect(outcomes.filter((o) => o === "worked"), JSON.stringify(outcomes)).toHaveLength(1);
      expect(outcomes.filter((o) => o === "welcome_used")).toHaveLength(1);
      const winner = outcomes[0] === "worked" ? "one" : "two";
      expect(await directory.verifyStaff(account.username, `tab ${winner} ${round}`)).not.toBeNull();
      expect(await directory.verifyStaff(account.username, `tab ${winner === "one" ? "two" : "one"} ${round}`)).toBeNull();
    }
  });
});

describe.each(ENGINES)("AuditLog, Studies, Boards and Sql (%s)", (_engine, open) => {
  it("should write an entry that concerns several organisations once in each of their logs", async () => {
    const audit = new AuditLog(await open());
    await audit.recordIn(["o1", "o2", "o1"], { actorId: "f", actorRole: "admin", action: "shared", target: "t", outcome: "done", detail: { event: "e" } });
    for (const org of ["o1", "o2"]) expect(await audit.list(org), org).toEqual([expect.objectContaining({ orgId: org, actorId: "f", action: "shared", target: "t", detail: { event: "e" } })]);
    expect(await audit.list("o3")).toEqual([]);
  });

  it("should list an organisation's audit entries newest first, and only theirs", async () => {
    const audit = new AuditLog(await open());
    await audit.record({ orgId: "o1", actorId: "a", actorRole: "admin", action: "first", target: null, outcome: "done", detail: { n: 1, 名前: "値" } });
    await audit.record({ orgId: "o2", actorId: "b", actorRole: "counsellor", action: "theirs", target: "t", outcome: "denied" });
    await audit.record({ orgId: "o1", actorId: null, actorRole: "anonymous", action: "second", target: "t", outcome: "denied" });
    expect((await audit.list("o1")).map((e) => [e.action, e.actorRole, e.outcome, e.target])).toEqual([
      ["second", "anonymous", "denied", "t"],
      ["first", "admin", "done", null],
    ]);
    expect((await audit.list("o1"))[1]?.detail).toEqual({ n: 1, 名前: "値" });
    expect((await audit.list(null, 2)).map((e) => e.action)).toEqual(["second", "theirs"]);
  });

  it("should open a study only for its own organisation, with a pseudonym stable in it and different in another", async () => {
    const sql = await open();
    const directory = new Directory(sql, secret);
    const o1 = (await directory.createOrganisation("けんきゅう")).id;
    const o2 = (await directory.createOrganisation("よそ")).id;
    const studies = new Studies(sql);
    const first = await studies.create(o1, "冬");
    const second = await studies.create(o1, "春");
    expect((await studies.of(o1)).map((s) => s.name)).toEqual(["冬", "春"]);
    expect(await studies.of(o2)).toEqual([]);
    expect(await studies.open(o2, first.id)).toBeNull();
    const a = await studies.open(o1, first.id);
    const b = await studies.open(o1, second.id);
    expect(a?.pseudonym("kid")).toMatch(/^p-[\w-]{16}$/);
    expect(a?.pseudonym("kid")).toBe((await studies.open(o1, first.id))?.pseudonym("kid"));
    expect(a?.pseudonym("kid")).not.toBe(b?.pseudonym("kid"));
  });

  it("should keep one board per organisation in the store, replace it, serve only the current picture, and tell of each change", async () => {
    const sql = await open();
    const directory = new Directory(sql, secret);
    const org = await directory.createOrganisation("ボード");
    const boards = new Boards(sql, path.join(dir, randomBytes(4).toString("hex")), new LocalPresence());
    const heard: Array<string | null> = [];
    const stop = await boards.onChange((orgId, board) => heard.push(orgId === org.id ? (board?.title ?? null) : "another"));
    const first = await boards.put(org.id, PNG, "きょうの じかんわり");
    const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 9, 9]);
    const second = await boards.put(org.id, JPEG, "つぎ");
    expect(await boards.current(org.id)).toEqual(second);
    expect(await boards.picture(org.id, first.file)).toBeNull();
    expect(await boards.picture(org.id, second.file)).toEqual({ bytes: JPEG, type: "image/jpeg" });
    expect(await boards.picture("another", second.file)).toBeNull();
    await expect(boards.put(org.id, Buffer.from("<svg/>"), "x")).rejects.toThrow(BoardError);
    await boards.clear(org.id);
    expect(await boards.current(org.id)).toBeNull();
    expect(await boards.picture(org.id, second.file)).toBeNull();
    stop();
    await boards.put(org.id, PNG, "きこえない");
    expect(heard).toEqual(["きょうの じかんわり", "つぎ", null]);
  });

  it("should write all of a batch or none of it", async () => {
    const sql = await open();
    await sql.batch([["INSERT INTO ng_words (lang, word) VALUES (?, ?)", ["ja", "ひとつ"]]]);
    await expect(
      sql.batch([
        ["INSERT INTO ng_words (lang, word) VALUES (?, ?)", ["ja", "ふたつ"]],
        ["INSERT INTO ng_words (lang, word) VALUES (?, ?)", ["ja", "ひとつ"]], // a duplicate: refused
      ]),
    ).rejects.toSatisfy((error) => sql.isUniqueViolation(error));
    expect((await sql.all<{ word: string }>("SELECT word FROM ng_words")).map((r) => r.word)).toEqual(["ひとつ"]);
  });
});

describe.each(ENGINES)("Decks and Exhibits (%s)", (_engine, open) => {
  const picture = (w: number, h: number) => png(w, h);

  it("should keep a deck's pages, words and marks for its organisation only, and delete it whole", async () => {
    const sql = await open();
    const directory = new Directory(sql, secret);
    const org = await directory.createOrganisation("しりょう");
    const other = await directory.createOrganisation("よそ");
    const decks = new Decks(sql);
    const id = await decks.create(org.id, "staff-1", "みずの たび", 2);
    expect(await decks.putPage(org.id, id, 1, "いち", picture(64, 36), picture(128, 72))).toBe(false);
    await expect(decks.putPage(other.id, id, 2, "", picture(4, 4), picture(4, 4))).rejects.toThrow(DeckError);
    await expect(decks.putPage(org.id, id, 2, "", Buffer.from("%PDF-1.7"), picture(4, 4))).rejects.toThrow(DeckError);
    expect(await decks.putPage(org.id, id, 2, "に", picture(64, 36), picture(128, 72))).toBe(true);
    expect(await decks.list(org.id)).toEqual([{ id, title: "みずの たび", pages: 2, ready: true, createdAt: expect.any(Number) }]);
    expect(await decks.list(other.id)).toEqual([]);
    expect(await decks.pageText(org.id, id, 2)).toBe("に");
    expect(await decks.pageText(other.id, id, 2)).toBeNull();
    expect((await decks.image(org.id, id, 1, "large"))?.bytes.equals(picture(128, 72))).toBe(true);
    expect(await decks.image(other.id, id, 1, "small")).toBeNull();
    const stroke = { kind: "pen", colour: "red", width: 6, points: [0, 0, 10, 10] } as const;
    expect(await decks.addMark(id, 1, { ...stroke, points: [...stroke.points] })).toBe(true);
    expect(await decks.addMark(id, 1, { kind: "text", colour: "blue", x: 1, y: 2, text: "ここ" })).toBe(true);
    expect(await decks.marks(id, 1)).toEqual([
      { ...stroke, points: [0, 0, 10, 10] },
      { kind: "text", colour: "blue", x: 1, y: 2, text: "ここ" },
    ]);
    expect(await decks.marks(id, 2)).toEqual([]);
    expect(await decks.remove(other.id, id)).toBe(false);
    expect(await decks.remove(org.id, id)).toBe(true);
    expect(await decks.list(org.id)).toEqual([]);
    expect(await decks.marks(id, 1)).toEqual([]);
  });

  it("should put a work up only with its grant, once, shown as the child chose, and let the child take only their own down", async () => {
    const sql = await open();
    const directory = new Directory(sql, secret);
    const org = await directory.createOrganisation("てんじ");
    const presence = new LocalPresence();
    const exhibits = new Exhibits(sql, presence);
    const changed: string[] = [];
    const stop = await exhibits.onChange((orgId) => changed.push(orgId));
    const grant = await exhibits.grant({ org: org.id, student: "kid-1", staff: "staff-1", title: "うみ", nickname: "はな", choice: "anonymous" });
    await expect(exhibits.add(org.id, "staff-2", grant, picture(8, 8))).rejects.toThrow(ExhibitError); // not theirs
    await expect(exhibits.add(org.id, "staff-1", grant, Buffer.from("<svg/>"))).rejects.toThrow(ExhibitError);
    const id = await exhibits.add(org.id, "staff-1", grant, picture(8, 8));
    await expect(exhibits.add(org.id, "staff-1", grant, picture(8, 8))).rejects.toThrow(ExhibitError); // used
    expect(await exhibits.list(org.id)).toEqual([{ id, title: "うみ", by: "", student: "kid-1", createdAt: expect.any(Number) }]);
    expect((await exhibits.image(org.id, id))?.type).toBe("image/png");
    expect(await exhibits.image("another", id)).toBeNull();
    expect(await exhibits.remove(org.id, id, "kid-2")).toBe(false);
    expect(await exhibits.remove(org.id, id, "kid-1")).toBe(true);
    expect(await exhibits.list(org.id)).toEqual([]);
    expect(changed).toEqual([org.id, org.id]);
    stop();
  });
});

describe.each(ENGINES)("SelfStudyStore (%s)", (_engine, open) => {
  it("should keep a child's sessions as they happen, give them back newest first, and a note said later only once", async () => {
    const sql = await open();
    const directory = new Directory(sql, secret);
    const org = (await directory.createOrganisation("じしゅう")).id;
    const kid = (await directory.registerStudent({ orgId: org, nickname: "はるか" })).student.id;
    const other = (await directory.registerStudent({ orgId: org, nickname: "そら" })).student.id;
    const study = new SelfStudyStore(sql);
    await study.start("s1", org, kid, 1_000);
    await study.setGoal("s1", { preset: "kanji", text: "10こ" });
    await study.end("s1", 61_000, null);
    await study.recordDid("s1", { preset: "finished" });
    await study.recordDid("s1", { preset: "not_today", text: "やっぱり" }); // said already: kept as first said
    await study.start("s2", org, kid, 100_000);
    await study.start("s3", org, other, 50_000);
    expect(await study.history(kid)).toEqual([
      { startedAt: 100_000, endedAt: null, goal: null, did: null },
      { startedAt: 1_000, endedAt: 61_000, goal: { preset: "kanji", text: "10こ" }, did: { preset: "finished" } },
    ]);
    expect(await study.history(kid, 1)).toHaveLength(1);
    expect(await study.history(other)).toEqual([{ startedAt: 50_000, endedAt: null, goal: null, did: null }]);
    expect(await study.purgeBefore(60_000, org)).toBe(2);
    expect((await study.history(kid)).map((r) => r.startedAt)).toEqual([100_000]);
  });

  it("should keep each organisation's learning sites apart, in the order they were added, and no more than the list holds", async () => {
    const sql = await open();
    const directory = new Directory(sql, secret);
    const [a, b] = [(await directory.createOrganisation("あ")).id, (await directory.createOrganisation("い")).id];
    const study = new SelfStudyStore(sql);
    const first = await study.addSite(a, "ドリル", "https://drill.example/");
    const second = await study.addSite(a, "としょかん", "https://library.example/");
    expect(await study.sites(a)).toEqual([first, second]);
    expect(await study.sites(b)).toEqual([]);
    expect(await study.site(b, first?.id ?? "")).toBeNull();
    expect(await study.site(a, first?.id ?? "")).toEqual(first);
    expect(await study.removeSite(b, first?.id ?? "")).toBe(false);
    expect(await study.removeSite(a, first?.id ?? "")).toBe(true);
    expect(await study.sites(a)).toEqual([second]);
    for (let i = 1; i < STUDY.sitesPerOrganisation; i++) expect(await study.addSite(a, `${i}`, `https://s${i}.example/`)).not.toBeNull();
    expect(await study.addSite(a, "もう ひとつ", "https://more.example/")).toBeNull();
    expect(await study.addSite(b, "べつの 団体", "https://b.example/")).not.toBeNull();
  });
});

describe.each(ENGINES)("Timetables (%s)", (_engine, open) => {
  const week = { timeZone: "Asia/Tokyo", openOnPublicHolidays: false, hours: [{ weekday: 2, from: "15:00", to: "17:00" }], items: [], daysOff: [] };

  it("should give an empty timetable with a feed key until written, then keep each organisation's own", async () => {
    const sql = await open();
    const directory = new Directory(sql, secret);
    const [a, b] = [await directory.createOrganisation("みなみ区"), await directory.createOrganisation("きた市")];
    const timetables = new Timetables(sql, "Asia/Tokyo");
    const first = await timetables.of(a.id);
    expect(first).toMatchObject({ version: 0, timetable: { timeZone: "Asia/Tokyo", hours: [], items: [], daysOff: [] } });
    expect(first.feedKey).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect((await timetables.of(a.id)).feedKey).toBe(first.feedKey); // read twice, one key
    const version = await timetables.write(a.id, week, 0, "staff-1");
    expect(version).toBeGreaterThan(0);
    expect(await timetables.of(a.id)).toEqual({ timetable: week, version, feedKey: first.feedKey });
    expect((await timetables.of(b.id)).timetable.hours).toEqual([]);
    expect(await timetables.orgOfFeed(first.feedKey)).toBe(a.id);
    expect(await timetables.orgOfFeed("nobody-has-this-key")).toBeNull();
  });

  it("should refuse a write from an old version, and keep what was written first", async () => {
    const sql = await open();
    const org = await new Directory(sql, secret).createOrganisation("みなみ区");
    const timetables = new Timetables(sql, "Asia/Tokyo");
    await timetables.of(org.id);
    const [one, two] = await Promise.all([timetables.write(org.id, week, 0, "a"), timetables.write(org.id, { ...week, openOnPublicHolidays: true }, 0, "b")]);
    expect([one, two].filter((v) => v === false)).toHaveLength(1);
    const kept = await timetables.of(org.id);
    expect(kept.timetable.openOnPublicHolidays).toBe(two !== false);
    expect(await timetables.write(org.id, week, 0, "c")).toBe(false);
    expect(await timetables.write(org.id, week, kept.version, "c")).toBeGreaterThan(kept.version);
  });

  it("should stop the old feed address at once when the key is renewed", async () => {
    const sql = await open();
    const org = await new Directory(sql, secret).createOrganisation("みなみ区");
    const timetables = new Timetables(sql, "Asia/Tokyo");
    const old = (await timetables.of(org.id)).feedKey;
    const renewed = await timetables.renewFeedKey(org.id);
    expect(renewed).not.toBe(old);
    expect(await timetables.orgOfFeed(old)).toBeNull();
    expect(await timetables.orgOfFeed(renewed)).toBe(org.id);
  });
});

describe.each(ENGINES)("Bookings (%s)", (_engine, open) => {
  it("should give a slot to one of two children at once, book a double tap once, hold a child to the limit, and claim each reminder once", async () => {
    const sql = await open();
    const directory = new Directory(sql, secret);
    const org = await directory.createOrganisation("みなみ区");
    const [a, b] = [(await directory.registerStudent({ orgId: org.id, nickname: "a" })).student, (await directory.registerStudent({ orgId: org.id, nickname: "b" })).student];
    const bookings = new Bookings(sql);
    const now = Date.now();
    const slots = await bookings.add(org.id, "counselling", [0, 1, 2].map((i) => ({ startsAt: now + (i + 1) * 3_600_000, endsAt: now + (i + 1) * 3_600_000 + 1_200_000 })), "staff-1");
    const [s0, s1, s2] = slots.map((s) => s.id) as [string, string, string];
    const race = await Promise.all([bookings.book(s0, a, a.id, now, 2), bookings.book(s0, b, b.id, now, 2)]);
    expect(race.sort()).toEqual(["booked", "taken"]);
    const holder = (await bookings.get(s0))?.studentId === a.id ? a : b;
    expect(await Promise.all([bookings.book(s1, holder, holder.id, now, 2), bookings.book(s1, holder, holder.id, now, 2)])).toEqual(expect.arrayContaining(["booked"]));
    expect(await bookings.book(s2, holder, holder.id, now, 2)).toBe("too_many");
    expect((await bookings.of(holder.id, now)).map((s) => s.id)).toEqual([s0, s1]);
    expect(await bookings.book(s2, { id: "x", orgId: "elsewhere" }, "x", now, 2)).toBe("gone");
    // The reminder: due within the lead, claimed once however many ask.
    const due = await bookings.due(org.id, now + 3_600_000, 60_000);
    expect(due.map((s) => s.id)).toEqual([s0]);
    expect((await Promise.all([bookings.claimReminder(s0, now), bookings.claimReminder(s0, now)])).filter(Boolean)).toHaveLength(1);
    expect(await bookings.due(org.id, now + 3_600_000, 60_000)).toEqual([]);
    expect(await bookings.cancel(s0, holder.id, now)).toBe(true);
    expect(await bookings.cancel(s0, holder.id, now)).toBe(false);
  });
});

describe.each(ENGINES)("Rosters (%s)", (_engine, open) => {
  const person = (sourcedId: string, kind: PlannedPerson["kind"], shownAs: string, extra: Partial<PlannedPerson> = {}): PlannedPerson => ({
    line: 2,
    sourcedId,
    kind,
    shownAs,
    name: "山田 陽香",
    username: kind === "student" ? null : `user-${sourcedId}`,
    note: null,
    ...extra,
  });

  it("should write an import at once, keep each person's sourcedId, let the new codes in, and find everyone again for the next import", async () => {
    const sql = await open();
    const directory = new Directory(sql, secret);
    const rosters = new Rosters(sql, secret);
    const org = await directory.createOrganisation("ひだまり小");
    await directory.registerStudent({ orgId: org.id, nickname: "てがき" });
    expect(await rosters.snapshot(org.id)).toEqual({ linkedOrg: null, students: [], staff: [], usernames: new Set(), studentCount: 1 });

    const done = await rosters.apply(org.id, "school-1", {
      add: [person("u1", "student", "なかま2", { note: "山田 陽香（ヤマダ ハルカ）" }), person("u2", "student", "なかま3"), person("t1", "counsellor", "田中先生", { username: "Tanaka.Yoko" })],
      change: [],
    });
    expect(done.codes.map((c) => c.nickname)).toEqual(["なかま2", "なかま3"]);
    expect(done.staff.map((s) => [s.username, s.role, s.displayName])).toEqual([["Tanaka.Yoko", "counsellor", "田中先生"]]);
    const first = await directory.studentByCode(done.codes[0]?.code ?? "");
    expect(first).toMatchObject({ orgId: org.id, nickname: "なかま2", note: "山田 陽香（ヤマダ ハルカ）", hasCode: true });
    expect(await directory.hasPassword(done.staff[0]?.id ?? "")).toBe(false);
    expect(await directory.verifyStaff("tanaka.yoko", "")).toBeNull();

    const snapshot = await rosters.snapshot(org.id);
    expect(snapshot).toMatchObject({ linkedOrg: "school-1", studentCount: 3, usernames: new Set(["tanaka.yoko"]) });
    expect(snapshot.students.map((s) => [s.rosterId, s.nickname, s.note])).toEqual([
      ["u1", "なかま2", "山田 陽香（ヤマダ ハルカ）"],
      ["u2", "なかま3", ""],
    ]);
    expect(snapshot.staff).toEqual([{ id: done.staff[0]?.id, rosterId: "t1", username: "Tanaka.Yoko", displayName: "田中先生", role: "counsellor" }]);

    // The next import changes people in place: a nickname, a note kept or left, a role.
    const [u1, u2] = snapshot.students;
    await rosters.apply(org.id, "school-1", {
      add: [],
      change: [person("u1", "student", "ひまわり", { id: u1?.id }), person("u2", "student", "なかま3", { id: u2?.id, note: "佐藤 空" }), person("t1", "admin", "たなか先生", { id: done.staff[0]?.id })],
    });
    expect((await directory.studentsOf(org.id)).map((s) => [s.nickname, s.note])).toEqual([
      ["てがき", ""],
      ["ひまわり", "山田 陽香（ヤマダ ハルカ）"],
      ["なかま3", "佐藤 空"],
    ]);
    expect(await directory.staff(done.staff[0]?.id ?? "")).toMatchObject({ role: "admin", displayName: "たなか先生" });
    // The first code still lets its child in: a change never touches codes.
    expect((await directory.studentByCode(done.codes[0]?.code ?? ""))?.nickname).toBe("ひまわり");
  });

  it("should write nothing of an import when one of its writes is refused", async () => {
    const sql = await open();
    const directory = new Directory(sql, secret);
    const rosters = new Rosters(sql, secret);
    const org = await directory.createOrganisation("すべてか なにもか");
    await directory.addStaff({ orgId: org.id, username: "Taken", displayName: "x", role: "counsellor" });
    await expect(rosters.apply(org.id, "school-1", { add: [person("u1", "student", "なかま1"), person("t1", "counsellor", "先生", { username: "taken" })], change: [] })).rejects.toEqual(
      new DirectoryError("username_taken"),
    );
    expect(await directory.studentsOf(org.id)).toEqual([]);
    expect((await rosters.snapshot(org.id)).linkedOrg).toBeNull();
  });

  it("should hold a sourcedId once per organisation, and keep each organisation's people to itself", async () => {
    const sql = await open();
    const directory = new Directory(sql, secret);
    const rosters = new Rosters(sql, secret);
    const a = await directory.createOrganisation("A");
    const b = await directory.createOrganisation("B");
    await rosters.apply(a.id, "school-a", { add: [person("same-id", "student", "あ")], change: [] });
    await rosters.apply(b.id, "school-b", { add: [person("same-id", "student", "い")], change: [] });
    expect((await rosters.snapshot(a.id)).students.map((s) => s.nickname)).toEqual(["あ"]);
    expect((await rosters.snapshot(b.id)).students.map((s) => s.nickname)).toEqual(["い"]);
    await expect(rosters.apply(a.id, "school-a", { add: [person("same-id", "student", "う")], change: [] })).rejects.toThrow();
    // A change aimed at another organisation's student does nothing.
    const theirs = (await rosters.snapshot(b.id)).students[0];
    await rosters.apply(a.id, "school-a", { add: [], change: [person("same-id", "student", "のっとり", { id: theirs?.id })] });
    expect((await directory.student(theirs?.id ?? ""))?.nickname).toBe("い");
  });
});

/**
 * The attendance reports' store (issue 19): a guardian's link opens once, for fourteen days, one
 * of two opens at once wins; only a hash of its token is kept and its PDF is let go once opened;
 * the staff-only school name; and what a guardian's copy and an erasure of one child find.
 */
const PDF = Buffer.from("%PDF-1.3 a report\n");

describe.each(ENGINES)("AttendanceReports (%s)", (_engine, open) => {
  async function world() {
    const sql = await open();
    const directory = new Directory(sql, randomBytes(32));
    const org = await directory.createOrganisation("ほうこく");
    const { student } = await directory.registerStudent({ orgId: org.id, nickname: "いろは" });
    const { student: other } = await directory.registerStudent({ orgId: org.id, nickname: "ほかのこ" });
    const clock = { at: Date.now(), now: () => clock.at };
    const made = (studentId: string) => ({ orgId: org.id, studentId, madeBy: "staff-1", from: "2026-11-01", to: "2026-11-30", lang: "ja" as const, format: "link" as const });
    return { sql, org, student, other, clock, made, reports: new AttendanceReports(sql, clock) };
  }

  it("should open a guardian's link once, keep only its token's hash, and let the PDF go once opened", async () => {
    const { sql, student, reports, made } = await world();
    const { token } = await reports.issueLink(made(student.id), PDF);
    expect(JSON.stringify(await sql.all("SELECT link_hash FROM attendance_reports"))).not.toContain(token);
    const first = await reports.openLink(token);
    expect("pdf" in first && first.pdf.equals(PDF)).toBe(true);
    expect(await reports.openLink(token)).toEqual({ problem: "gone", orgId: student.orgId, studentId: student.id });
    expect(await sql.all("SELECT id FROM attendance_reports WHERE pdf IS NOT NULL")).toEqual([]);
    expect(await reports.openLink("never-issued")).toEqual({ problem: "unknown" });
  });

  it("should stop a link at the end of its fourteenth day and let its PDF go", async () => {
    const { sql, student, reports, made, clock } = await world();
    const { token, expiresAt } = await reports.issueLink(made(student.id), PDF);
    expect(expiresAt).toBe(clock.at + 14 * 24 * 3600_000);
    clock.at += 14 * 24 * 3600_000;
    expect(await reports.openLink(token)).toMatchObject({ problem: "gone" });
    expect(await sql.all("SELECT id FROM attendance_reports WHERE pdf IS NOT NULL")).toEqual([]);
  });

  it("should let exactly one of two opens at once have the PDF", async () => {
    const { student, reports, made } = await world();
    for (let round = 0; round < 5; round++) {
      const { token } = await reports.issueLink(made(student.id), PDF);
      const outcomes = await Promise.all([reports.openLink(token), reports.openLink(token)]);
      expect(outcomes.filter((o) => "pdf" in o)).toHaveLength(1);
    }
  });

  it("should keep the school name staff entered, replace it, and give and erase one child's records only", async () => {
    const { student, other, reports, made } = await world();
    expect(await reports.schoolName(student.id)).toEqual({ nameAtSchool: "", school: "", grade: "" });
    await reports.setSchoolName(student.orgId, student.id, { nameAtSchool: "山田 いろは", school: "みなみ小", grade: "4年" }, "staff-1");
    await reports.setSchoolName(student.orgId, student.id, { nameAtSchool: "山田 いろは", school: "みなみ小", grade: "5年" }, "staff-2");
    expect(await reports.schoolName(student.id)).toEqual({ nameAtSchool: "山田 いろは", school: "みなみ小", grade: "5年" });
    await reports.made({ ...made(student.id), format: "pdf" });
    await reports.issueLink(made(student.id), PDF);
    await reports.made({ ...made(other.id), format: "csv" });
    const held = (await reports.aboutStudent(student.id)) as { reports: Array<{ format: string }>; schoolName: { name_at_school: string } };
    expect(held.reports.map((r) => r.format)).toEqual(["pdf", "link"]);
    expect(held.schoolName.name_at_school).toBe("山田 いろは");
    expect(JSON.stringify(held)).not.toContain("%PDF");
    expect(await reports.eraseStudent(student.id)).toBe(3);
    expect(await reports.aboutStudent(student.id)).toEqual({ reports: [], schoolName: null });
    expect(((await reports.aboutStudent(other.id)) as { reports: unknown[] }).reports).toHaveLength(1);
  });
});
