import { describe, expect, it } from "vitest";
import { LIMITS } from "../../shared/domain/limits.ts";
import { Classroom } from "../../server/rooms/Classroom.ts";

/** What a space keeps for its lesson besides the state everyone sees (server/rooms/Classroom.ts). */
const question = (n: number) => ({ id: `q${n}`, from: `child-${n}`, nickname: `こども${n}`, text: `しつもん ${n}`, at: n * 1000, org: "org-1", account: `account-${n}` });

describe("a lesson's questions, waiting for the teacher", () => {
  it("keep the newest LIMITS.questionsKept when a teacher never answers, forgetting the oldest first", () => {
    const room = new Classroom();
    const forgotten = [];
    for (let n = 1; n <= LIMITS.questionsKept + 3; n++) forgotten.push(...room.ask(question(n)));
    // Said, so that each asker's own list of waiting questions can be told (handlers/lesson.ts).
    expect(forgotten.map((q) => q.id)).toEqual(["q1", "q2", "q3"]);
    const waiting = room.waiting.map((q) => q.id);
    expect(waiting).toHaveLength(LIMITS.questionsKept);
    expect(waiting[0]).toBe("q4");
    expect(waiting.at(-1)).toBe(`q${LIMITS.questionsKept + 3}`);
    expect(room.question("q3")).toBeUndefined();
  });

  it("are answered once: taken, a question is gone, and the lesson's end forgets the rest", () => {
    const room = new Classroom();
    for (let n = 1; n <= 3; n++) room.ask(question(n));
    expect(room.take("q2")?.text).toBe("しつもん 2");
    expect(room.take("q2")).toBeUndefined();
    expect(room.waiting.map((q) => q.id)).toEqual(["q1", "q3"]);
    room.end();
    expect(room.waiting).toEqual([]);
  });

  it("are each child's own: askedBy gives one person's still waiting, oldest first, from any of their pages", () => {
    const room = new Classroom();
    room.ask(question(1));
    room.ask({ ...question(2), account: "account-1" }); // the same child on a reloaded page (another session)
    room.ask(question(3));
    expect(room.askedBy("account-1").map((q) => q.id)).toEqual(["q1", "q2"]);
    room.take("q1");
    expect(room.askedBy("account-1").map((q) => q.id)).toEqual(["q2"]);
    expect(room.askedBy("account-9")).toEqual([]);
  });
});
