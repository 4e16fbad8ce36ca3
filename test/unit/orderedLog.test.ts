import { describe, expect, it } from "vitest";
import { OrderedLog } from "../../server/rooms/orderedLog.ts";

/** A question the test answers when it chooses, as a slow store would. */
function later<T>() {
  let answer!: (value: T) => void;
  let refuse!: (error: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    answer = resolve;
    refuse = reject;
  });
  return { promise, answer, refuse };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("OrderedLog", () => {
  it("writes at once while nothing waits", () => {
    const written: string[] = [];
    const log = new OrderedLog<string>((e) => written.push(e), () => 0, () => {});
    log.log("entered");
    expect(written).toEqual(["entered"]);
  });

  it("keeps events in the order they happened, and their times, while an answer is awaited", async () => {
    const written: Array<[string, number]> = [];
    let clock = 100;
    const failures: unknown[] = [];
    const log = new OrderedLog<string>((e, at) => written.push([e, at]), () => clock, (e) => failures.push(e));
    const consent = later<string>();
    log.logWhen(consent.promise, (level) => `chat:${level}`);
    clock = 200;
    log.log("phrase");
    log.logWhen(Promise.resolve("none"), (level) => `chat:${level}`);
    clock = 300;
    await settle();
    expect(written).toEqual([]); // the first is still waiting, and nothing overtakes it
    consent.answer("activity_chat");
    await settle();
    expect(written).toEqual([
      ["chat:activity_chat", 100],
      ["phrase", 200],
      ["chat:none", 200],
    ]);
    log.log("left");
    expect(written.at(-1)).toEqual(["left", 300]); // straight through again once the queue is empty
    expect(failures).toEqual([]);
  });

  it("loses only the event whose answer never came, and says so", async () => {
    const written: string[] = [];
    const failures: unknown[] = [];
    const log = new OrderedLog<string>((e) => written.push(e), () => 0, (e) => failures.push(e));
    const consent = later<string>();
    log.logWhen(consent.promise, (level) => `chat:${level}`);
    log.log("after");
    consent.refuse(new Error("database away"));
    await settle();
    expect(written).toEqual(["after"]);
    expect(failures).toEqual([new Error("database away")]);
  });
});
