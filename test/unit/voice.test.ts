import { describe, expect, it } from "vitest";
import { OPUS_MAX_BITRATE, OPUS_PTIME, SCREEN, directionOf, screenDirection, tuneOpus } from "../../client/voice/sdp.ts";
import { SPEAKING, SpeakingTracker } from "../../client/voice/speaking.ts";
import { VoicePrefs } from "../../client/voice/voicePrefs.ts";
import { VOICE_LIMITS } from "../../shared/domain/voice.ts";

/** The pure parts of the page's voice (client/voice/): link directions, Opus for speech, who is speaking. */

describe("a link's direction", () => {
  it("should follow what the server decided: send and receive, one of them, or neither", () => {
    expect(directionOf({ send: true, receive: true })).toBe("sendrecv");
    expect(directionOf({ send: true, receive: false })).toBe("sendonly");
    expect(directionOf({ send: false, receive: true })).toBe("recvonly");
    // A muted person, and a listener linked to a muted speaker: nothing flows either way.
    expect(directionOf({ send: false, receive: false })).toBe("inactive");
  });
});

describe("a shared screen's direction and limits", () => {
  it("should send only from the sharer, receive only at a viewer, and neither once the link carries no video", () => {
    expect(screenDirection(true, true)).toBe("sendonly");
    expect(screenDirection(true, false)).toBe("recvonly");
    // The share is over (or never was on this link): a page refuses video the server did not link.
    expect(screenDirection(false, true)).toBe("inactive");
    expect(screenDirection(false, false)).toBe("inactive");
  });

  it("should keep to issue 16's figures: at most 250 kbps a viewer, a few frames a second, one with data saver", () => {
    expect(SCREEN.maxBitrate).toBeLessThanOrEqual(250_000);
    expect(SCREEN.frameRate).toBeLessThanOrEqual(5);
    expect(SCREEN.saverFrameRate).toBe(1);
  });
});

/** Chromium's audio answer, trimmed (Opus alone, as setCodecPreferences leaves it), with its CRLFs. */
const CHROMIUM = [
  "v=0",
  "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
  "s=-",
  "t=0 0",
  "a=group:BUNDLE 0",
  "m=audio 9 UDP/TLS/RTP/SAVPF 111",
  "c=IN IP4 0.0.0.0",
  "a=mid:0",
  "a=sendrecv",
  "a=rtpmap:111 opus/48000/2",
  "a=rtcp-fb:111 transport-cc",
  "a=fmtp:111 minptime=10;useinbandfec=1",
  "",
].join("\r\n");

describe("Opus tuned for speech", () => {
  it("should ask for forward error correction, DTX, mono and a modest bitrate on the Opus line, keeping what was there", () => {
    const tuned = tuneOpus(CHROMIUM);
    expect(tuned).toContain(`a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1;stereo=0;sprop-stereo=0;maxaveragebitrate=${OPUS_MAX_BITRATE}\r\na=ptime:${OPUS_PTIME}\r\n`);
    // Everything else byte for byte, CRLFs and all.
    expect(tuned.replace(/a=fmtp:111 [^\r]*\r\na=ptime:\d+/, "")).toBe(CHROMIUM.replace(/a=fmtp:111 [^\r]*/, ""));
    // Clear speech, and light on LTE (docs/benchmarks.md "Voice").
    expect(OPUS_MAX_BITRATE).toBeGreaterThanOrEqual(16_000);
    expect(OPUS_MAX_BITRATE).toBeLessThanOrEqual(24_000);
    // A description's own packet time gives way to ours, once.
    expect(tuneOpus(CHROMIUM.replace("a=sendrecv", "a=sendrecv\r\na=ptime:20")).match(/a=ptime:/g)).toHaveLength(1);
  });

  it("should override the browser's own choices rather than repeat them, and be the same when done twice", () => {
    const stereo = CHROMIUM.replace("minptime=10;useinbandfec=1", "minptime=10;stereo=1;usedtx=0");
    const tuned = tuneOpus(stereo);
    expect(tuned).toMatch(/a=fmtp:111 minptime=10;stereo=0;usedtx=1;useinbandfec=1;sprop-stereo=0;maxaveragebitrate=\d+\r\n/);
    expect(tuneOpus(tuned)).toBe(tuned);
  });

  it("should add an fmtp line for an Opus payload that has none, and leave a description without Opus alone", () => {
    const bare = CHROMIUM.replace("a=fmtp:111 minptime=10;useinbandfec=1\r\n", "");
    expect(tuneOpus(bare)).toContain("a=rtpmap:111 opus/48000/2\r\na=fmtp:111 useinbandfec=1;usedtx=1;stereo=0;");
    const pcmu = CHROMIUM.replaceAll("111", "0").replace("opus/48000/2", "PCMU/8000");
    expect(tuneOpus(pcmu)).toBe(pcmu);
  });

  it("should keep a tuned audio description well inside the server's signalling limit", () => {
    // The real offer carries ICE and DTLS lines too (about 1 KB with Opus alone): still far below.
    expect(tuneOpus(CHROMIUM).length + 1000).toBeLessThan(VOICE_LIMITS.sdpMaxChars);
  });
});

describe("who is speaking", () => {
  const loud = 0.3;
  it("should mark someone speaking while loud and for a moment after, so gaps between words do not flicker", () => {
    const tracker = new SpeakingTracker();
    expect(tracker.observe("a", loud, 0)).toMatchObject({ changed: true, speaking: true });
    expect(tracker.observe("a", 0, 250)).toMatchObject({ changed: false, speaking: true });
    expect(tracker.observe("a", 0, SPEAKING.holdMs - 1)).toMatchObject({ speaking: true });
    expect(tracker.observe("a", 0, SPEAKING.holdMs + 1)).toMatchObject({ changed: true, speaking: false });
    expect(tracker.speaking("a")).toBe(false);
    expect(tracker.observe("a", SPEAKING.threshold / 2, SPEAKING.holdMs + 300).speaking).toBe(false); // room noise is not speech
  });

  it("should hold a mark for a sample's own hold where its source pauses more (a media server's talking events)", () => {
    const tracker = new SpeakingTracker();
    tracker.observe("a", loud, 0, 2500);
    expect(tracker.observe("a", 0, SPEAKING.holdMs + 1, 2500)).toMatchObject({ changed: false, speaking: true });
    expect(tracker.observe("a", 0, 2499, 2500).speaking).toBe(true);
    expect(tracker.observe("a", 0, 2501, 2500)).toMatchObject({ changed: true, speaking: false });
  });

  it("should give a caption when someone starts after a silence, at most once per person in that time", () => {
    const tracker = new SpeakingTracker();
    expect(tracker.observe("a", loud, 0).caption).toBe(true); // the first words
    tracker.observe("a", 0, 2000); // a pause…
    expect(tracker.observe("a", loud, 4000)).toMatchObject({ changed: true, caption: false }); // …and on: the same talk
    tracker.observe("a", 0, 6000);
    // Quiet for the whole silence since the last words: a new line.
    expect(tracker.observe("a", loud, 4000 + SPEAKING.silenceMs)).toMatchObject({ caption: true });
    // Someone else is their own person.
    expect(tracker.observe("b", loud, 4000 + SPEAKING.silenceMs).caption).toBe(true);
  });

  it("should never give two captions for one person within the silence, however they pause", () => {
    const tracker = new SpeakingTracker({ threshold: 0.02, holdMs: 500, silenceMs: 10_000 });
    let captions = 0;
    // Thirty seconds of speaking in bursts: a second on, a second off.
    for (let t = 0; t < 30_000; t += 250) if (tracker.observe("a", Math.floor(t / 1000) % 2 === 0 ? loud : 0, t).caption) captions++;
    expect(captions).toBe(1);
  });

  it("should forget someone who left", () => {
    const tracker = new SpeakingTracker();
    tracker.observe("a", loud, 0);
    tracker.forget("a");
    expect(tracker.speaking("a")).toBe(false);
  });
});

describe("the voice part's own choices", () => {
  function memory(): Storage {
    const data = new Map<string, string>();
    return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k), clear: () => data.clear(), key: () => null, get length() { return data.size; } };
  }

  it("should start at microphone on and off by a button, the usual microphone, nothing explained yet, and remember changes", () => {
    const storage = memory();
    const prefs = new VoicePrefs(storage);
    expect([prefs.mode, prefs.mic, prefs.explained]).toEqual(["open", "", false]);
    prefs.set({ mode: "push", mic: "device-1", explained: true });
    const again = new VoicePrefs(storage);
    expect([again.mode, again.mic, again.explained]).toEqual(["push", "device-1", true]);
  });

  it("should keep data saver off until chosen, and remember it", () => {
    const storage = memory();
    expect(new VoicePrefs(storage).saver).toBe(false);
    new VoicePrefs(storage).set({ saver: true });
    expect(new VoicePrefs(storage).saver).toBe(true);
    storage.setItem("hidamari.voice.v1", JSON.stringify({ saver: "yes" }));
    expect(new VoicePrefs(storage).saver).toBe(false);
  });

  it("should forget a damaged entry rather than break the page", () => {
    const storage = memory();
    storage.setItem("hidamari.voice.v1", "{not json");
    expect(new VoicePrefs(storage).mode).toBe("open");
    storage.setItem("hidamari.voice.v1", JSON.stringify({ mode: "shout", mic: 3, explained: "yes" }));
    const prefs = new VoicePrefs(storage);
    expect([prefs.mode, prefs.mic, prefs.explained]).toEqual(["open", "", false]);
  });
});
