import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ChatLine, Notice, ServerError, ServerEvent } from "../../shared/protocol/events.ts";
import { type SpaceRoom, collect, until } from "../support/clients.ts";
import { organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";
import { CLASSROOM, walkTo } from "../support/walking.ts";

/**
 * A child's answer on the board, only with their consent (issue 15; server/rooms/handlers/pin.ts),
 * over real sockets: staff pick a child's written line, the child alone is asked, and their
 * choice decides: with their nickname, without it, or not at all. They can take it down again.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.colyseus.cleanup();
});
afterAll(async () => {
  await server.close();
});

/** A space with a teacher and two children; `say` sends a chat line and resolves with it as everyone got it. */
async function classroom() {
  const org = await organisation(server);
  const teacher = await (await staffMember(server, org.id, "counsellor", "たなか先生")).join();
  const sora = await (await student(server, org.id, "そら")).join();
  const umi = await (await student(server, org.id, "うみ")).join();
  const say = async (room: SpaceRoom, text: string): Promise<ChatLine> => {
    const heard = collect<ChatLine>(teacher, "chat");
    room.send("chat", { channel: "space", text });
    await until(() => heard.some((l) => l.text === text), `"${text}" heard`);
    return heard.find((l) => l.text === text) as ChatLine;
  };
  return { org, teacher, sora, umi, say };
}

describe("an answer on the board", () => {
  it("should go up only after the child agrees, without their name if they choose, and come down when they ask", async () => {
    const { teacher, sora, umi, say } = await classroom();
    const line = await say(sora, "みずは じょうはつして くもに なる");
    const asks = collect<ServerEvent<"consentAsk">>(sora, "consentAsk");
    const umiAsks = collect(umi, "consentAsk");
    const told = collect<Notice>(teacher, "notice");
    teacher.send("pinAsk", { line: line.id });
    await until(() => asks.length === 1, "the child is asked");
    expect(asks[0]).toEqual({ id: expect.any(String), kind: "pin", text: "みずは じょうはつして くもに なる", by: "たなか先生" });
    expect(umiAsks).toEqual([]); // nobody else is asked, or learns of it
    expect(umi.state.boardPin).toBe(""); // nothing is shown before the child says yes

    // Another child cannot answer for her.
    const umiErrors = collect<ServerError>(umi, "error");
    umi.send("consentReply", { id: asks[0]?.id ?? "", choice: "name" });
    await until(() => umiErrors.length === 1, "refused");
    expect(umiErrors[0]).toEqual({ code: "no_such_answer", about: "consentReply" });

    sora.send("consentReply", { id: asks[0]?.id ?? "", choice: "anonymous" });
    await until(() => umi.state.boardPin !== "", "on everyone's board");
    expect({ pin: umi.state.boardPin, by: umi.state.boardPinBy }).toEqual({ pin: "みずは じょうはつして くもに なる", by: "" });
    await until(() => told.some((n) => n.code === "pin_yes"), "the teacher is told");
    expect(told.find((n) => n.code === "pin_yes")).toEqual({ code: "pin_yes", about: "そら" });
    // Answered once: the same question cannot be answered again.
    const soraErrors = collect<ServerError>(sora, "error");
    sora.send("consentReply", { id: asks[0]?.id ?? "", choice: "name" });
    await until(() => soraErrors.length === 1, "already answered");
    expect(soraErrors[0]).toEqual({ code: "no_such_answer", about: "consentReply" });
    expect(umi.state.boardPinBy).toBe("");

    // Only she (or staff) may take it down.
    umi.send("unpin", {});
    await until(() => umiErrors.length === 2, "not hers");
    expect(umiErrors[1]).toEqual({ code: "not_allowed", about: "unpin" });
    sora.send("unpin", {});
    await until(() => umi.state.boardPin === "", "down again");

    const log = (await server.log.events(teacher.roomId)).filter((e) => e.type === "consent_answered");
    expect(log).toMatchObject([{ choice: "anonymous" }]);
    expect(JSON.stringify(log)).not.toContain("じょうはつ"); // the answer itself is never logged
  });

  it("should show nothing when the child says no, and tell the teacher kindly", async () => {
    const { teacher, sora, umi, say } = await classroom();
    const line = await say(sora, "わからない");
    const asks = collect<ServerEvent<"consentAsk">>(sora, "consentAsk");
    const told = collect<Notice>(teacher, "notice");
    teacher.send("pinAsk", { line: line.id });
    await until(() => asks.length === 1, "asked");
    sora.send("consentReply", { id: asks[0]?.id ?? "", choice: "no" });
    await until(() => told.some((n) => n.code === "pin_no"), "the teacher is told");
    expect(told.find((n) => n.code === "pin_no")).toEqual({ code: "pin_no", about: "そら" });
    expect(umi.state.boardPin).toBe("");
  });

  it("should put up a child's name when she chooses it, and take it down when she leaves", async () => {
    const { teacher, sora, umi, say } = await classroom();
    const line = await say(sora, "3ぶんの2");
    const asks = collect<ServerEvent<"consentAsk">>(sora, "consentAsk");
    teacher.send("pinAsk", { line: line.id });
    await until(() => asks.length === 1, "asked");
    sora.send("consentReply", { id: asks[0]?.id ?? "", choice: "name" });
    await until(() => umi.state.boardPinBy === "そら", "with her name");
    await sora.leave();
    await until(() => umi.state.boardPin === "", "down when she leaves");
  });

  it("should forget a question when the teacher who asked it has left: the child's yes then puts nothing up", async () => {
    const { org, teacher, sora, umi, say } = await classroom();
    const other = await (await staffMember(server, org.id, "counsellor", "ほかの先生")).join();
    const line = await say(sora, "ひかりは まっすぐ すすむ");
    const asks = collect<ServerEvent<"consentAsk">>(sora, "consentAsk");
    teacher.send("pinAsk", { line: line.id });
    await until(() => asks.length === 1, "asked");
    await teacher.leave();
    await until(() => !other.state.avatars.has(teacher.sessionId), "the teacher has gone");
    const errors = collect<ServerError>(sora, "error");
    sora.send("consentReply", { id: asks[0]?.id ?? "", choice: "name" });
    await until(() => errors.length === 1, "nobody is asking any more");
    expect(errors[0]).toEqual({ code: "no_such_answer", about: "consentReply" });
    expect(umi.state.boardPin).toBe("");
  });

  it("should pin only children's written lines and questions, and only for staff", async () => {
    const { teacher, sora, umi, say } = await classroom();
    const errors = collect<ServerError>(teacher, "error");
    const staffLine = await say(teacher, "みんな こんにちは");
    const phrases = collect<ChatLine>(teacher, "chat");
    sora.send("chat", { channel: "space", phrase: "hello" });
    await until(() => phrases.length === 1, "a quick phrase heard");
    teacher.send("pinAsk", { line: staffLine.id });
    teacher.send("pinAsk", { line: phrases[0]?.id ?? "" });
    teacher.send("pinAsk", { line: "nothing-like-it" });
    teacher.send("pinAsk", { question: "nothing-like-it" });
    await until(() => errors.length === 4, "each refused");
    expect(errors.map((e) => e.code)).toEqual(["no_such_answer", "no_such_answer", "no_such_answer", "no_such_answer"]);

    const mine = await say(umi, "ぼくの こたえ");
    const soraErrors = collect<ServerError>(sora, "error");
    sora.send("pinAsk", { line: mine.id });
    await until(() => soraErrors.length === 1, "a child may not ask");
    expect(soraErrors[0]).toEqual({ code: "not_allowed", about: "pinAsk" });

    // A written question to the teacher can go up too, if its child agrees.
    await walkToClassroomAndTeach(teacher);
    const questions = collect<ServerEvent<"question">>(teacher, "question");
    umi.send("question", { text: "なぜ くもは しろいの？" });
    await until(() => questions.length === 1, "the question reaches the teacher");
    const umiAsks = collect<ServerEvent<"consentAsk">>(umi, "consentAsk");
    teacher.send("pinAsk", { question: questions[0]?.id ?? "" });
    await until(() => umiAsks.length === 1, "asked about her question");
    expect(umiAsks[0]?.text).toBe("なぜ くもは しろいの？");
  });
});

/** A lesson needs its teacher in the classroom. */
async function walkToClassroomAndTeach(teacher: SpaceRoom): Promise<void> {
  await walkTo(server, teacher, CLASSROOM);
  teacher.send("startLesson", { title: "くもの ひみつ" });
  await until(() => teacher.state.lessonTitle !== "", "the lesson on");
}
