import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../server/config.ts";
import { iceServersFor, turnConfigured } from "../../server/voice/iceServers.ts";
import { VOICE_LIMITS } from "../../shared/domain/voice.ts";

/** Voice's ICE servers (docs/voice.md): STUN as configured, TURN with coturn's REST API credentials. */
const SECRET = "hidamari-turn-secret-0123";
const turn = { stunUrls: ["stun:stun.example.jp:3478"], turnUrls: ["turn:turn.example.jp:3478?transport=udp", "turns:turn.example.jp:5349"], turnSecret: SECRET };

describe("iceServersFor", () => {
  it("signs the TURN user name with the shared secret as coturn checks it (a vector computed with openssl)", () => {
    // 1700000000 s + 3600 s. The credential was computed outside this code, by
    //   printf '%s' "1700003600:p-3f2a" | openssl dgst -sha1 -hmac "hidamari-turn-secret-0123" -binary | base64
    // (Python's hmac module gives the same).
    expect(VOICE_LIMITS.turnSeconds).toBe(3600);
    const servers = iceServersFor(turn, "p-3f2a", 1_700_000_000_000);
    expect(servers).toEqual([
      { urls: ["stun:stun.example.jp:3478"] },
      { urls: ["turn:turn.example.jp:3478?transport=udp", "turns:turn.example.jp:5349"], username: "1700003600:p-3f2a", credential: "YIrTwBFK4Xsl2NUsw7Z6yYRpW0M=" },
    ]);
  });

  it("makes credentials that expire VOICE_LIMITS.turnSeconds after now, counted in whole seconds", () => {
    const now = 1_800_000_000_999; // the milliseconds are dropped, never rounded up
    const relay = iceServersFor(turn, "kid", now).find((s) => s.username !== undefined);
    expect(relay?.username).toBe(`${1_800_000_000 + VOICE_LIMITS.turnSeconds}:kid`);
    expect(relay?.credential).toBe(createHmac("sha1", SECRET).update(relay?.username ?? "").digest("base64"));
    // Another person, or the same one later, gets another password: it proves nothing for anyone else.
    expect(iceServersFor(turn, "other", now)[1]?.credential).not.toBe(relay?.credential);
    expect(iceServersFor(turn, "kid", now + 1000)[1]?.credential).not.toBe(relay?.credential);
    expect(iceServersFor({ ...turn, turnSecret: "another-secret-of-16" }, "kid", now)[1]?.credential).not.toBe(relay?.credential);
  });

  it("gives only the STUN servers without TURN, and nothing at all without either", () => {
    expect(iceServersFor({ ...turn, turnUrls: [], turnSecret: undefined }, "kid", 0)).toEqual([{ urls: ["stun:stun.example.jp:3478"] }]);
    expect(iceServersFor({ stunUrls: [], turnUrls: [], turnSecret: undefined }, "kid", 0)).toEqual([]);
    expect(turnConfigured({ stunUrls: ["stun:a"], turnUrls: [], turnSecret: undefined })).toBe(false);
    expect(turnConfigured({})).toBe(false);
    expect(turnConfigured(turn)).toBe(true);
  });

  it("hands out copies, so a caller changing its list cannot change the configuration", () => {
    const servers = iceServersFor(turn, "kid", 0);
    servers[0]?.urls.push("stun:evil.example");
    expect(turn.stunUrls).toEqual(["stun:stun.example.jp:3478"]);
  });
});

describe("HIDAMARI_STUN_URLS, HIDAMARI_TURN_URLS and HIDAMARI_TURN_SECRET", () => {
  const secret = "0123456789abcdef";

  it("are off by default", () => {
    expect(loadConfig({})).toMatchObject({ stunUrls: [], turnUrls: [], turnSecret: undefined });
  });

  it("read comma-separated URLs (spaces around commas allowed) and the secret", () => {
    const config = loadConfig({
      HIDAMARI_STUN_URLS: "stun:stun.example.jp:3478, stun:[2001:db8::1]",
      HIDAMARI_TURN_URLS: "turn:192.0.2.10:3478?transport=udp,turn:192.0.2.10:3478?transport=tcp,turns:turn.example.jp",
      HIDAMARI_TURN_SECRET: secret,
    });
    expect(config.stunUrls).toEqual(["stun:stun.example.jp:3478", "stun:[2001:db8::1]"]);
    expect(config.turnUrls).toEqual(["turn:192.0.2.10:3478?transport=udp", "turn:192.0.2.10:3478?transport=tcp", "turns:turn.example.jp"]);
    expect(config.turnSecret).toBe(secret);
  });

  it("refuse URLs browsers would refuse, naming the variable", () => {
    const refused = (env: Record<string, string>, message: RegExp) => expect(() => loadConfig(env)).toThrow(message);
    refused({ HIDAMARI_STUN_URLS: "turn:turn.example.jp" }, /HIDAMARI_STUN_URLS: must be comma-separated stun: URLs/);
    refused({ HIDAMARI_STUN_URLS: "https://stun.example.jp" }, /HIDAMARI_STUN_URLS/);
    refused({ HIDAMARI_STUN_URLS: "stun:stun.example.jp:3478?transport=udp" }, /HIDAMARI_STUN_URLS/);
    refused({ HIDAMARI_STUN_URLS: "stun:a.example,," }, /HIDAMARI_STUN_URLS/);
    refused({ HIDAMARI_STUN_URLS: "" }, /HIDAMARI_STUN_URLS/);
    refused({ HIDAMARI_TURN_URLS: "stun:turn.example.jp", HIDAMARI_TURN_SECRET: secret }, /HIDAMARI_TURN_URLS: must be comma-separated turn:\/turns: URLs/);
    refused({ HIDAMARI_TURN_URLS: "turn:turn.example.jp:70000", HIDAMARI_TURN_SECRET: secret }, /HIDAMARI_TURN_URLS/);
    refused({ HIDAMARI_TURN_URLS: "turn:turn.example.jp:0", HIDAMARI_TURN_SECRET: secret }, /HIDAMARI_TURN_URLS/);
    refused({ HIDAMARI_TURN_URLS: "turn:turn.example.jp?transport=sctp", HIDAMARI_TURN_SECRET: secret }, /HIDAMARI_TURN_URLS/);
    refused({ HIDAMARI_TURN_URLS: "turn:user@turn.example.jp", HIDAMARI_TURN_SECRET: secret }, /HIDAMARI_TURN_URLS/);
  });

  it("refuse TURN URLs without a secret, and a secret without TURN URLs, naming what is missing", () => {
    expect(() => loadConfig({ HIDAMARI_TURN_URLS: "turn:turn.example.jp" })).toThrow(ConfigError);
    expect(() => loadConfig({ HIDAMARI_TURN_URLS: "turn:turn.example.jp" })).toThrow(/HIDAMARI_TURN_SECRET: required with HIDAMARI_TURN_URLS/);
    expect(() => loadConfig({ HIDAMARI_TURN_SECRET: secret })).toThrow(/HIDAMARI_TURN_URLS: required with HIDAMARI_TURN_SECRET/);
    // STUN alone needs no secret.
    expect(loadConfig({ HIDAMARI_STUN_URLS: "stun:stun.example.jp" }).stunUrls).toEqual(["stun:stun.example.jp"]);
  });

  it("refuse a short secret without echoing it into the log", () => {
    let message = "";
    try {
      loadConfig({ HIDAMARI_TURN_URLS: "turn:turn.example.jp", HIDAMARI_TURN_SECRET: "too-short-pw" });
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    expect(message).toMatch(/HIDAMARI_TURN_SECRET: must be at least 16 characters \(got 12 characters\)/);
    expect(message).not.toContain("too-short-pw");
  });
});
