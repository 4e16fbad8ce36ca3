import { describe, expect, it } from "vitest";
import {
  AddStaffBody,
  BOARD_MAX_BYTES,
  BlockBody,
  BoardBody,
  EmptyBody,
  EnterBody,
  Me,
  NICKNAME_MAX,
  NewCode,
  Ok,
  PASSWORD_MIN,
  PurgeBody,
  RegisterStudentBody,
  Registered,
  SetupBody,
  SignInBody,
  StudentList,
  StudentSummary,
  StudyBody,
  WordsBody, KeepOutBody, NewOrganisationBody, OpenPlazaBody, WELCOME_LINK_DAYS, WelcomeBody, WelcomeLookBody } from "../../shared/protocol/http.ts";
import { Nickname } from "../../shared/protocol/messages.ts";
import { ConsentBody } from "../../shared/research/consent.ts";
import { LIMITS } from "../../shared/domain/limits.ts";

/** Every body the pages send over HTTP: what the server takes, what it refuses, and how it tidies it. */

const accepts = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) => schema.safeParse(value).success;

describe("a student entering with an access code", () => {
  it("sends the code and nothing else", () => {
    expect(EnterBody.parse({ code: "sora-7291" })).toEqual({ code: "sora-7291" });
    expect(accepts(EnterBody, { code: "" })).toBe(false);
    expect(accepts(EnterBody, { code: "x".repeat(40) })).toBe(true);
    expect(accepts(EnterBody, { code: "x".repeat(41) })).toBe(false);
    expect(accepts(EnterBody, { code: 1234 })).toBe(false);
    expect(accepts(EnterBody, { code: "sora-7291", role: "admin" })).toBe(false);
    expect(accepts(EnterBody, {})).toBe(false);
  });
});

describe("staff signing in", () => {
  it("sends a username and a password of any stored length", () => {
    expect(SignInBody.parse({ username: "sato", password: "x" })).toEqual({ username: "sato", password: "x" });
    expect(accepts(SignInBody, { username: "", password: "secret-long" })).toBe(false);
    expect(accepts(SignInBody, { username: "sato", password: "" })).toBe(false);
    expect(accepts(SignInBody, { username: "u".repeat(41), password: "secret-long" })).toBe(false);
    expect(accepts(SignInBody, { username: "sato", password: "p".repeat(200) })).toBe(true);
    expect(accepts(SignInBody, { username: "sato", password: "p".repeat(201) })).toBe(false);
    expect(accepts(SignInBody, { username: "sato", password: "secret-long", remember: true })).toBe(false);
  });
});

describe("registering a student", () => {
  it("normalises the nickname exactly as the socket does", () => {
    for (const raw of ["  \u202Eみ\u200Bく  ", "ひ\u3000な\n", "Ｓｏｒａ", "か\u3099ん", "ながいながいながいなまえです"]) {
      expect(RegisterStudentBody.parse({ nickname: raw }).nickname, JSON.stringify(raw)).toBe(Nickname.parse(raw));
    }
    expect(RegisterStudentBody.parse({ nickname: "  \u202Eみ\u200Bく  " }).nickname).toBe("みく");
    expect(Array.from(RegisterStudentBody.parse({ nickname: "あ".repeat(30) }).nickname)).toHaveLength(NICKNAME_MAX);
    expect(NICKNAME_MAX).toBe(LIMITS.nicknameMaxChars);
  });

  it("refuses a nickname that is nothing once tidied", () => {
    expect(accepts(RegisterStudentBody, { nickname: " \u200B " })).toBe(false);
    expect(accepts(RegisterStudentBody, { nickname: "" })).toBe(false);
    expect(accepts(RegisterStudentBody, {})).toBe(false);
  });

  it("takes an optional staff-only note of up to 500 characters", () => {
    expect(RegisterStudentBody.parse({ nickname: "そら", note: "prefers the quiet corner" })).toEqual({ nickname: "そら", note: "prefers the quiet corner" });
    expect(accepts(RegisterStudentBody, { nickname: "そら", note: "" })).toBe(true);
    expect(accepts(RegisterStudentBody, { nickname: "そら", note: "n".repeat(500) })).toBe(true);
    expect(accepts(RegisterStudentBody, { nickname: "そら", note: "n".repeat(501) })).toBe(false);
    // No real name, code or account can be slipped in beside them.
    expect(accepts(RegisterStudentBody, { nickname: "そら", realName: "山田 空" })).toBe(false);
  });
});

describe("blocking a student's code", () => {
  it("says blocked or not, as a boolean", () => {
    expect(BlockBody.parse({ blocked: true })).toEqual({ blocked: true });
    expect(BlockBody.parse({ blocked: false })).toEqual({ blocked: false });
    expect(accepts(BlockBody, { blocked: "yes" })).toBe(false);
    expect(accepts(BlockBody, {})).toBe(false);
    expect(accepts(BlockBody, { blocked: true, student: "other" })).toBe(false);
  });
});

describe("adding a staff member", () => {
  const good = { username: "sato.k", displayName: "Sato", role: "counsellor" };

  it("trims the username and display name", () => {
    expect(AddStaffBody.parse({ ...good, username: "  sato.k ", displayName: "  Ms Sato  " })).toEqual({ ...good, username: "sato.k", displayName: "Ms Sato" });
  });

  it("takes usernames of 3 to 40 letters, digits, dots, dashes and underscores", () => {
    for (const username of ["abc", "Sato_K-2.x", "u".repeat(40)]) expect(accepts(AddStaffBody, { ...good, username }), username).toBe(true);
    for (const username of ["ab", "  ab  ", "u".repeat(41), "sato k", "佐藤", "sato@school", "<sato", "sato>", "sa\nto", ""]) {
      expect(accepts(AddStaffBody, { ...good, username }), JSON.stringify(username)).toBe(false);
    }
  });

  it("needs a display name that is more than spaces, of at most 40 characters", () => {
    expect(accepts(AddStaffBody, { ...good, displayName: "   " })).toBe(false);
    expect(accepts(AddStaffBody, { ...good, displayName: "d".repeat(40) })).toBe(true);
    expect(accepts(AddStaffBody, { ...good, displayName: ` ${"d".repeat(40)} ` })).toBe(true);
    expect(accepts(AddStaffBody, { ...good, displayName: "d".repeat(41) })).toBe(false);
  });

  it("takes no password: whoever adds an account must not know it (the person gets a welcome link)", () => {
    expect(accepts(AddStaffBody, good)).toBe(true);
    expect(accepts(AddStaffBody, { ...good, password: "correct horse battery" })).toBe(false);
  });

  it("gives a staff role only: never a student's, never one that does not exist", () => {
    for (const role of ["counsellor", "researcher", "admin"]) expect(accepts(AddStaffBody, { ...good, role }), role).toBe(true);
    for (const role of ["student", "superadmin", "", "Admin"]) expect(accepts(AddStaffBody, { ...good, role }), role).toBe(false);
  });

  it("refuses anything more", () => {
    expect(accepts(AddStaffBody, { ...good, org: "another-org" })).toBe(false);
  });
});

describe("the word lists", () => {
  it("are two lists of short words, Japanese and English", () => {
    expect(WordsBody.parse({ ja: ["ばか"], en: ["idiot", "stupid"] })).toEqual({ ja: ["ばか"], en: ["idiot", "stupid"] });
    expect(accepts(WordsBody, { ja: [], en: [] })).toBe(true);
    expect(accepts(WordsBody, { ja: [""], en: [] })).toBe(false);
    expect(accepts(WordsBody, { ja: ["w".repeat(40)], en: [] })).toBe(true);
    expect(accepts(WordsBody, { ja: ["w".repeat(41)], en: [] })).toBe(false);
    expect(accepts(WordsBody, { ja: [], en: Array.from({ length: 500 }, (_, i) => `w${i}`) })).toBe(true);
    expect(accepts(WordsBody, { ja: [], en: Array.from({ length: 501 }, (_, i) => `w${i}`) })).toBe(false);
    expect(accepts(WordsBody, { ja: [] })).toBe(false);
    expect(accepts(WordsBody, { ja: "ばか", en: [] })).toBe(false);
    expect(accepts(WordsBody, { ja: [], en: [], fr: [] })).toBe(false);
  });
});

describe("first-time setup", () => {
  const good = { token: "0123456789", organisation: "  Hikari Ward  ", username: " admin ", displayName: " Admin ", password: "0123456789" };

  it("trims the organisation, username and display name", () => {
    expect(SetupBody.parse(good)).toEqual({ token: "0123456789", organisation: "Hikari Ward", username: "admin", displayName: "Admin", password: "0123456789" });
  });

  it("needs the setup token, a named organisation and a first admin", () => {
    expect(accepts(SetupBody, { ...good, token: "012345678" })).toBe(false);
    expect(accepts(SetupBody, { ...good, token: "t".repeat(201) })).toBe(false);
    expect(accepts(SetupBody, { ...good, organisation: "  " })).toBe(false);
    expect(accepts(SetupBody, { ...good, organisation: "o".repeat(80) })).toBe(true);
    expect(accepts(SetupBody, { ...good, organisation: "o".repeat(81) })).toBe(false);
    expect(accepts(SetupBody, { ...good, username: "a b" })).toBe(false);
    expect(accepts(SetupBody, { ...good, password: "short" })).toBe(false);
    expect(accepts(SetupBody, { ...good, role: "admin" })).toBe(false);
  });
});

describe("a welcome link", () => {
  const token = "Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4";

  it("is looked at with its token and nothing else", () => {
    expect(WelcomeLookBody.parse({ token })).toEqual({ token });
    expect(accepts(WelcomeLookBody, { token: "t".repeat(9) })).toBe(false);
    expect(accepts(WelcomeLookBody, { token: "t".repeat(201) })).toBe(false);
    expect(accepts(WelcomeLookBody, { token, username: "someone" })).toBe(false);
  });

  it("is used with a password of the setup form's rules: at least 10 characters, kept exactly as typed", () => {
    expect(PASSWORD_MIN).toBe(10);
    expect(accepts(WelcomeBody, { token, password: "p".repeat(9) })).toBe(false);
    expect(WelcomeBody.parse({ token, password: " ten chars " }).password).toBe(" ten chars ");
    expect(accepts(WelcomeBody, { token, password: "p".repeat(200) })).toBe(true);
    expect(accepts(WelcomeBody, { token, password: "p".repeat(201) })).toBe(false);
    expect(accepts(WelcomeBody, { password: "p".repeat(10) })).toBe(false);
    // Whose account it is comes from the link, never from the body.
    expect(accepts(WelcomeBody, { token, password: "p".repeat(10), username: "someone-else" })).toBe(false);
  });

  it("works for a week, which the pages say", () => {
    expect(WELCOME_LINK_DAYS).toBe(7);
  });
});

describe("bodies that carry nothing", () => {
  it("carry nothing indeed", () => {
    expect(EmptyBody.parse({})).toEqual({});
    expect(accepts(EmptyBody, { student: "someone" })).toBe(false);
  });
});

describe("a new study", () => {
  it("has a trimmed name of 1 to 120 characters", () => {
    expect(StudyBody.parse({ name: "  2025 spring  " })).toEqual({ name: "2025 spring" });
    expect(accepts(StudyBody, { name: "   " })).toBe(false);
    expect(accepts(StudyBody, { name: "n".repeat(120) })).toBe(true);
    expect(accepts(StudyBody, { name: "n".repeat(121) })).toBe(false);
    expect(accepts(StudyBody, { name: "s", key: "mine" })).toBe(false);
  });
});

describe("purging old logs", () => {
  it("takes whole days from 1 to 3650, or none for the retention period", () => {
    expect(PurgeBody.parse({})).toEqual({});
    expect(PurgeBody.parse({ days: 30 })).toEqual({ days: 30 });
    expect(accepts(PurgeBody, { days: 1 })).toBe(true);
    expect(accepts(PurgeBody, { days: 3650 })).toBe(true);
    for (const days of [0, -1, 3651, 1.5, "30", null]) expect(accepts(PurgeBody, { days }), String(days)).toBe(false);
    expect(accepts(PurgeBody, { days: 30, everything: true })).toBe(false);
  });
});

describe("recording a student's research consent", () => {
  it("is one of none, activity, or activity and chat", () => {
    for (const level of ["none", "activity", "activity_chat"]) expect(ConsentBody.parse({ level })).toEqual({ level });
    for (const level of ["all", "chat", "", "ACTIVITY", null]) expect(accepts(ConsentBody, { level }), String(level)).toBe(false);
    expect(accepts(ConsentBody, {})).toBe(false);
    // Consent is for the student the URL names, nobody else.
    expect(accepts(ConsentBody, { level: "activity", student: "another" })).toBe(false);
  });
});

describe("a picture for the lesson board", () => {
  const dataUrl = (type: string, bytes: number) => `data:image/${type};base64,${Buffer.alloc(bytes, 7).toString("base64")}`;

  it("is a PNG or JPEG data URL, with or without base64 padding", () => {
    for (const image of [dataUrl("png", 300), dataUrl("jpeg", 301), dataUrl("png", 302), "data:image/png;base64,iVBORw0KGgo+/"]) {
      expect(accepts(BoardBody, { title: "", image }), image.slice(0, 40)).toBe(true);
    }
  });

  it("is never an SVG, a GIF, a link, or anything around the data URL", () => {
    const png = dataUrl("png", 30);
    for (const image of [
      dataUrl("svg+xml", 30),
      dataUrl("gif", 30),
      "https://example.org/picture.png",
      `x${png}`,
      `${png}"><script>alert(1)</script>`,
      `${png} `,
      "data:image/png;base64,",
      "data:image/png;base64,<>",
      "data:image/png;base64,AAAA=A",
    ]) {
      expect(accepts(BoardBody, { title: "", image }), image.slice(0, 60)).toBe(false);
    }
  });

  it("may be as large as 2 MiB once decoded, and no larger", () => {
    expect(BOARD_MAX_BYTES).toBe(2 * 1024 * 1024);
    expect(accepts(BoardBody, { title: "", image: dataUrl("jpeg", BOARD_MAX_BYTES) })).toBe(true);
    expect(accepts(BoardBody, { title: "", image: dataUrl("jpeg", BOARD_MAX_BYTES + 60) })).toBe(false);
  });

  it("has a title tidied like chat and capped at 80 characters", () => {
    expect(BoardBody.parse({ title: "  きょうの\n\u202Eじゅぎょう ", image: dataUrl("png", 3) }).title).toBe("きょうの じゅぎょう");
    expect(Array.from(BoardBody.parse({ title: "た".repeat(200), image: dataUrl("png", 3) }).title)).toHaveLength(80);
    expect(BoardBody.parse({ title: "", image: dataUrl("png", 3) }).title).toBe("");
    expect(accepts(BoardBody, { title: "t".repeat(80 * 8 + 1), image: dataUrl("png", 3) })).toBe(false);
    expect(accepts(BoardBody, { image: dataUrl("png", 3) })).toBe(false);
  });
});

describe("answers the pages read", () => {
  it("who am I: a student (nickname, organisation, whether the space is open) or a staff member (name and role)", () => {
    const student = { kind: "student", nickname: "そら", org: "o1", orgName: "Hikari", open: true, plaza: null, lesson: null };
    const staff = { kind: "staff", displayName: "Sato", role: "counsellor", org: "o1", orgName: "Hikari", federation: false };
    expect(Me.parse(student)).toEqual(student);
    const withPlaza = { ...student, plaza: { id: "e1", name: "みんなの ひろば", title: "なつまつり", startsAt: 0, endsAt: 3_600_000, open: false } };
    expect(Me.parse(withPlaza)).toEqual(withPlaza);
    expect(accepts(Me, { ...student, plaza: undefined })).toBe(false);
    const inLesson = { ...student, lesson: { title: "ぶんすう", subject: "maths", grade: 5, teacher: "たなか先生", since: 1_700_000_000 } };
    expect(Me.parse(inLesson)).toEqual(inLesson);
    expect(accepts(Me, { ...student, lesson: undefined })).toBe(false);
    expect(Me.parse(staff)).toEqual(staff);
    expect(accepts(Me, { ...staff, role: "student" })).toBe(false);
    expect(accepts(Me, { ...student, kind: "guest" })).toBe(false);
    expect(accepts(Me, { ...student, open: "yes" })).toBe(false);
    expect(accepts(Me, { kind: "staff", nickname: "そら", org: "o1", orgName: "Hikari", open: true })).toBe(false);
    expect(accepts(Me, { kind: "student", displayName: "Sato", role: "counsellor", org: "o1", orgName: "Hikari" })).toBe(false);
  });

  it("the students registry: nickname, staff-only note, whether a code exists or is blocked, and consent", () => {
    const summary = { id: "s1", nickname: "そら", note: "", hasCode: true, blocked: false, consent: "activity", keptOutOfPlazas: false };
    expect(StudentSummary.parse(summary)).toEqual(summary);
    expect(accepts(StudentSummary, { ...summary, consent: "everything" })).toBe(false);
    expect(accepts(StudentSummary, { ...summary, blocked: undefined })).toBe(false);
    expect(accepts(StudentSummary, { ...summary, hasCode: "no" })).toBe(false);
    expect(StudentList.parse({ students: [summary] })).toEqual({ students: [summary] });
    expect(accepts(StudentList, { students: [{ ...summary, consent: "yes" }] })).toBe(false);
    expect(Registered.parse({ student: summary, code: "sora-7291" })).toEqual({ student: summary, code: "sora-7291" });
    expect(accepts(Registered, { student: summary })).toBe(false);
    expect(NewCode.parse({ code: "x" })).toEqual({ code: "x" });
    expect(accepts(NewCode, {})).toBe(false);
  });

  it("ok means ok", () => {
    expect(Ok.parse({ ok: true })).toEqual({ ok: true });
    expect(accepts(Ok, { ok: false })).toBe(false);
    expect(accepts(Ok, {})).toBe(false);
  });
});

describe("the shared plaza's and the federation's bodies", () => {
  const event = { title: " なつまつり ", startsAt: 1_000, endsAt: 1_000 + 3_600_000, orgs: ["o2"] };
  it("an event: a title, times that end after they start (within 12 hours), and who takes part", () => {
    expect(OpenPlazaBody.parse(event)).toEqual({ ...event, title: "なつまつり" });
    expect(accepts(OpenPlazaBody, { ...event, endsAt: event.startsAt })).toBe(false);
    expect(accepts(OpenPlazaBody, { ...event, endsAt: event.startsAt + 12 * 3_600_000 })).toBe(true);
    expect(accepts(OpenPlazaBody, { ...event, endsAt: event.startsAt + 12 * 3_600_000 + 1 })).toBe(false);
    expect(accepts(OpenPlazaBody, { ...event, orgs: [] })).toBe(false);
    expect(accepts(OpenPlazaBody, { ...event, orgs: Array(51).fill("o") })).toBe(false);
    expect(accepts(OpenPlazaBody, { ...event, title: "   " })).toBe(false);
    expect(accepts(OpenPlazaBody, { ...event, host: "o1" })).toBe(false);
  });

  it("keeping a student out: yes or no, nothing else", () => {
    expect(KeepOutBody.parse({ keptOut: true })).toEqual({ keptOut: true });
    expect(accepts(KeepOutBody, { keptOut: "yes" })).toBe(false);
    expect(accepts(KeepOutBody, {})).toBe(false);
  });

  it("a new organisation with its first admin, whose user name follows the staff rules and who gets no password chosen for them", () => {
    const body = { name: "きた市", admin: { username: "kita-admin", displayName: "きた" } };
    expect(NewOrganisationBody.parse(body)).toEqual(body);
    expect(accepts(NewOrganisationBody, { ...body, admin: { ...body.admin, password: "a long password" } })).toBe(false);
    expect(accepts(NewOrganisationBody, { ...body, admin: { ...body.admin, username: "で" } })).toBe(false);
    expect(accepts(NewOrganisationBody, { ...body, admin: { ...body.admin, role: "admin" } })).toBe(false);
    expect(accepts(NewOrganisationBody, { ...body, federation: true })).toBe(false);
  });
});
