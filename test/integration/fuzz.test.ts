import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canStandAt } from "../../shared/domain/movement.ts";
import { RATE_LIMITS, fromWire } from "../../shared/domain/limits.ts";
import { STATUSES } from "../../shared/domain/presence.ts";
import { normaliseText } from "../../shared/domain/text.ts";
import { ZONE_IDS } from "../../shared/domain/zones.ts";
import { ChatLine, ERROR_CODES, type ServerError } from "../../shared/protocol/events.ts";
import { ClientMessages } from "../../shared/protocol/staffMessages.ts";
import { caughtUp, collect, type SpaceRoom, until } from "../support/clients.ts";
import { type Person, organisation, request, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * Property-based fuzzing of every message type and every HTTP endpoint: whatever arrives, the
 * server answers with a clear error or does what the message says, nothing crashes, the state
 * stays valid, and other people notice nothing but legitimate changes.
 */
const roomy = { perSecond: 100_000, burst: 100_000 };
const generous = Object.fromEntries(Object.entries(RATE_LIMITS).map(([k, v]) => [k, typeof v === "number" ? 1_000_000 : roomy])) as unknown as typeof RATE_LIMITS;

let server: TestServer;
let org: { id: string };
let counsellor: Person;
let host: SpaceRoom;
let fuzzer: SpaceRoom;
let bystander: SpaceRoom;
beforeAll(async () => {
  server = await startTestServer({ rateLimits: generous });
  org = await organisation(server);
  counsellor = await staffMember(server, org.id);
  host = await counsellor.join();
  fuzzer = await (await student(server, org.id, "ためす")).join();
  bystander = await (await student(server, org.id, "みてる")).join();
});
afterAll(async () => {
  await server.close();
});

const weirdStrings = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }), // lone surrogates and all
  fc.constantFrom("\u202Eevil\u202C", "👩\u200D👩\u200D👧", "\u0000\u0000", "\uD800", "a\u0007b", "<img src=x onerror=alert(1)>", "__proto__", "constructor", " ", "", "シネ"),
  fc.string({ minLength: 1000, maxLength: 2500 }),
);
const weirdNumbers = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e300, -0, 2 ** 53 + 1));
const weirdValue = fc.oneof(weirdStrings, weirdNumbers, fc.boolean(), fc.constant(null), fc.constant(undefined), fc.array(fc.integer(), { maxLength: 4 }));
const types = Object.keys(ClientMessages);

/** A message near the schema (right keys, wrong values), or far from it, or a poisonous object. */
const message = fc.oneof(
  fc.record({ type: fc.constantFrom(...types), payload: fc.dictionary(fc.constantFrom("x", "z", "heading", "channel", "text", "phrase", "status", "emote", "raised", "target", "minutes", "id", "locked", "accept", "line", "reason"), weirdValue, { maxKeys: 5 }) }),
  fc.record({ type: fc.constantFrom(...types), payload: fc.anything({ maxDepth: 2, maxKeys: 4 }) }),
  fc.record({ type: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "*")), payload: fc.anything({ maxDepth: 1 }) }),
  fc.record({ type: fc.constantFrom(...types), payload: fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}')) }),
);

function assertSpaceValid(room: SpaceRoom) {
  for (const [id, avatar] of room.state.avatars) {
    const at = { x: fromWire(avatar.x), z: fromWire(avatar.z) };
    expect(canStandAt(at), `${id} stands somewhere possible`).toBe(true);
    expect(ZONE_IDS).toContain(avatar.zone);
    expect(STATUSES).toContain(avatar.status);
  }
}

describe("fuzzing the socket", () => {
  it("should answer any message without crashing, corrupting state or disturbing anyone else", async () => {
    const errors = collect<ServerError>(fuzzer, "error");
    const bystanderErrors = collect<ServerError>(bystander, "error");
    const bystanderChat = collect<unknown>(bystander, "chat");
    let probes = 0;
    await fc.assert(
      fc.asyncProperty(message, async ({ type, payload }) => {
        const before = errors.length;
        fuzzer.send(type, payload);
        // A probe (an unknown type) is always answered, and after the message above: when its
        // answer is here, the server has finished with the fuzzed message.
        fuzzer.send("probe", { n: ++probes });
        await until(() => errors.slice(before).some((e) => e.about === "probe"), "the probe's answer");
        const answers = errors.slice(before).filter((e) => e.about !== "probe");

        expect(fuzzer.connection.isOpen).toBe(true);
        for (const a of answers) expect(ERROR_CODES).toContain(a.code);
        const schema = Object.hasOwn(ClientMessages, type) ? (ClientMessages as Record<string, { safeParse(v: unknown): { success: boolean } }>)[type] : undefined;
        if (!schema || !schema.safeParse(payload).success) expect(answers.length, `a clear error for ${type}`).toBeGreaterThan(0);
        assertSpaceValid(host);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 250 },
    );
    await caughtUp(bystander, host); // everything sent or held for the bystander has arrived
    expect(bystanderErrors).toEqual([]);
    for (const line of bystanderChat) {
      const parsed = ChatLine.parse(line);
      if (parsed.text !== undefined) expect(normaliseText(parsed.text, 200)).toBe(parsed.text);
    }
    expect(host.state.avatars.get(bystander.sessionId)?.nickname).toBe("みてる");
  }, 120_000);
});

describe("fuzzing HTTP", () => {
  const endpoints: Array<[string, string]> = [
    ["POST", "/enter"],
    ["POST", "/staff/sign-in"],
    ["POST", "/setup"],
    ["POST", "/sign-out"],
    ["POST", "/staff/students"],
    ["POST", "/staff/students/x/code"],
    ["POST", "/staff/students/x/block"],
    ["PUT", "/staff/board"],
    ["POST", "/admin/staff"],
    ["POST", "/admin/staff/x/welcome"],
    ["POST", "/welcome/look"],
    ["POST", "/welcome"],
    ["PUT", "/admin/words"],
    ["POST", "/staff/study-sites"],
  ];

  it("should answer any body on any endpoint with a 2xx or a clear 4xx, never a server error", async () => {
    const admin = await staffMember(server, org.id, "admin");
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...endpoints), fc.anything({ maxDepth: 2, maxKeys: 6 }), fc.boolean(), async ([method, path], body, signedIn) => {
        const res = await request(server, method, path, body, signedIn ? admin.cookie : "");
        expect(res.status, `${method} ${path}`).toBeLessThan(500);
        if (res.status >= 400) expect(typeof res.json.error).toBe("string");
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it("should answer malformed JSON and wrong content types clearly", async () => {
    for (const raw of ["{", "[1,2", "\u0000", "null", '"just a string"', "{\"code\": }"]) {
      const res = await fetch(`${server.url}/api/enter`, { method: "POST", headers: { "content-type": "application/json" }, body: raw });
      expect(res.status, raw).toBeGreaterThanOrEqual(400);
      expect(res.status, raw).toBeLessThan(500);
      expect(((await res.json()) as { error?: string }).error).toBeDefined();
    }
  });
});
