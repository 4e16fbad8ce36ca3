import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../server/config.ts";

/** Voice's media server settings (docs/voice.md "With a media server"), checked at start-up. */
describe("the media server's configuration should", () => {
  it("be off without HIDAMARI_JANUS_URL", () => {
    expect(loadConfig({}).janus).toBeNull();
  });

  it("read Janus's URL, give pages the same one unless told another, and keep the admin key", () => {
    expect(loadConfig({ HIDAMARI_JANUS_URL: "ws://10.0.0.5:8188" }).janus).toEqual({ url: "ws://10.0.0.5:8188", publicUrl: "ws://10.0.0.5:8188", adminKey: undefined });
    const config = loadConfig({ HIDAMARI_JANUS_URL: "ws://janus.internal:8188", HIDAMARI_JANUS_PUBLIC_URL: "wss://school.example.jp/janus", HIDAMARI_JANUS_ADMIN_KEY: "an-admin-key-of-sixteen" });
    expect(config.janus).toEqual({ url: "ws://janus.internal:8188", publicUrl: "wss://school.example.jp/janus", adminKey: "an-admin-key-of-sixteen" });
  });

  it("refuse what is not a WebSocket URL, a short admin key, and settings without the URL, naming the variable and never echoing the key", () => {
    const refused = (env: Record<string, string>, message: RegExp) => expect(() => loadConfig(env)).toThrow(message);
    refused({ HIDAMARI_JANUS_URL: "http://janus:8088/janus" }, /HIDAMARI_JANUS_URL: must be a ws:\/\/ or wss:\/\/ URL/);
    refused({ HIDAMARI_JANUS_URL: "janus:8188" }, /HIDAMARI_JANUS_URL/);
    refused({ HIDAMARI_JANUS_URL: "ws://janus:8188", HIDAMARI_JANUS_PUBLIC_URL: "https://school.example.jp/janus" }, /HIDAMARI_JANUS_PUBLIC_URL: must be a ws/);
    refused({ HIDAMARI_JANUS_PUBLIC_URL: "wss://school.example.jp/janus" }, /HIDAMARI_JANUS_URL: required with HIDAMARI_JANUS_PUBLIC_URL/);
    refused({ HIDAMARI_JANUS_ADMIN_KEY: "an-admin-key-of-sixteen" }, /HIDAMARI_JANUS_URL: required with HIDAMARI_JANUS_ADMIN_KEY/);
    expect(() => loadConfig({ HIDAMARI_JANUS_URL: "ws://janus:8188", HIDAMARI_JANUS_ADMIN_KEY: "short-secret" })).toThrow(ConfigError);
    try {
      loadConfig({ HIDAMARI_JANUS_URL: "ws://janus:8188", HIDAMARI_JANUS_ADMIN_KEY: "short-secret" });
    } catch (error) {
      expect(String(error)).toMatch(/HIDAMARI_JANUS_ADMIN_KEY: must be at least 16 characters \(got 12 characters\)/);
      expect(String(error)).not.toContain("short-secret");
    }
  });
});
