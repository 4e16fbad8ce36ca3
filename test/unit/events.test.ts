import { describe, expect, it } from "vitest";
import { CLOSE_CODES, ChatHistory, ChatLine, ERROR_CODES, EmoteEvent, HelpRequest, JOIN_ERRORS, NOTICES, Notice, ServerError, ServerEvents } from "../../shared/protocol/events.ts";

/**
 * Server→client events. The page checks each one against these schemas and drops what does not
 * fit (client/net/connection.ts), so a malformed event is never shown to a child.
 */

const accepts = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) => schema.safeParse(value).success;

const line = { id: "l1", from: "sess-1", nickname: "そら", staff: false, channel: "zone", zone: "talk", text: "こんにちは", at: 1_700_000_000_000 };

describe("chat lines", () => {
  it("carry who said what, where, and when", () => {
    expect(ChatLine.parse(line)).toEqual(line);
    const phrase = { ...line, text: undefined, phrase: "thanks" };
    expect(ChatLine.parse(phrase)).toMatchObject({ phrase: "thanks" });
  });

  it("are dropped when malformed", () => {
    expect(accepts(ChatLine, { ...line, zone: "rooftop" })).toBe(false);
    expect(accepts(ChatLine, { ...line, channel: "private" })).toBe(false);
    expect(accepts(ChatLine, { ...line, phrase: "<b>hi</b>" })).toBe(false);
    expect(accepts(ChatLine, { ...line, staff: "no" })).toBe(false);
    expect(accepts(ChatLine, { ...line, at: "now" })).toBe(false);
    const { nickname: _nickname, ...anonymous } = line;
    expect(accepts(ChatLine, anonymous)).toBe(false);
  });

  it("arrive as a history for newcomers", () => {
    expect(ChatHistory.parse({ lines: [line] })).toEqual({ lines: [line] });
    expect(accepts(ChatHistory, { lines: [{ ...line, zone: "rooftop" }] })).toBe(false);
    expect(accepts(ChatHistory, {})).toBe(false);
  });
});

describe("reactions", () => {
  it("are one of the known emotes, from someone", () => {
    expect(EmoteEvent.parse({ from: "sess-1", emote: "wave" })).toEqual({ from: "sess-1", emote: "wave" });
    expect(accepts(EmoteEvent, { from: "sess-1", emote: "shout" })).toBe(false);
    expect(accepts(EmoteEvent, { emote: "wave" })).toBe(false);
  });
});

describe("the staff queue", () => {
  const item = { id: "h1", kind: "help", from: "sess-1", nickname: "そら", zone: "quiet", at: 1 };

  it("holds help requests, wishes to talk, reports and held-back lines", () => {
    for (const kind of ["help", "talk", "report", "flag"]) expect(HelpRequest.parse({ ...item, kind })).toEqual({ ...item, kind });
    expect(HelpRequest.parse({ ...item, kind: "report", detail: "said something mean", about: "sess-2" })).toMatchObject({ detail: "said something mean", about: "sess-2" });
    expect(accepts(HelpRequest, { ...item, kind: "" })).toBe(false);
    expect(accepts(HelpRequest, { ...item, kind: "chat" })).toBe(false);
    expect(accepts(HelpRequest, { ...item, zone: "office" })).toBe(false);
    expect(ServerEvents.queue.parse({ items: [item] })).toEqual({ items: [item] });
    expect(accepts(ServerEvents.queue, { items: [{ ...item, kind: "gossip" }] })).toBe(false);
  });
});

describe("notices", () => {
  it("are codes the page words kindly in its own language, never sentences", () => {
    for (const code of NOTICES) expect(accepts(Notice, { code }), code).toBe(true);
    expect(Notice.parse({ code: "greeted", by: "Sato" })).toEqual({ code: "greeted", by: "Sato" });
    expect(accepts(Notice, { code: "You have been removed." })).toBe(false);
    expect(accepts(Notice, {})).toBe(false);
  });
});

describe("errors", () => {
  it("are codes, and a refused step says where the server put you", () => {
    for (const code of ERROR_CODES) expect(accepts(ServerError, { code }), code).toBe(true);
    const rejected = { code: "move_rejected", about: "move", position: { x: 4, z: 0 } };
    expect(ServerError.parse(rejected)).toEqual(rejected);
    expect(accepts(ServerError, { code: "move_rejected", position: { x: 4 } })).toBe(false);
    expect(accepts(ServerError, { code: "move_rejected", position: { x: "4", z: 0 } })).toBe(false);
    expect(accepts(ServerError, { code: "kicked" })).toBe(false);
  });

  it("refusing a join names one of the known reasons", () => {
    expect(new Set(JOIN_ERRORS).size).toBe(JOIN_ERRORS.length);
    expect(JOIN_ERRORS).toContain("stale_client");
    expect(JOIN_ERRORS).toContain("not_allowed");
  });

  it("closing someone's link uses the application's own close codes, each distinct", () => {
    const codes = Object.values(CLOSE_CODES);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect(code).toBeGreaterThanOrEqual(4000);
      expect(code).toBeLessThan(5000);
    }
  });
});

describe("announcements and knocks", () => {
  it("carry their text and who made them; an announcement is a line of the space channel, marked as one", () => {
    const line = { id: "7", from: "s1", nickname: "Sato", staff: true, channel: "space", zone: "talk", text: "おやすみ", at: 1, announcement: true };
    expect(ServerEvents.announcement.parse(line)).toEqual(line);
    expect(accepts(ServerEvents.announcement, { text: "おやすみ", by: "Sato" })).toBe(false);
    expect(accepts(ServerEvents.announcement, { ...line, announcement: false })).toBe(false);
    expect(ServerEvents.chat.parse({ ...line, announcement: undefined })).not.toHaveProperty("announcement", true);
    expect(ServerEvents.knock.parse({ by: "Sato" })).toEqual({ by: "Sato" });
    expect(accepts(ServerEvents.knock, {})).toBe(false);
  });
});

describe("the lesson's events, fetched when the first arrives", () => {
  it("are never also in events.ts (a type events.ts knows is read at once, never fetched)", async () => {
    const { LessonEvents } = await import("../../shared/protocol/lessonEvents.ts");
    const { PollEvents } = await import("../../shared/protocol/pollEvents.ts");
    for (const type of [...Object.keys(LessonEvents), ...Object.keys(PollEvents)]) expect(Object.hasOwn(ServerEvents, type), type).toBe(false);
  });
});
