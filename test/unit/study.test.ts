import { describe, expect, it } from "vitest";
import { DID_PRESETS, GOAL_PRESETS, STUDY, minutesBetween, siteAddress } from "../../shared/domain/study.ts";
import { LoggedEvent } from "../../shared/log/events.ts";
import { LessonEvents } from "../../shared/protocol/lessonEvents.ts";
import { ClientMessages } from "../../shared/protocol/staffMessages.ts";
import { StudyMine, StudySiteBody } from "../../shared/protocol/study.ts";
import { DID_WORD, GOAL_WORD, goalLine, minutesWord } from "../../client/ui/studyWords.ts";

/** The self-study corner's wire contract (shared/protocol/study.ts), its log events and its words. */
const ok = (type: keyof typeof ClientMessages, payload: unknown) => ClientMessages[type].safeParse(payload).success;

describe("today's goal", () => {
  it("is a preset by its id, the child's own words (normalised and cut like chat), or both; never nothing", () => {
    expect(ok("studyGoal", { preset: "kanji" })).toBe(true);
    expect(ClientMessages.studyGoal.parse({ text: "  かんじ  ドリル\u200b 3ページ " })).toEqual({ text: "かんじ ドリル 3ページ" });
    expect(ClientMessages.studyGoal.parse({ preset: "reading", text: "ほん" })).toEqual({ preset: "reading", text: "ほん" });
    expect(ClientMessages.studyGoal.parse({ text: "あ".repeat(STUDY.goalMaxChars + 5) }).text).toBe("あ".repeat(STUDY.goalMaxChars));
    expect(ok("studyGoal", {})).toBe(false);
    expect(ok("studyGoal", { text: "   " })).toBe(false);
    expect(ok("studyGoal", { preset: "gaming" })).toBe(false);
    expect(ok("studyGoal", { preset: "kanji", minutes: 30 })).toBe(false);
    expect(ok("studyGoal", { text: "x".repeat(10_000) })).toBe(false);
  });
});

describe("a learning site opened or come back from", () => {
  it("is named by the site's id in the list, never by an address", () => {
    expect(ok("studySite", { site: "abc123", event: "opened" })).toBe(true);
    expect(ok("studySite", { site: "abc123", event: "returned" })).toBe(true);
    expect(ok("studySite", { site: "abc123", event: "closed" })).toBe(false);
    expect(ok("studySite", { site: "", event: "opened" })).toBe(false);
    expect(ok("studySite", { site: "x".repeat(65), event: "opened" })).toBe(false);
    expect(ok("studySite", { site: "abc", event: "opened", url: "https://evil.example" })).toBe(false);
  });
});

describe("what was done", () => {
  it("may be a preset, words, both, or nothing at all (standing up says nothing, and that is fine)", () => {
    expect(ok("studyEnd", {})).toBe(true);
    expect(ok("studyEnd", { did: "not_today" })).toBe(true);
    expect(ClientMessages.studyEnd.parse({ did: "a_little", text: " 7ページ  まで " })).toEqual({ did: "a_little", text: "7ページ まで" });
    expect(ok("studyEnd", { did: "perfect" })).toBe(false);
    expect(ok("studyEnd", { text: "" })).toBe(false);
    expect(ok("studyEnd", { text: "x".repeat(STUDY.didMaxChars * 8 + 1) })).toBe(false);
  });
});

describe("a learning site's address", () => {
  it("is https only, with a host and no user name or password, normalised as the browser would", () => {
    expect(siteAddress("https://www.nhk.or.jp/school/")).toBe("https://www.nhk.or.jp/school/");
    expect(siteAddress("https://EXAMPLE.org")).toBe("https://example.org/");
    expect(siteAddress("https://例え.jp/さんすう?q=1#a")).toBe("https://xn--r8jz45g.jp/%E3%81%95%E3%82%93%E3%81%99%E3%81%86?q=1#a");
    for (const bad of ["http://example.org/", "javascript:alert(1)", "data:text/html,hi", "//example.org", "example.org", "https://user:pw@example.org/", "https://user@example.org/", "https://", "https://exa mple.org", " https://example.org", "ftp://example.org", "", `https://example.org/${"a".repeat(STUDY.siteUrlMaxChars)}`]) {
      expect(siteAddress(bad), bad).toBeNull();
    }
  });

  it("is checked by the staff's body, with a name a child can read", () => {
    expect(StudySiteBody.parse({ name: "  NHK for School ", url: "https://www.nhk.or.jp/school/" })).toEqual({ name: "NHK for School", url: "https://www.nhk.or.jp/school/" });
    expect(StudySiteBody.parse({ name: "さんすう", url: "https://Example.org" }).url).toBe("https://example.org/");
    expect(StudySiteBody.safeParse({ name: "x", url: "http://example.org" }).success).toBe(false);
    expect(StudySiteBody.safeParse({ name: "x", url: "javascript:alert(1)" }).success).toBe(false);
    expect(StudySiteBody.safeParse({ name: " ", url: "https://example.org" }).success).toBe(false);
    expect(StudySiteBody.safeParse({ name: "x", url: "https://example.org", id: "mine" }).success).toBe(false);
    expect(StudySiteBody.parse({ name: "あ".repeat(STUDY.siteNameMaxChars + 3), url: "https://example.org" }).name).toHaveLength(STUDY.siteNameMaxChars);
  });
});

describe("what the child's page reads", () => {
  it("their history and the sites, as GET /api/study/mine answers", () => {
    const mine = { sites: [{ id: "s1", name: "ドリル", url: "https://example.org/" }], history: [{ startedAt: 1, endedAt: null, goal: { preset: "kanji" }, did: null }] };
    expect(StudyMine.parse(mine)).toEqual(mine);
    expect(StudyMine.safeParse({ ...mine, history: [{ startedAt: 1, endedAt: 2, goal: { preset: "gaming" }, did: null }] }).success).toBe(false);
  });

  it("their own session and, for staff, who studies: events fetched with the lesson's", () => {
    expect(LessonEvents.study.parse({ state: "studying", since: 5, goal: { preset: "sums", text: "9のだん" } })).toEqual({ state: "studying", since: 5, goal: { preset: "sums", text: "9のだん" } });
    expect(LessonEvents.study.parse({ state: "ended", minutes: 12, recorded: false })).toEqual({ state: "ended", minutes: 12, recorded: false });
    expect(LessonEvents.study.safeParse({ state: "ended", minutes: 12 }).success).toBe(false);
    expect(LessonEvents.studying.parse({ desks: [{ id: "a", since: 1, site: "ドリル" }] }).desks).toHaveLength(1);
  });
});

describe("the log's self-study events", () => {
  const base = { v: 1, at: 1, space: "s", participant: "p" } as const;
  it("carry presets and lengths, never a child's words", () => {
    expect(LoggedEvent.parse({ ...base, type: "self_study_goal", preset: "kanji", chars: 0 })).toMatchObject({ preset: "kanji", chars: 0 });
    expect(LoggedEvent.parse({ ...base, type: "self_study_ended", minutes: 20, did: "finished", chars: 5 })).toMatchObject({ minutes: 20 });
    expect(LoggedEvent.parse({ ...base, type: "self_study_site", site: "s1", action: "opened" })).toMatchObject({ site: "s1" });
    // Words a buggy server tried to log are not kept: the schema drops unknown keys.
    expect(LoggedEvent.parse({ ...base, type: "self_study_goal", chars: 3, text: "ひみつ" })).not.toHaveProperty("text");
    expect(LoggedEvent.parse({ ...base, type: "self_study_did", chars: 3, text: "ひみつ" })).not.toHaveProperty("text");
    expect(LoggedEvent.safeParse({ ...base, type: "self_study_ended", minutes: -1, chars: 0 }).success).toBe(false);
    expect(LoggedEvent.safeParse({ ...base, type: "self_study_site", site: "s1", action: "visited" }).success).toBe(false);
  });
});

describe("the corner's words", () => {
  it("name every preset in both languages", () => {
    for (const preset of GOAL_PRESETS) for (const lang of ["ja", "en"] as const) expect(GOAL_WORD[preset][lang]).not.toBe("");
    for (const preset of DID_PRESETS) for (const lang of ["ja", "en"] as const) expect(DID_WORD[preset][lang]).not.toBe("");
    expect(goalLine("ja", { preset: "kanji", text: "10こ" })).toBe("かんじ — 10こ");
  });

  it("say minutes as a child reads them", () => {
    expect([1, 2, 3, 5, 10, 12, 25].map((n) => minutesWord("ja", n))).toEqual(["1ぷん", "2ふん", "3ぷん", "5ふん", "10ぷん", "12ふん", "25ふん"]);
    expect(minutesWord("en", 1)).toBe("1 minute");
    expect(minutesWord("en", 20)).toBe("20 minutes");
    expect(minutesBetween(0, 89_999)).toBe(1);
    expect(minutesBetween(10, 0)).toBe(0);
  });
});
