import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { LoggedEvent } from "../../shared/log/events.ts";
import type { ChatLine, ServerError } from "../../shared/protocol/events.ts";
import type { PollView } from "../../shared/protocol/pollEvents.ts";
import type { PollTally } from "../../shared/protocol/staffEvents.ts";
import { exportChunks } from "../../server/research/exports.ts";
import { caughtUp, collect, pong, type SpaceRoom, until } from "../support/clients.ts";
import { organisation, staffMember, student } from "../support/people.ts";
import { admissionOf, drain } from "../support/research.ts";
import { type TestServer, startTestServer } from "../support/server.ts";
import { CLASSROOM, serverRoom, walkTo } from "../support/walking.ts";

/**
 * Quick checks over real sockets (server/rooms/handlers/polls.ts, issue 15): a teacher asks a
 * poll or a quiz in a lesson, children answer (or would rather not), change their minds, and see
 * only counts and their own answer; the teacher sees who answered what. The log keeps who took
 * part, and what they answered only with consent to content. And the teacher's announcement to
 * the classroom only.
 */
let server: TestServer;
let org: { id: string };
let teacher: SpaceRoom;
beforeAll(async () => {
  server = await startTestServer();
});
beforeEach(async () => {
  org = await organisation(server);
  teacher = await (await staffMember(server, org.id, "counsellor", "たなか先生")).join();
});
afterEach(async () => {
  await server.colyseus.cleanup();
});
afterAll(async () => {
  await server.close();
});

const spaceOf = (room: SpaceRoom) => serverRoom(server, room);
/** Walks the way the page's "go to" would, to a point. */
const goTo = (room: SpaceRoom, to: { x: number; z: number }) => walkTo(server, room, to);
const log = () => server.log.events(teacher.roomId);
/** Every event of a type the room has received so far (people.ts records them from the join). */
const got = <T>(room: SpaceRoom, type: string) => (room.received?.[type] ?? []) as T[];
const last = <T>(room: SpaceRoom, type: string) => got<T>(room, type).at(-1);
async function startLesson() {
  await goTo(teacher, CLASSROOM);
  teacher.send("startLesson", { title: "さんすう" });
  await until(() => teacher.state.lessonTitle === "さんすう", "the lesson is on");
}
async function errorAfter(room: SpaceRoom, send: () => void): Promise<ServerError> {
  const errors = collect<ServerError>(room, "error");
  send();
  await until(() => errors.length > 0, "an error");
  return errors[0] as ServerError;
}

describe("a quick check", () => {
  it("should run from question to result: one child answers, one passes, one changes her mind; the teacher sees who, the class only counts", async () => {
    const staffId = (await server.services.directory.staffOf(org.id))[0]?.id ?? "";
    const person = async (nickname: string, consent: "activity" | "activity_chat") => {
      const p = await student(server, org.id, nickname);
      await server.services.directory.setConsent(p.id, consent, staffId);
      return p;
    };
    const [aoiP, kenP, rinP] = [await person("あおい", "activity_chat"), await person("けん", "activity"), await person("りん", "activity")];
    const [aoi, ken, rin] = [await aoiP.join(), await kenP.join(), await rinP.join()];

    // No lesson, no quick check.
    expect(await errorAfter(teacher, () => teacher.send("startPoll", { kind: "choice", question: "q", choices: ["a", "b"] }))).toEqual({ code: "no_lesson", about: "startPoll" });
    await startLesson();

    // A child may not ask one, nor close one: refused, audited, nothing asked.
    for (const [type, payload] of [
      ["startPoll", { kind: "choice", question: "のっとり", choices: ["a", "b"] }],
      ["closePoll", { poll: "x" }],
    ] as const) {
      expect(await errorAfter(ken, () => ken.send(type, payload))).toEqual({ code: "not_allowed", about: type });
    }
    // Nor does staff answer one.
    expect(await errorAfter(teacher, () => teacher.send("answerPoll", { poll: "x", pass: true }))).toEqual({ code: "not_allowed", about: "answerPoll" });
    await pong(ken);
    expect(got(ken, "poll")).toEqual([]);

    // The quiz goes to everyone in the space, wherever they are (the children are in the talk area).
    teacher.send("startPoll", { kind: "choice", question: "3+4は？", choices: ["6", "7", "8"], correct: 1 });
    for (const room of [aoi, ken, rin, teacher]) await until(() => got(room, "poll").length === 1, "the quiz arrives");
    const asked = last<PollView>(aoi, "poll") as PollView;
    // The correct choice is not told until it closes.
    expect(asked).toEqual({ id: asked.id, question: "3+4は？", choices: ["6", "7", "8"], quiz: true });
    expect(spaceOf(aoi).state.avatars.get(aoi.sessionId)?.zone).toBe("talk");
    await until(() => got(teacher, "pollTally").length === 1, "the teacher's empty tally");
    expect(last<PollTally>(teacher, "pollTally")).toEqual({ poll: asked.id, counts: [0, 0, 0], values: [], passed: 0, correct: 1, answers: [], closed: false });

    // One at a time.
    expect(await errorAfter(teacher, () => teacher.send("startPoll", { kind: "number", question: "もう ひとつ" }))).toEqual({ code: "poll_open", about: "startPoll" });

    // あおい answers (and taps twice); けん would rather not; りん answers, then changes her mind.
    const tallies = () => got<PollTally>(teacher, "pollTally");
    aoi.send("answerPoll", { poll: asked.id, choice: 1 });
    aoi.send("answerPoll", { poll: asked.id, choice: 1 });
    ken.send("answerPoll", { poll: asked.id, pass: true });
    rin.send("answerPoll", { poll: asked.id, choice: 0 });
    await until(() => got(rin, "poll").length === 2, "りん's answer acknowledged");
    rin.send("answerPoll", { poll: asked.id, choice: 2 });
    await until(() => got(aoi, "poll").length === 3 && got(ken, "poll").length === 2 && got(rin, "poll").length === 3, "every answer acknowledged");
    // Each child's acknowledgement carries their own answer and nobody else's.
    expect(last<PollView>(aoi, "poll")?.mine).toEqual({ choice: 1 });
    expect(last<PollView>(ken, "poll")?.mine).toEqual({ pass: true });
    expect(last<PollView>(rin, "poll")?.mine).toEqual({ choice: 2 });
    await until(() => tallies().at(-1)?.answers.length === 3 && tallies().at(-1)?.counts[2] === 1, "the teacher's tally");
    // The double tap counted once: three children, three answers, one tally per change.
    expect(tallies().at(-1)).toEqual({
      poll: asked.id,
      counts: [0, 1, 1],
      values: [],
      passed: 1,
      correct: 1,
      answers: [
        { nickname: "あおい", answer: { choice: 1 } },
        { nickname: "けん", answer: { pass: true } },
        { nickname: "りん", answer: { choice: 2 } },
      ],
      closed: false,
    });
    expect(tallies()).toHaveLength(5); // the empty one, then あおい, けん, りん, りん again

    // Answers that do not fit are refused clearly, and nothing is counted.
    expect(await errorAfter(ken, () => ken.send("answerPoll", { poll: asked.id, choice: 3 }))).toEqual({ code: "bad_answer", about: "answerPoll" });
    expect(await errorAfter(ken, () => ken.send("answerPoll", { poll: asked.id, value: 7 }))).toEqual({ code: "bad_answer", about: "answerPoll" });
    expect(await errorAfter(ken, () => ken.send("answerPoll", { poll: "another", choice: 1 }))).toEqual({ code: "no_poll", about: "answerPoll" });
    expect(await errorAfter(ken, () => ken.send("answerPoll", { poll: asked.id, choice: "1" }))).toMatchObject({ code: "invalid_message", about: "answerPoll" });
    await pong(teacher);
    expect(tallies()).toHaveLength(5);
    // Children never get the tally, nor anyone's name with an answer.
    for (const kid of [aoi, ken, rin]) expect(got(kid, "pollTally")).toEqual([]);
    expect(JSON.stringify(got(aoi, "poll"))).not.toMatch(/けん|りん/);

    // Arriving late, or coming back on a reloaded page: the open quiz, and one's own answer.
    const mio = await (await student(server, org.id, "みお")).join();
    await until(() => got(mio, "poll").length === 1, "the latecomer gets the quiz");
    expect(last<PollView>(mio, "poll")).toEqual(asked);
    const rinAgain = await rinP.join();
    await until(() => got(rinAgain, "poll").length === 1, "the reloaded page gets it back");
    expect(last<PollView>(rinAgain, "poll")?.mine).toEqual({ choice: 2 });

    // Closed: everyone gets the counts and the correct choice, each with their own answer.
    teacher.send("closePoll", { poll: asked.id });
    const result = { counts: [0, 1, 1], values: [], passed: 1, correct: 1 };
    for (const room of [aoi, ken, rinAgain, mio, teacher]) await until(() => last<PollView>(room, "poll")?.result !== undefined, "the result");
    expect(last<PollView>(aoi, "poll")).toEqual({ ...asked, mine: { choice: 1 }, result });
    expect(last<PollView>(ken, "poll")).toEqual({ ...asked, mine: { pass: true }, result });
    expect(last<PollView>(rinAgain, "poll")).toEqual({ ...asked, mine: { choice: 2 }, result });
    expect(last<PollView>(mio, "poll")).toEqual({ ...asked, result });
    expect(last<PollView>(teacher, "poll")).toEqual({ ...asked, result });
    await until(() => tallies().at(-1)?.closed === true, "the teacher's final tally");
    // Too late to answer, or to close again.
    expect(await errorAfter(mio, () => mio.send("answerPoll", { poll: asked.id, choice: 1 }))).toEqual({ code: "no_poll", about: "answerPoll" });
    expect(await errorAfter(teacher, () => teacher.send("closePoll", { poll: asked.id }))).toEqual({ code: "no_poll", about: "closePoll" });

    // The log: who took part, and what they answered only for the child who consents to content.
    const events = await log();
    const participant = (room: SpaceRoom) => {
      const entered = events.find((e) => e.type === "entered" && e.account === (room === aoi ? aoiP.id : room === ken ? kenP.id : rinP.id));
      return entered && "participant" in entered ? entered.participant : "";
    };
    const polls = events.filter((e) => e.type.startsWith("poll_"));
    expect(polls.map(({ v: _v, at: _at, space: _space, ...e }) => e)).toEqual([
      { type: "poll_started", participant: expect.any(String), lesson: expect.any(String), poll: asked.id, kind: "choice", choices: 3, quiz: true },
      { type: "poll_answered", participant: participant(aoi), poll: asked.id, passed: false, answer: 1 },
      { type: "poll_answered", participant: participant(ken), poll: asked.id, passed: true },
      { type: "poll_answered", participant: participant(rin), poll: asked.id, passed: false },
      { type: "poll_answered", participant: participant(rin), poll: asked.id, passed: false, changed: true },
      { type: "poll_closed", poll: asked.id },
    ]);
    expect(JSON.stringify(events)).not.toMatch(/3\+4/);
    const audit = await server.services.audit.list(org.id, 1000);
    expect(audit.filter((e) => e.outcome === "done").map((e) => e.action)).toEqual(expect.arrayContaining(["start_poll", "close_poll"]));
    expect(audit.filter((e) => e.outcome === "denied").map((e) => e.action).sort()).toEqual(["answerPoll", "closePoll", "startPoll"]);

    // A research export keeps あおい's answer only while she consents to content.
    const session = (await server.log.sessions(org.id, 0, Number.MAX_SAFE_INTEGER)).find((s) => s.space === teacher.roomId);
    if (!session) throw new Error("no session");
    const exported = async (aoiConsent: "activity" | "activity_chat") => {
      const source = {
        sessions: [session],
        events: async () => events as LoggedEvent[],
        admission: admissionOf({ [aoiP.id]: aoiConsent, [kenP.id]: "activity", [rinP.id]: "activity" }, [staffId]),
        studyIri: "https://hidamari.example/studies/s",
        baseIri: "https://hidamari.example",
      };
      const lines = (await drain(exportChunks("jsonl", source))).join("").trim().split("\n");
      return lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.type === "poll_answered");
    };
    expect((await exported("activity_chat")).map((e) => [e.passed, e.answer])).toEqual([
      [false, 1],
      [true, undefined],
      [false, undefined],
      [false, undefined],
    ]);
    expect((await exported("activity")).map((e) => e.answer)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("should take a whole number within the teacher's bounds, show the numbers without names, and end with its lesson", async () => {
    const sora = await student(server, org.id, "そら");
    // そら consents to content: her number is kept in the log, as a choice would be.
    await server.services.directory.setConsent(sora.id, "activity_chat", "test");
    const kid = await sora.join();
    const other = await (await student(server, org.id, "うみ")).join();
    await startLesson();
    teacher.send("startPoll", { kind: "number", question: "すきな かずは？", min: 1, max: 10 });
    await until(() => got(kid, "poll").length === 1 && got(other, "poll").length === 1, "the question");
    const asked = last<PollView>(kid, "poll") as PollView;
    expect(asked).toEqual({ id: asked.id, question: "すきな かずは？", min: 1, max: 10 });
    for (const value of [0, 11]) expect(await errorAfter(kid, () => kid.send("answerPoll", { poll: asked.id, value }))).toEqual({ code: "bad_answer", about: "answerPoll" });
    expect(await errorAfter(kid, () => kid.send("answerPoll", { poll: asked.id, choice: 0 }))).toEqual({ code: "bad_answer", about: "answerPoll" });
    kid.send("answerPoll", { poll: asked.id, value: 7 });
    // One after the other, so the log's order below is known.
    await until(() => last<PollTally>(teacher, "pollTally")?.values.length === 1, "one number");
    other.send("answerPoll", { poll: asked.id, value: 3 });
    await until(() => last<PollTally>(teacher, "pollTally")?.values.length === 2, "two numbers");
    // Closing a question that is not the open one (a stale page) closes nothing.
    expect(await errorAfter(teacher, () => teacher.send("closePoll", { poll: "00000000-0000-4000-8000-000000000000" }))).toEqual({ code: "no_poll", about: "closePoll" });
    expect(last<PollTally>(teacher, "pollTally")?.closed).toBe(false);
    teacher.send("closePoll", { poll: asked.id });
    await until(() => last<PollView>(kid, "poll")?.result !== undefined, "the result");
    expect(last<PollView>(kid, "poll")).toEqual({ ...asked, mine: { value: 7 }, result: { counts: [], values: [3, 7], passed: 0 } });

    // The next one starts fresh; the lesson's end closes it, in the log too.
    teacher.send("startPoll", { kind: "choice", question: "つづける？", choices: ["はい", "いいえ"] });
    await until(() => got(kid, "poll").length === 4, "the next question"); // after the question, my answer and the result
    const next = last<PollView>(kid, "poll") as PollView;
    expect(next.mine).toBeUndefined();
    teacher.send("endLesson", {});
    await until(() => kid.state.lessonTitle === "", "the lesson is over");
    expect(await errorAfter(kid, () => kid.send("answerPoll", { poll: next.id, choice: 0 }))).toEqual({ code: "no_poll", about: "answerPoll" });
    const events = await log();
    // (No table time in this lesson: its end ends none.)
    const types = events.map((e) => e.type).filter((t) => t.startsWith("poll_") || t.startsWith("lesson_") || t.startsWith("tables_"));
    expect(types).toEqual(["lesson_started", "poll_started", "poll_answered", "poll_answered", "poll_closed", "poll_started", "poll_closed", "lesson_ended"]);
    // Neither was a quiz; そら's number is there, うみ's (no consent to content) is not.
    expect(events.filter((e) => e.type === "poll_started").map((e) => [(e as { kind: string }).kind, (e as { choices: number }).choices, (e as { quiz: boolean }).quiz])).toEqual([
      ["number", 0, false],
      ["choice", 2, false],
    ]);
    expect(events.filter((e) => e.type === "poll_answered").map((e) => (e as { answer?: number }).answer)).toEqual([7, undefined]);
    // The teacher's acts, audited with the question they were about.
    const acts = (await server.services.audit.list(org.id, 1000)).filter((e) => e.action.endsWith("_poll")).reverse();
    expect(acts.map((e) => [e.action, e.outcome, e.detail])).toEqual([
      ["start_poll", "done", { poll: asked.id, kind: "number" }],
      ["close_poll", "done", { poll: asked.id }],
      ["start_poll", "done", { poll: next.id, kind: "choice" }],
    ]);
    // Someone arriving after the lesson is not given its old question.
    const late = await (await student(server, org.id, "おそい")).join();
    await pong(late);
    expect(got(late, "poll")).toEqual([]);
  });

  it("should refuse an answer over the child's budget, and a flood of them changes nothing", async () => {
    const kid = await (await student(server, org.id, "はやい")).join();
    await startLesson();
    teacher.send("startPoll", { kind: "choice", question: "どっち？", choices: ["a", "b"] });
    await until(() => got(kid, "poll").length === 1, "the question");
    const id = (last<PollView>(kid, "poll") as PollView).id;
    const errors = collect<ServerError>(kid, "error");
    for (let i = 0; i < 8; i++) kid.send("answerPoll", { poll: id, choice: i % 2 });
    await until(() => errors.length >= 1, "over budget");
    expect(errors.every((e) => e.code === "rate_limited" && e.about === "answerPoll")).toBe(true);
    // Five went through: a first answer and four changes, nothing more.
    const answered = async () => (await log()).filter((e) => e.type === "poll_answered").length;
    await until(async () => (await answered()) === 5, "five answers logged");
    await pong(kid);
    expect(await answered()).toBe(5);
    expect(errors).toHaveLength(3);
  });
});

describe("an announcement to the classroom", () => {
  it("should reach those in the classroom and the teacher, nobody else, and be for staff only", async () => {
    const inside = await (await student(server, org.id, "なか")).join();
    const outside = await (await student(server, org.id, "そと")).join();
    await goTo(teacher, CLASSROOM);
    await goTo(inside, { x: -8, z: -9 });
    const heard = collect<ChatLine>(inside, "announcement");
    const notHeard = collect<ChatLine>(outside, "announcement");
    const own = collect<ChatLine>(teacher, "announcement");
    teacher.send("announce", { text: "ノートを ひらいてね", zone: "classroom" });
    await until(() => heard.length === 1 && own.length === 1, "announced in the classroom");
    expect(heard[0]).toMatchObject({ text: "ノートを ひらいてね", nickname: "たなか先生", staff: true, channel: "zone", zone: "classroom", announcement: true });
    await caughtUp(outside, teacher);
    expect(notHeard).toEqual([]);
    // An event's MC may announce to everyone, never to the classroom alone: that is the teacher's voice.
    teacher.send("emcee", { target: outside.sessionId, on: true });
    await until(() => spaceOf(outside).state.avatars.get(outside.sessionId)?.emcee === true, "the MC");
    expect(await errorAfter(outside, () => outside.send("announce", { text: "みんな きいて", zone: "classroom" }))).toEqual({ code: "not_allowed", about: "announce" });
    await caughtUp(inside, outside);
    expect(heard).toHaveLength(1);
    const audit = await server.services.audit.list(org.id, 1000);
    expect(audit.filter((e) => e.action === "announce_classroom").map((e) => e.outcome).sort()).toEqual(["denied", "done"]);
    expect((await log()).filter((e) => e.type === "staff_action").map((e) => (e as { action: string }).action)).toContain("announce_classroom");
  });
});
