import { describe, expect, it } from "vitest";
import { parseRoster } from "../../server/roster/parse.ts";
import { type RosterSnapshot, planRoster } from "../../server/roster/plan.ts";
import { ROSTER } from "../../shared/domain/roster.ts";
import { DISTRICT, PEOPLE, SCHOOL, largeUsers, rosterFiles } from "../support/roster.ts";

/** OneRoster 1.2 (Japan Profile) files read and planned against test/fixtures/oneroster (its README says what each holds). */
const empty = (): RosterSnapshot => ({ linkedOrg: null, students: [], staff: [], usernames: new Set(), studentCount: 0 });
const plan = (folder = "valid", body: { org?: string; keepNames?: boolean; shownAs?: Record<string, string> } = {}, store = empty()) =>
  planRoster(parseRoster(rosterFiles(folder)), { keepNames: false, shownAs: {}, ...body }, store);
const issuesOf = (folder: string) => parseRoster(rosterFiles(folder)).issues;

describe("reading an export", () => {
  it("should read a valid export's organisations, people and roles, with each record's line", () => {
    const parsed = parseRoster(rosterFiles());
    expect(parsed.issues).toEqual([]);
    expect(parsed.orgs.map((o) => [o.line, o.name, o.type])).toEqual([
      [2, "みなみ区教育委員会", "district"],
      [3, "みなみ区立ひだまり小学校", "school"],
      [4, "みなみ区立こもれび中学校", "school"],
    ]);
    expect(parsed.users).toHaveLength(8);
    expect(parsed.users[0]).toMatchObject({ line: 2, sourcedId: PEOPLE.haruka, familyName: "山田", givenName: "陽香", kana: ["ヤマダ", "ハルカ"], enabled: true });
    expect(parsed.roles.map((r) => r.role)).toEqual(["student", "student", "student", "student", "teacher", "siteAdministrator", "guardian", "student"]);
    // The BOM is not part of the first column's name (or sourcedId would be "missing").
    expect(rosterFiles()["users.csv"]?.startsWith("\uFEFF")).toBe(true);
  });

  it("should read the same export without a BOM and with LF line ends alike", () => {
    const a = parseRoster(rosterFiles());
    const b = parseRoster(rosterFiles("no-bom-lf"));
    expect(rosterFiles("no-bom-lf")["users.csv"]?.startsWith("\uFEFF")).toBe(false);
    expect(b).toEqual(a);
  });

  it("should name a missing column, and read nothing more of that file", () => {
    const issues = issuesOf("missing-column");
    expect(issues).toContainEqual({ file: "users.csv", line: 1, problem: "missing_column", column: "givenName" });
    // Every role now points at a user the files do not have: each said once, on its own line.
    expect(issues.filter((i) => i.problem === "unknown_user")).toHaveLength(8);
  });

  it("should say which line has an empty required value", () => {
    expect(issuesOf("missing-value")).toEqual([{ file: "users.csv", line: 3, problem: "required", column: "givenName" }]);
  });

  it("should refuse values outside the binding's enumerations, by file, line, column and value", () => {
    expect(issuesOf("bad-enum")).toEqual(
      expect.arrayContaining([
        { file: "roles.csv", line: 6, problem: "bad_value", column: "role", value: "teachr" },
        { file: "orgs.csv", line: 4, problem: "bad_value", column: "type", value: "college" },
        { file: "users.csv", line: 4, problem: "bad_value", column: "enabledUser", value: "yes" },
      ]),
    );
    // Roles of the user and organisation whose own lines were refused are not told again as "unknown".
    expect(issuesOf("bad-enum").filter((i) => i.problem.startsWith("unknown"))).toEqual([]);
  });

  it("should refuse a sourcedId used twice, on the second line, naming the first", () => {
    expect(issuesOf("duplicate-id")).toEqual([{ file: "users.csv", line: 4, problem: "duplicate_id", column: "sourcedId", value: `${PEOPLE.sora} (3)` }]);
  });

  it("should refuse a role pointing at a user or an organisation the files do not have", () => {
    expect(issuesOf("unknown-ref")).toEqual([
      { file: "roles.csv", line: 10, problem: "unknown_user", column: "userSourcedId", value: "00000000-dead-4000-8000-000000000000" },
      { file: "roles.csv", line: 11, problem: "unknown_org", column: "orgSourcedId", value: "ffffffff-0000-4000-8000-00000000ffff" },
    ]);
  });

  it("should say a file is not CSV where a quote is never closed, and not UTF-8 when it is Shift_JIS", () => {
    expect(issuesOf("broken-quote")).toContainEqual(expect.objectContaining({ file: "orgs.csv", problem: "bad_csv", value: "CSV_QUOTE_NOT_CLOSED" }));
    expect(issuesOf("shift-jis")).toContainEqual({ file: "users.csv", line: null, problem: "not_utf8" });
  });

  it("should refuse a file too large or with too many rows before reading its lines", () => {
    const rows = parseRoster({ ...rosterFiles(), "users.csv": largeUsers(ROSTER.maxRows + 1) }).issues;
    expect(rows).toContainEqual({ file: "users.csv", line: null, problem: "too_many_rows", value: String(ROSTER.maxRows + 1) });
    expect(parseRoster({ ...rosterFiles(), "users.csv": largeUsers(ROSTER.maxRows) }).issues.filter((i) => i.file === "users.csv")).toEqual([]);
    const huge = `${rosterFiles()["users.csv"]}${"x".repeat(ROSTER.maxFileChars)}`;
    expect(parseRoster({ ...rosterFiles(), "users.csv": huge }).issues).toContainEqual({ file: "users.csv", line: null, problem: "file_too_large" });
  });

  it("should require users.csv, orgs.csv and roles.csv, and check manifest.csv only when given", () => {
    expect(parseRoster({ "orgs.csv": rosterFiles()["orgs.csv"] ?? "" }).issues.map((i) => [i.file, i.problem])).toEqual([
      ["users.csv", "missing_file"],
      ["roles.csv", "missing_file"],
    ]);
    expect(parseRoster(rosterFiles("valid", { only: ["orgs.csv", "users.csv", "roles.csv"] })).issues).toEqual([]);
    const old = (rosterFiles()["manifest.csv"] ?? "").replace("oneroster.version,1.2", "oneroster.version,1.1").replace("file.users,bulk", "file.users,absent");
    expect(parseRoster({ ...rosterFiles(), "manifest.csv": old }).issues).toEqual([
      { file: "manifest.csv", line: 3, problem: "bad_manifest", column: "oneroster.version", value: "1.1" },
      { file: "manifest.csv", line: 24, problem: "bad_manifest", column: "file.users", value: "absent" },
    ]);
  });
});

describe("planning an import", () => {
  it("should ask which organisation of the file is this one when it has several schools, and refuse one it does not have", () => {
    expect(plan().preview).toMatchObject({ org: null, add: [], issues: [{ file: "orgs.csv", line: null, problem: "choose_org" }] });
    expect(plan().preview.orgs.map((o) => o.sourcedId)).toEqual([DISTRICT, SCHOOL, expect.any(String)]);
    expect(plan("valid", { org: "nowhere" }).preview.issues).toEqual([{ file: "orgs.csv", line: null, problem: "org_not_in_file", column: "sourcedId", value: "nowhere" }]);
    // Linked by an earlier import: another school's file is refused, the linked one needs no choosing.
    const linked = { ...empty(), linkedOrg: SCHOOL };
    expect(plan("valid", { org: DISTRICT }, linked).preview.issues.map((i) => i.problem)).toEqual(["org_linked_elsewhere"]);
    expect(plan("valid", {}, linked).preview.org).toBe(SCHOOL);
  });

  it("should add this school's students and staff only, with placeholder nicknames, and say why each other person is left out", () => {
    const { preview, add } = plan("valid", { org: SCHOOL });
    expect(preview.issues).toEqual([]);
    expect(preview.add.map((p) => [p.sourcedId, p.kind, p.shownAs, p.username])).toEqual([
      [PEOPLE.haruka, "student", "なかま1", null],
      [PEOPLE.sora, "student", "なかま2", null],
      [PEOPLE.ken, "student", "なかま3", null],
      [PEOPLE.teacher, "counsellor", "田中先生", "tanaka.yoko"],
      [PEOPLE.admin, "admin", "伊藤先生", "ito.makoto"],
    ]);
    expect(preview.leftOut.map((p) => [p.sourcedId, p.reason])).toEqual([
      [PEOPLE.other, "other_org"],
      [PEOPLE.guardian, "family"],
      [PEOPLE.left, "disabled"],
    ]);
    // Without the box ticked no name from the file is written anywhere.
    expect(add.map((p) => p.note)).toEqual([null, null, null, null, null]);
    expect(JSON.stringify(add.map((p) => [p.shownAs, p.username, p.note]))).not.toMatch(/山田|陽香|ハルカ|佐藤|鈴木/);
  });

  it("should keep a student's name and its reading as a staff-only note only when asked", () => {
    const { add } = plan("valid", { org: SCHOOL, keepNames: true });
    expect(add[0]).toMatchObject({ shownAs: "なかま1", note: "山田 陽香（ヤマダ ハルカ）" });
    expect(add.filter((p) => p.kind !== "student").map((p) => p.note)).toEqual([null, null]);
  });

  it("should take the nicknames the admin typed, and refuse one that is the child's name or its reading", () => {
    const ok = plan("valid", { org: SCHOOL, shownAs: { [PEOPLE.haruka]: "  ひまわり ", [PEOPLE.teacher]: "ようこ先生" } });
    expect(ok.preview.add.map((p) => p.shownAs)).toEqual(["ひまわり", "なかま1", "なかま2", "ようこ先生", "伊藤先生"]);
    for (const name of ["陽香", "ハルカ", "はるか山田", "山田陽香", "ﾔﾏﾀﾞ"]) {
      const refused = plan("valid", { org: SCHOOL, shownAs: { [PEOPLE.haruka]: name } });
      expect(refused.preview.issues, name).toEqual([{ file: "users.csv", line: 2, problem: "shown_as_real_name" }]);
      // Still listed, with the name typed, for the admin to change it in the same table.
      expect(refused.preview.add[0]?.shownAs, name).toBe(name);
    }
    // A one-character name (空, 健) refuses only itself, not every nickname that holds the character.
    expect(plan("valid", { org: SCHOOL, shownAs: { [PEOPLE.sora]: "空" } }).preview.issues.map((i) => i.problem)).toEqual(["shown_as_real_name"]);
    expect(plan("valid", { org: SCHOOL, shownAs: { [PEOPLE.sora]: "青空" } }).preview.issues).toEqual([]);
    expect(plan("valid", { org: SCHOOL, shownAs: { [PEOPLE.ken]: "とても ながい ニックネームです" } }).preview.issues.map((i) => i.problem)).toEqual(["shown_as_invalid"]);
  });

  it("should update instead of adding on a second import, and tell what changes from what to what", () => {
    const store: RosterSnapshot = {
      linkedOrg: SCHOOL,
      students: [
        { id: "s1", rosterId: PEOPLE.haruka, nickname: "ひまわり", note: "" },
        { id: "s2", rosterId: PEOPLE.sora, nickname: "そら", note: "" },
      ],
      staff: [{ id: "t1", rosterId: PEOPLE.admin, username: "ito.makoto", displayName: "いとう先生", role: "counsellor" }],
      usernames: new Set(["ito.makoto", "tanaka.yoko"]),
      studentCount: 2,
    };
    const { preview, change } = plan("valid", { keepNames: true, shownAs: { [PEOPLE.sora]: "そら" } }, store);
    expect(preview.add.map((p) => [p.sourcedId, p.shownAs])).toEqual([[PEOPLE.ken, "なかま3"]]);
    expect(preview.change.map((p) => [p.sourcedId, p.changes])).toEqual([
      [PEOPLE.haruka, [{ field: "note", from: "", to: "山田 陽香（ヤマダ ハルカ）" }]],
      [PEOPLE.sora, [{ field: "note", from: "", to: "佐藤 空（サトウ ソラ）" }]],
      [PEOPLE.admin, [{ field: "role", from: "counsellor", to: "admin" }]],
    ]);
    expect(change.map((p) => p.id)).toEqual(["s1", "s2", "t1"]);
    // The teacher's user name is someone else's already: told, not added.
    expect(preview.issues).toEqual([{ file: "users.csv", line: 6, problem: "username_taken", column: "username", value: "tanaka.yoko" }]);
    // Nothing to change without the note: the same people stay as they are.
    const again = plan("valid", {}, { ...store, usernames: new Set(["ito.makoto"]) });
    expect(again.preview.same.map((p) => p.sourcedId)).toEqual([PEOPLE.haruka, PEOPLE.sora]);
  });

  it("should not list another school's children by name, and never make the importing admin a counsellor", () => {
    expect(plan("valid", { org: SCHOOL }).preview.leftOut.find((p) => p.sourcedId === PEOPLE.other)).toEqual({ line: 5, sourcedId: PEOPLE.other, name: "", reason: "other_org" });
    const files = rosterFiles();
    const demoted = (files["roles.csv"] ?? "").replace(",siteAdministrator,", ",teacher,");
    const store: RosterSnapshot = { ...empty(), linkedOrg: SCHOOL, staff: [{ id: "me", rosterId: PEOPLE.admin, username: "ito.makoto", displayName: "伊藤先生", role: "admin" }] };
    const run = (importer: string | null) => planRoster(parseRoster({ ...files, "roles.csv": demoted }), { keepNames: false, shownAs: {} }, store, importer).preview;
    expect(run("me").same.map((p) => [p.sourcedId, p.kind])).toEqual([[PEOPLE.admin, "admin"]]);
    // Another admin's import of the same file does change them.
    expect(run("someone-else").change.map((p) => [p.sourcedId, p.changes])).toEqual([[PEOPLE.admin, [{ field: "role", from: "admin", to: "counsellor" }]]]);
  });

  it("should give the same digest for the same files and store, and another when what would happen differs", () => {
    expect(plan("valid", { org: SCHOOL }).preview.digest).toBe(plan("valid", { org: SCHOOL }).preview.digest);
    expect(plan("valid", { org: SCHOOL, shownAs: { [PEOPLE.ken]: "けんけん" } }).preview.digest).not.toBe(plan("valid", { org: SCHOOL }).preview.digest);
  });

  it("should refuse a person who is a student and staff at once, and a staff user name Hidamari cannot take", () => {
    const files = rosterFiles();
    const roles = `${files["roles.csv"]}f0000099-0000-4000-8000-000000000099,,,${PEOPLE.teacher},secondary,student,2026-04-01,,${SCHOOL},\r\n`;
    const users = (files["users.csv"] ?? "").replace("ito.makoto@hidamari-es.example.jp,,", "い.とう@hidamari-es.example.jp,,");
    const { preview } = planRoster(parseRoster({ ...files, "roles.csv": roles, "users.csv": users }), { org: SCHOOL, keepNames: false, shownAs: {} }, empty());
    expect(preview.issues).toEqual([
      { file: "users.csv", line: 6, problem: "two_kinds", column: "sourcedId", value: PEOPLE.teacher },
      { file: "users.csv", line: 7, problem: "bad_username", column: "username", value: "い.とう@hidamari-es.example.jp" },
    ]);
  });
});
