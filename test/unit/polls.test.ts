import { describe, expect, it } from "vitest";
import { LoggedEvent } from "../../shared/log/events.ts";
import { POLL_LIMITS, answerFits, groupValues, sameAnswer, tally } from "../../shared/domain/polls.ts";
import { PollEvents } from "../../shared/protocol/pollEvents.ts";
import { EveryoneMessages } from "../../shared/protocol/messages.ts";
import { ClientMessages } from "../../shared/protocol/staffMessages.ts";
import { StaffEvents } from "../../shared/protocol/staffEvents.ts";

/** Quick checks (shared/domain/polls.ts): the rules both sides run, the messages, the events and what is logged. */
const ok = (type: keyof typeof ClientMessages, payload: unknown) => ClientMessages[type].safeParse(payload).success;

describe("starting a quick check", () => {
  it("asks a question with 2 to 6 choices, one of them optionally correct (a quiz)", () => {
    expect(ClientMessages.startPoll.parse({ kind: "choice", question: "  すきな くだものは？ ", choices: [" りんご ", "みかん"] })).toEqual({
      kind: "choice",
      question: "すきな くだものは？",
      choices: ["りんご", "みかん"],
    });
    expect(ok("startPoll", { kind: "choice", question: "3+4は？", choices: ["6", "7", "8"], correct: 1 })).toBe(true);
    expect(ok("startPoll", { kind: "choice", question: "q", choices: ["a"] })).toBe(false);
    expect(ok("startPoll", { kind: "choice", question: "q", choices: ["a", "b", "c", "d", "e", "f"] })).toBe(true);
    expect(ok("startPoll", { kind: "choice", question: "q", choices: ["a", "b", "c", "d", "e", "f", "g"] })).toBe(false);
    expect(ok("startPoll", { kind: "choice", question: "q", choices: ["a", " "] })).toBe(false);
    // The correct one is one of the choices given.
    expect(ok("startPoll", { kind: "choice", question: "q", choices: ["a", "b"], correct: 2 })).toBe(false);
    expect(ok("startPoll", { kind: "choice", question: "q", choices: ["a", "b"], correct: -1 })).toBe(false);
    expect(ok("startPoll", { kind: "choice", question: " ", choices: ["a", "b"] })).toBe(false);
  });

  it("cuts a long question or choice as chat is cut, and refuses anything it does not know", () => {
    const long = ClientMessages.startPoll.parse({ kind: "choice", question: "あ".repeat(500), choices: ["い".repeat(100), "う"] });
    expect(long.question).toBe("あ".repeat(POLL_LIMITS.questionMaxChars));
    expect(long.kind === "choice" && long.choices[0]).toBe("い".repeat(POLL_LIMITS.choiceMaxChars));
    expect(ok("startPoll", { kind: "choice", question: "q", choices: ["a", "b"], anonymous: false })).toBe(false);
    expect(ok("startPoll", { kind: "essay", question: "q" })).toBe(false);
    expect(ok("startPoll", { question: "q", choices: ["a", "b"] })).toBe(false);
  });

  it("asks for a whole number, optionally between bounds, with no choices", () => {
    expect(ok("startPoll", { kind: "number", question: "いくつ？" })).toBe(true);
    expect(ok("startPoll", { kind: "number", question: "いくつ？", min: 0, max: 100 })).toBe(true);
    expect(ok("startPoll", { kind: "number", question: "いくつ？", min: 5, max: 5 })).toBe(true);
    expect(ok("startPoll", { kind: "number", question: "いくつ？", min: 10, max: 1 })).toBe(false);
    expect(ok("startPoll", { kind: "number", question: "いくつ？", min: 0.5 })).toBe(false);
    expect(ok("startPoll", { kind: "number", question: "いくつ？", max: POLL_LIMITS.numberMax + 1 })).toBe(false);
    expect(ok("startPoll", { kind: "number", question: "いくつ？", choices: ["a", "b"] })).toBe(false);
  });

  it("closes a quick check by its id", () => {
    expect(ok("closePoll", { poll: "p1" })).toBe(true);
    expect(ok("closePoll", { poll: "" })).toBe(false);
    expect(ok("closePoll", {})).toBe(false);
  });
});

describe("answering a quick check", () => {
  it("answers with one choice, one whole number, or a pass, never two of them", () => {
    expect(ok("answerPoll", { poll: "p1", choice: 0 })).toBe(true);
    expect(ok("answerPoll", { poll: "p1", value: -12 })).toBe(true);
    expect(ok("answerPoll", { poll: "p1", pass: true })).toBe(true);
    expect(ok("answerPoll", { poll: "p1", pass: false })).toBe(false);
    expect(ok("answerPoll", { poll: "p1", choice: 0, pass: true })).toBe(false);
    expect(ok("answerPoll", { poll: "p1", choice: 1, value: 1 })).toBe(false);
    expect(ok("answerPoll", { poll: "p1" })).toBe(false);
    expect(ok("answerPoll", { choice: 0 })).toBe(false);
    expect(ok("answerPoll", { poll: "p1", choice: POLL_LIMITS.maxChoices })).toBe(false);
    expect(ok("answerPoll", { poll: "p1", choice: 0.5 })).toBe(false);
    expect(ok("answerPoll", { poll: "p1", value: 2.5 })).toBe(false);
    expect(ok("answerPoll", { poll: "p1", value: POLL_LIMITS.numberMax + 1 })).toBe(false);
  });

  it("is not among the messages of a first visit: the lesson's parts bring it", () => {
    expect(Object.keys(EveryoneMessages)).not.toContain("answerPoll");
    expect(Object.keys(EveryoneMessages)).not.toContain("startPoll");
  });

  it("fits the poll: one of its choices, a number within its bounds; passing always fits", () => {
    const choice = { choices: ["a", "b", "c"] };
    const number = { min: 1, max: 10 };
    expect(answerFits(choice, { choice: 2 })).toBe(true);
    expect(answerFits(choice, { choice: 3 })).toBe(false);
    expect(answerFits(choice, { value: 2 })).toBe(false);
    expect(answerFits(number, { value: 1 })).toBe(true);
    expect(answerFits(number, { value: 10 })).toBe(true);
    expect(answerFits(number, { value: 11 })).toBe(false);
    expect(answerFits(number, { value: 0 })).toBe(false);
    expect(answerFits(number, { choice: 0 })).toBe(false);
    expect(answerFits({}, { value: -POLL_LIMITS.numberMax })).toBe(true);
    expect(answerFits({}, { value: POLL_LIMITS.numberMax + 1 })).toBe(false);
    expect(answerFits({}, { value: 1.5 })).toBe(false);
    for (const poll of [choice, number, {}]) expect(answerFits(poll, { pass: true })).toBe(true);
  });

  it("counts a repeated answer as the same, and a changed one as different", () => {
    expect(sameAnswer({ choice: 1 }, { choice: 1 })).toBe(true);
    expect(sameAnswer({ choice: 1 }, { choice: 2 })).toBe(false);
    expect(sameAnswer({ value: 3 }, { value: 3 })).toBe(true);
    expect(sameAnswer({ value: 3 }, { choice: 3 })).toBe(false);
    expect(sameAnswer({ pass: true }, { pass: true })).toBe(true);
    expect(sameAnswer({ pass: true }, { choice: 0 })).toBe(false);
  });

  it("tallies without names: per choice, every number smallest first, and passes", () => {
    expect(tally({ choices: ["a", "b", "c"] }, [{ choice: 0 }, { choice: 2 }, { pass: true }, { choice: 2 }])).toEqual({ counts: [1, 0, 2], values: [], passed: 1 });
    expect(tally({}, [{ value: 7 }, { value: -1 }, { pass: true }, { value: 7 }])).toEqual({ counts: [], values: [-1, 7, 7], passed: 1 });
    expect(groupValues([-1, 7, 7, 9])).toEqual([
      { value: -1, count: 1 },
      { value: 7, count: 2 },
      { value: 9, count: 1 },
    ]);
  });
});

describe("quick-check events", () => {
  const open = { id: "p1", question: "3+4は？", choices: ["6", "7"], quiz: true };

  it("show a child the question and their own answer, and the result once closed, without names", () => {
    expect(PollEvents.poll.parse(open)).toEqual(open);
    expect(PollEvents.poll.parse({ ...open, mine: { choice: 1 } }).mine).toEqual({ choice: 1 });
    const closed = { ...open, mine: { pass: true }, result: { counts: [1, 2], values: [], passed: 1, correct: 1 } };
    expect(PollEvents.poll.parse(closed)).toEqual(closed);
    expect(PollEvents.poll.safeParse({ ...open, quiz: false }).success).toBe(false);
    expect(PollEvents.poll.safeParse({ ...open, result: { counts: [1, 2], passed: 1 } }).success).toBe(false);
  });

  it("give staff the tally with who answered what", () => {
    const tallied = { poll: "p1", counts: [1, 0], values: [], passed: 1, correct: 0, answers: [{ nickname: "あおい", answer: { choice: 0 } }], closed: false };
    expect(StaffEvents.pollTally.parse(tallied)).toEqual(tallied);
    expect(StaffEvents.pollTally.safeParse({ ...tallied, answers: [{ answer: { choice: 0 } }] }).success).toBe(false);
  });
});

describe("quick checks in the session log", () => {
  const base = { v: 1 as const, at: 1, space: "s" };

  it("records a poll's shape, never its words", () => {
    const started = { ...base, type: "poll_started", participant: "t", lesson: "l", poll: "p", kind: "choice", choices: 3, quiz: true };
    expect(LoggedEvent.parse(started)).toEqual(started);
    expect(LoggedEvent.parse({ ...started, question: "すきな くだものは？" })).not.toHaveProperty("question");
    expect(LoggedEvent.safeParse({ ...started, kind: "essay" }).success).toBe(false);
    expect(LoggedEvent.safeParse({ ...started, choices: 7 }).success).toBe(false);
    expect(LoggedEvent.parse({ ...base, type: "poll_closed", poll: "p" })).toEqual({ ...base, type: "poll_closed", poll: "p" });
  });

  it("records that a child answered or passed, the answer only as a field of its own", () => {
    const answered = { ...base, type: "poll_answered", participant: "c", poll: "p", passed: false };
    expect(LoggedEvent.parse(answered)).toEqual(answered);
    expect(LoggedEvent.parse({ ...answered, changed: true, answer: 2 })).toEqual({ ...answered, changed: true, answer: 2 });
    expect(LoggedEvent.parse({ ...answered, text: "りんご" })).not.toHaveProperty("text");
    expect(LoggedEvent.safeParse({ ...answered, answer: 1.5 }).success).toBe(false);
    expect(LoggedEvent.safeParse({ ...answered, passed: undefined }).success).toBe(false);
  });
});

describe("an announcement to the classroom", () => {
  it("is an announcement with the classroom as its only zone", () => {
    expect(ok("announce", { text: "ノートを ひらいてね", zone: "classroom" })).toBe(true);
    expect(ok("announce", { text: "ノートを ひらいてね" })).toBe(true);
    expect(ok("announce", { text: "x", zone: "talk" })).toBe(false);
    expect(ok("announce", { text: "x", zone: "counselling" })).toBe(false);
  });
});
