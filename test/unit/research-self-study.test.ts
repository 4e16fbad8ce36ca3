import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type ExportSource, SELF_STUDY_CSV_COLUMNS, exportChunks } from "../../server/research/exports.ts";
import { siteAlias } from "../../server/research/pseudonymise.ts";
import { sittingsOf, summariseSelfStudy } from "../../server/research/selfStudy.ts";
import type { SessionRecord } from "../../server/store/SessionLog.ts";
import { STUDY } from "../../shared/domain/study.ts";
import type { LoggedEvent } from "../../shared/log/events.ts";
import { SelfStudyList, SelfStudySitting } from "../../shared/research/selfStudy.ts";
import { STUDY_EXTENSIONS, VERBS, XapiStatement } from "../../shared/research/xapi.ts";
import { admissionOf, drain, eventsOf, type Step, sessionRecord, visit } from "../support/research.ts";

/**
 * The self-study corner in the research data (issue 15), from synthetic logs through the
 * functions the research API and the exports use: each consenting child's times at a desk, how
 * long, what kind of goal, the learning sites opened and come back from, what kind of answer to
 * "what did you do?" (said on standing up, or a little later from a reloaded page); a child
 * without consent leaves no trace; a learning site leaves as an alias keyed to the study.
 */
const OPEN = Date.UTC(2026, 5, 2, 0, 0, 0);
const S = 1000;
const MIN = 60 * S;
const SITE = "Xq3site9id"; // its id in the organisation's list: never exported

/**
 * A (activity consent): sits at 60 s; goal "kanji" at 70 s, then own words (with the preset) at
 * 80 s; opens the site at 100 s, back at 400 s, opens it again at 500 s; stands at 20 min saying
 * "finished" and a few words. Sits again at 30 min, no goal, walks away at 40 min without a word,
 * reloads her page and says "not_today" from the new visit at 45 min.
 * N (no consent): sits, writes a goal, opens the site, stands with words.
 * B (chat consent): sits at 50 min and is still there when the log ends.
 */
const steps: Step[] = [
  ...visit("v-t", "acc-t", "staff", 0, null, "talk"),
  ...visit("v-a1", "acc-a", "student", 10 * S, 44 * MIN, "quiet"),
  { type: "entered", at: 44 * MIN, participant: "v-a2", account: "acc-a", role: "student", zone: "quiet" },
  ...visit("v-n", "acc-n", "student", 10 * S, 50 * MIN, "quiet"),
  ...visit("v-b", "acc-b", "student", 49 * MIN, null, "quiet"),
  { type: "self_study_started", at: 60 * S, participant: "v-a1", desk: 17 },
  { type: "self_study_goal", at: 70 * S, participant: "v-a1", preset: "kanji", chars: 0 },
  { type: "self_study_goal", at: 80 * S, participant: "v-a1", preset: "kanji", chars: 12 },
  { type: "self_study_site", at: 100 * S, participant: "v-a1", site: SITE, action: "opened" },
  { type: "self_study_site", at: 400 * S, participant: "v-a1", site: SITE, action: "returned" },
  { type: "self_study_site", at: 500 * S, participant: "v-a1", site: SITE, action: "opened" },
  { type: "self_study_ended", at: 20 * MIN, participant: "v-a1", minutes: 19, did: "finished", chars: 8 },
  { type: "self_study_started", at: 30 * MIN, participant: "v-a1", desk: 18 },
  { type: "self_study_ended", at: 40 * MIN, participant: "v-a1", minutes: 10, chars: 0 },
  { type: "self_study_did", at: 45 * MIN, participant: "v-a2", did: "not_today", chars: 0 },
  { type: "self_study_started", at: 2 * MIN, participant: "v-n", desk: 19 },
  { type: "self_study_goal", at: 3 * MIN, participant: "v-n", chars: 20 },
  { type: "self_study_site", at: 4 * MIN, participant: "v-n", site: SITE, action: "opened" },
  { type: "self_study_ended", at: 9 * MIN, participant: "v-n", minutes: 7, chars: 30 },
  { type: "self_study_started", at: 50 * MIN, participant: "v-b", desk: 17 },
  { type: "self_study_goal", at: 51 * MIN, participant: "v-b", preset: "reading", chars: 0 },
  { type: "hand", at: 55 * MIN, participant: "v-t", raised: true }, // the log's latest event while B studies
];
const readable = admissionOf({ "acc-a": "activity", "acc-b": "activity_chat", "acc-n": "none" }, ["acc-t"]);
/** People as `ps:<account>` so the test reads who is who; anything else hashed, as the study's HMAC would. */
const admission = { ...readable, pseudonym: (id: string) => (id.startsWith("acc-") ? readable.pseudonym(id) : `h-${createHash("sha256").update(id).digest("hex").slice(0, 12)}`) };

function session(list: Step[], closedAfter: number | null) {
  const record = sessionRecord(OPEN, closedAfter === null ? null : OPEN + closedAfter);
  return { record, events: eventsOf(record.space, OPEN, [...list].sort((a, b) => a.at - b.at)) };
}
function sourceOf(record: SessionRecord, events: LoggedEvent[], consent = admission): ExportSource {
  return { sessions: [record], events: async () => events, admission: consent, studyIri: "https://hidamari.example/studies/s-1", baseIri: "https://hidamari.example" };
}
const xapi = async (record: SessionRecord, events: LoggedEvent[]) => (JSON.parse((await drain(exportChunks("xapi", sourceOf(record, events)))).join("")) as unknown[]).map((s) => XapiStatement.parse(s));

const A1 = { pseudonym: "ps:acc-a", startedAt: OPEN + 60 * S, durationMs: 20 * MIN - 60 * S, ongoing: false, goal: { preset: "kanji", ownWords: true }, sitesOpened: 2, sitesReturned: 1, did: { preset: "finished", ownWords: true } };
const A2 = { pseudonym: "ps:acc-a", startedAt: OPEN + 30 * MIN, durationMs: 10 * MIN, ongoing: false, goal: null, sitesOpened: 0, sitesReturned: 0, did: { preset: "not_today", ownWords: false } };

describe("a child's times at a self-study desk", () => {
  it("should give each consenting child's sittings: how long, the goal as last set, the sites, and what they did, said then or later", () => {
    const { record, events } = session(steps, null);
    const sittings = sittingsOf(record, events, admission);
    for (const s of sittings) expect(SelfStudySitting.parse(s)).toEqual(s);
    expect(sittings).toEqual([
      { registration: record.registration, ...A1 },
      { registration: record.registration, ...A2 },
      // Still at the desk: so far, up to the log's latest event.
      { registration: record.registration, pseudonym: "ps:acc-b", startedAt: OPEN + 50 * MIN, durationMs: 5 * MIN, ongoing: true, goal: { preset: "reading", ownWords: false }, sitesOpened: 0, sitesReturned: 0, did: null },
    ]);
    expect(JSON.stringify(sittings)).not.toContain("acc-n");
  });

  it("should give a later word only to a sitting that ended without one, and end a sitting with its session when no end was logged", () => {
    const { record, events } = session(
      [
        ...visit("v-a", "acc-a", "student", 0, null, "quiet"),
        { type: "self_study_started", at: 10 * S, participant: "v-a", desk: 17 },
        { type: "self_study_ended", at: 70 * S, participant: "v-a", minutes: 1, chars: 0 },
        { type: "self_study_started", at: 80 * S, participant: "v-a", desk: 17 },
        { type: "self_study_did", at: 90 * S, participant: "v-a", did: "a_little", chars: 0 }, // not for the one before: a new one began
        { type: "self_study_ended", at: 150 * S, participant: "v-a", minutes: 1, did: "finished", chars: 0 },
        { type: "self_study_did", at: 160 * S, participant: "v-a", did: "not_today", chars: 0 }, // never over what was said
        { type: "self_study_started", at: 200 * S, participant: "v-a", desk: 18 },
      ],
      300 * S,
    );
    expect(sittingsOf(record, events, admission).map((s) => [s.durationMs, s.ongoing, s.did])).toEqual([
      [60 * S, false, null],
      [70 * S, false, { preset: "finished", ownWords: false }],
      [100 * S, false, null],
    ]);
  });

  it("should add each child's sittings up: how many, how long, and how often each kind of goal and answer", () => {
    const { record, events } = session(steps, null);
    const students = summariseSelfStudy(sittingsOf(record, events, admission));
    expect(SelfStudyList.parse({ students })).toEqual({ students });
    expect(students).toEqual([
      {
        pseudonym: "ps:acc-a",
        sittings: 2,
        msStudying: 29 * MIN,
        // The first goal had a preset and words: it counts in both.
        goals: { presets: { kanji: 1 }, ownWords: 1, none: 1 },
        sitesOpened: 2,
        sitesReturned: 1,
        did: { presets: { finished: 1, not_today: 1 }, ownWords: 1, none: 0 },
      },
      // Still studying: nothing to say about what was done yet.
      { pseudonym: "ps:acc-b", sittings: 1, msStudying: 5 * MIN, goals: { presets: { reading: 1 }, ownWords: 0, none: 0 }, sitesOpened: 0, sitesReturned: 0, did: { presets: {}, ownWords: 0, none: 0 } },
    ]);
  });
});

describe("self-study in the exports", () => {
  it("should write a self-study CSV row per consenting child per sitting, presets by id and own words as true/false", async () => {
    const { record, events } = session(steps, null);
    const csv = (await drain(exportChunks("self-study", sourceOf(record, events)))).join("");
    expect(csv).toBe(
      [
        SELF_STUDY_CSV_COLUMNS.join(","),
        `${record.registration},ps:acc-a,2026-06-02T00:01:00.000Z,19.00,false,kanji,true,2,1,finished,true`,
        `${record.registration},ps:acc-a,2026-06-02T00:30:00.000Z,10.00,false,,false,0,0,not_today,false`,
        `${record.registration},ps:acc-b,2026-06-02T00:50:00.000Z,5.00,true,reading,false,0,0,,false`,
        "",
      ].join("\n"),
    );
  });

  it("should read only the sessions where someone studied, and only the corner's events, when the source offers them", async () => {
    const { record, events } = session(steps, null);
    const without = session([...visit("v-a", "acc-a", "student", 0, 100 * S)], 200 * S);
    const source: ExportSource = {
      ...sourceOf(record, events),
      sessions: [without.record, record],
      events: async () => {
        throw new Error("the self-study CSV read every event");
      },
      selfStudyEvents: async (s) => (s === record ? events : null),
    };
    expect((await drain(exportChunks("self-study", source))).join("").trim().split("\n")).toHaveLength(4);
  });

  it("should tell xAPI each settled sitting as `attempted` self-study with its duration, goal, sites and what was done, and each site `launched` and `returned-from`", async () => {
    const { record, events } = session(steps, null);
    const all = await xapi(record, events);
    const text = JSON.stringify(all);
    for (const secret of [SITE, "acc-n", "v-a1"]) expect(text).not.toContain(secret);
    const site = `https://hidamari.example/studies/s-1/learning-sites/${siteAlias(admission, SITE)}`;
    const selfStudy = { objectType: "Activity", id: "https://hidamari.example/activities/self-study", definition: { name: { ja: "自習", en: "Self-study" } } };
    const studyVerbs: string[] = [VERBS.attempted.id, VERBS.launched.id, VERBS.returnedFrom.id];
    const told = all
      .filter((s) => studyVerbs.includes(s.verb.id))
      .map((s) => ({ who: s.actor.account.name, verb: s.verb.display.en, at: Date.parse(s.timestamp) - OPEN, object: s.object.id, parent: s.context.contextActivities?.parent[0]?.id, result: s.result }));
    expect(told).toEqual([
      { who: "ps:acc-a", verb: "launched", at: 100 * S, object: site, parent: selfStudy.id, result: undefined },
      { who: "ps:acc-a", verb: "returned from", at: 400 * S, object: site, parent: selfStudy.id, result: undefined },
      { who: "ps:acc-a", verb: "launched", at: 500 * S, object: site, parent: selfStudy.id, result: undefined },
      {
        who: "ps:acc-a",
        verb: "attempted",
        at: 20 * MIN,
        object: selfStudy.id,
        parent: undefined,
        result: {
          duration: "PT19M0S",
          extensions: {
            [STUDY_EXTENSIONS.goalPreset]: "kanji",
            [STUDY_EXTENSIONS.goalOwnWords]: true,
            [STUDY_EXTENSIONS.didPreset]: "finished",
            [STUDY_EXTENSIONS.didOwnWords]: true,
            [STUDY_EXTENSIONS.sitesOpened]: 2,
            [STUDY_EXTENSIONS.sitesReturned]: 1,
          },
        },
      },
      {
        who: "ps:acc-a",
        verb: "attempted",
        at: 40 * MIN,
        object: selfStudy.id,
        parent: undefined,
        result: {
          duration: "PT10M0S",
          extensions: {
            [STUDY_EXTENSIONS.goalOwnWords]: false,
            [STUDY_EXTENSIONS.didPreset]: "not_today",
            [STUDY_EXTENSIONS.didOwnWords]: false,
            [STUDY_EXTENSIONS.sitesOpened]: 0,
            [STUDY_EXTENSIONS.sitesReturned]: 0,
          },
        },
      },
    ]);
    expect(all.find((s) => s.verb.id === VERBS.attempted.id)?.object).toEqual(selfStudy);
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
  });

  it("should write a sitting ended without a word only once nothing can change it: a word said, the time to say it over, or the session closed", async () => {
    const quiet: Step[] = [
      ...visit("v-a", "acc-a", "student", 0, null, "quiet"),
      { type: "self_study_started", at: 10 * S, participant: "v-a", desk: 17 },
      { type: "self_study_ended", at: 70 * S, participant: "v-a", minutes: 1, chars: 0 },
    ];
    const attempted = async (list: Step[], closedAfter: number | null) => {
      const { record, events } = session(list, closedAfter);
      return (await xapi(record, events)).filter((s) => s.verb.id === VERBS.attempted.id).map((s) => s.result?.extensions?.[STUDY_EXTENSIONS.didPreset] ?? "none");
    };
    const later = (at: number): Step => ({ type: "emote", at, participant: "v-a", emote: "wave" });
    const window = STUDY.recordWithinMinutes * MIN;
    expect(await attempted([...quiet, later(70 * S + window)], null)).toEqual([]); // may still say it
    expect(await attempted([...quiet, { type: "self_study_did", at: 100 * S, participant: "v-a", did: "a_little", chars: 0 }], null)).toEqual(["a_little"]);
    expect(await attempted([...quiet, later(70 * S + window + 1)], null)).toEqual(["none"]);
    expect(await attempted(quiet, 200 * S)).toEqual(["none"]);
  });

  it("should name a learning site by its alias in JSON Lines too, the same throughout the study", async () => {
    const { record, events } = session(steps, null);
    const text = (await drain(exportChunks("jsonl", sourceOf(record, events)))).join("");
    expect(text).not.toContain(`"${SITE}"`);
    const sites = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.type === "self_study_site")
      .map((l) => [l.site, l.action]);
    expect(sites).toEqual([
      [siteAlias(admission, SITE), "opened"],
      [siteAlias(admission, SITE), "returned"],
      [siteAlias(admission, SITE), "opened"],
    ]);
  });
});
