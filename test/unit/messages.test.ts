import { describe, expect, it } from "vitest";
import { JoinOptions, Nickname } from "../../shared/protocol/messages.ts";
import { ClientMessages, isClientMessageType } from "../../shared/protocol/staffMessages.ts";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.ts";
import { LIMITS } from "../../shared/domain/limits.ts";
import { DEFAULT_LOOK } from "../../shared/domain/avatar.ts";

const { move, chat } = ClientMessages;

describe("move schema", () => {
  it("accepts finite coordinates, a heading and a velocity", () => {
    expect(move.safeParse({ x: 1.5, z: -3, heading: 0.5, vx: 0, vz: -2.5 }).success).toBe(true);
  });

  it.each([
    ["NaN", { x: Number.NaN, z: 0, heading: 0, vx: 0, vz: 0 }],
    ["Infinity", { x: Number.POSITIVE_INFINITY, z: 0, heading: 0, vx: 0, vz: 0 }],
    ["an infinite velocity", { x: 1, z: 0, heading: 0, vx: Number.NEGATIVE_INFINITY, vz: 0 }],
    ["a string", { x: "1", z: 0, heading: 0, vx: 0, vz: 0 }],
    ["a huge number", { x: 1e12, z: 0, heading: 0, vx: 0, vz: 0 }],
    ["a huge velocity", { x: 1, z: 0, heading: 0, vx: 0, vz: 1e6 }],
    ["a missing key", { x: 1, heading: 0, vx: 0, vz: 0 }],
    ["no velocity (the old message)", { x: 1, z: 0, heading: 0 }],
    ["an extra key", { x: 1, z: 0, heading: 0, vx: 0, vz: 0, zone: "counselling" }],
    ["null", null],
    ["an array", [1, 2, 3]],
  ])("refuses %s", (_label, payload) => {
    expect(move.safeParse(payload).success).toBe(false);
  });
});

describe("chat schema", () => {
  it("accepts a line to the space or to the zone, normalised", () => {
    const parsed = chat.parse({ channel: "zone", text: "  こんにちは\n " });
    expect(parsed).toEqual({ channel: "zone", text: "こんにちは" });
  });

  it("caps a long line to the limit", () => {
    const parsed = chat.parse({ channel: "space", text: "あ".repeat(LIMITS.chatMaxChars + 50) });
    expect("text" in parsed && Array.from(parsed.text)).toHaveLength(LIMITS.chatMaxChars);
  });

  it("accepts a quick phrase by id, and nothing else in its place", () => {
    expect(chat.parse({ channel: "space", phrase: "hello" })).toEqual({ channel: "space", phrase: "hello" });
    expect(chat.safeParse({ channel: "space", phrase: "<b>hi</b>" }).success).toBe(false);
    expect(chat.safeParse({ channel: "space", phrase: "hello", text: "also" }).success).toBe(false);
  });

  it.each([
    ["an empty line", { channel: "space", text: "" }],
    ["a line of invisible characters", { channel: "space", text: "\u200B\u202E " }],
    ["an unknown channel", { channel: "counsellors", text: "hi" }],
    ["a megabyte", { channel: "space", text: "a".repeat(1_000_000) }],
    ["a number as text", { channel: "space", text: 42 }],
    ["a sender field", { channel: "space", text: "hi", from: "someone-else" }],
  ])("refuses %s", (_label, payload) => {
    expect(chat.safeParse(payload).success).toBe(false);
  });
});

describe("join options", () => {
  const good = { protocol: PROTOCOL_VERSION, org: "org-1", look: { hair: "bob", hairColour: "brown", outfit: "hoodie", colour: "sky", skin: "3", accessory: "cap" } };

  it("accepts a space and a look", () => {
    expect(JoinOptions.parse(good).look.colour).toBe("sky");
  });

  it("completes a look saved before hair and outfits existed with the defaults", () => {
    expect(JoinOptions.parse({ ...good, look: { colour: "sky", accessory: "cap" } }).look).toEqual({ ...DEFAULT_LOOK, colour: "sky", accessory: "cap" });
  });

  it("drops identity a client claims (it is never read)", () => {
    const parsed = JoinOptions.parse({ ...good, role: "counsellor", nickname: "admin", accountId: "x" });
    expect(parsed).toEqual(good);
  });

  it.each([
    ["an unknown colour", { ...good, look: { colour: "gold", accessory: "cap" } }],
    ["an unknown accessory", { ...good, look: { colour: "sky", accessory: "crown" } }],
    ["an unknown hair style", { ...good, look: { ...good.look, hair: "mohawk" } }],
    ["an unknown outfit", { ...good, look: { ...good.look, outfit: "armour" } }],
    ["a skin tone that is not one of the list", { ...good, look: { ...good.look, skin: "6" } }],
    ["a look with a field of its own", { ...good, look: { ...good.look, photo: "data:image/png;base64," } }],
    ["no look", { protocol: PROTOCOL_VERSION, org: "org-1" }],
    ["no space", { protocol: PROTOCOL_VERSION, look: good.look }],
  ])("refuses %s", (_label, options) => {
    expect(JoinOptions.safeParse(options).success).toBe(false);
  });
});

describe("nicknames", () => {
  it("are normalised and capped", () => {
    expect(Nickname.parse("  \u202Eみ\u200Bく  ")).toBe("みく");
    expect(Array.from(Nickname.parse("ながいながいながいなまえです"))).toHaveLength(LIMITS.nicknameMaxChars);
    expect(Nickname.safeParse("   ").success).toBe(false);
  });
});

describe("message types", () => {
  it("knows its own types and nothing from the prototype", () => {
    expect(isClientMessageType("move")).toBe(true);
    expect(isClientMessageType("chat")).toBe(true);
    expect(isClientMessageType("teleport")).toBe(false);
    expect(isClientMessageType("__proto__")).toBe(false);
    expect(isClientMessageType("constructor")).toBe(false);
    expect(isClientMessageType(7)).toBe(false);
    // A type that only becomes "move" when turned into a string is not a type.
    expect(isClientMessageType(["move"])).toBe(false);
    expect(isClientMessageType({ toString: () => "chat" })).toBe(false);
  });
});

describe("muting", () => {
  const { mute } = ClientMessages;

  it("is for whole minutes, up to two hours", () => {
    expect(mute.parse({ target: "abc", minutes: 10 })).toEqual({ target: "abc", minutes: 10 });
    expect(mute.safeParse({ target: "abc", minutes: 0 }).success).toBe(true);
    expect(mute.safeParse({ target: "abc", minutes: 120 }).success).toBe(true);
    expect(mute.safeParse({ target: "abc", minutes: 121 }).success).toBe(false);
    expect(mute.safeParse({ target: "abc", minutes: -1 }).success).toBe(false);
    expect(mute.safeParse({ target: "abc", minutes: 1.5 }).success).toBe(false);
    expect(mute.safeParse({ target: "", minutes: 5 }).success).toBe(false);
  });
});
