import { describe, expect, it } from "vitest";
import { LOOP_SECONDS, renderAmbient } from "../../client/audio/ambient.ts";
import { SoundCues } from "../../client/audio/cues.ts";
import { SAMPLE_RATE } from "../../client/audio/synth.ts";
import type { ZoneKind } from "../../shared/domain/zones.ts";

const KINDS: ZoneKind[] = ["learning", "social", "quiet", "counselling"];

describe("ambient loops", () => {
  for (const kind of KINDS) {
    it(`${kind}: audible but quiet, never clipping, and seamless where it repeats`, () => {
      const loop = renderAmbient(kind);
      expect(loop.length).toBe(LOOP_SECONDS * SAMPLE_RATE);
      const peak = loop.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      const rms = Math.sqrt(loop.reduce((s, v) => s + v * v, 0) / loop.length);
      expect(rms).toBeGreaterThan(0.003);
      expect(peak).toBeLessThan(0.5);
      // The jump from the last sample back to the first is no bigger than the loop's ordinary steps.
      let largestStep = 0;
      for (let i = 1; i < loop.length; i++) largestStep = Math.max(largestStep, Math.abs((loop[i] ?? 0) - (loop[i - 1] ?? 0)));
      const wrap = Math.abs((loop[0] ?? 0) - (loop[loop.length - 1] ?? 0));
      expect(wrap).toBeLessThanOrEqual(largestStep);
    });
  }
});

/** The audio device is the edge we cannot run here: a recorder stands in for howler. */
function recorder() {
  const calls: string[] = [];
  let loads = 0;
  const load = async () => {
    loads++;
    return {
      play: (cue: string) => void calls.push(`play ${cue}`),
      setVolume: (v: number) => void calls.push(`volume ${v}`),
      ambient: (kind: ZoneKind | null) => void calls.push(`ambient ${kind}`),
      dispose: () => void calls.push("dispose"),
    };
  };
  return { calls, load, loads: () => loads };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("SoundCues", () => {
  it("loads nothing and plays nothing while sound is off (the default)", async () => {
    const r = recorder();
    const sounds = new SoundCues({ on: false, volume: 0.7, ambient: true }, r.load);
    sounds.inZone("quiet");
    sounds.play("message");
    await settle();
    expect(r.loads()).toBe(0);
    expect(sounds.loaded).toBe(false);
    expect(sounds.ambientKind).toBeNull();
  });

  it("loads once when turned on, then plays cues at the chosen volume", async () => {
    const r = recorder();
    const sounds = new SoundCues({ on: false, volume: 0.4, ambient: false }, r.load);
    sounds.update({ on: true });
    sounds.play("help");
    sounds.play("knock");
    await settle();
    expect(r.loads()).toBe(1);
    expect(r.calls).toContain("volume 0.4");
    expect(r.calls.filter((c) => c.startsWith("play"))).toEqual(["play help", "play knock"]);
  });

  it("plays the loop of the zone I am in, only with ambient and sound both on, and follows me", async () => {
    const r = recorder();
    const sounds = new SoundCues({ on: true, volume: 0.7, ambient: false }, r.load);
    sounds.inZone("social");
    await settle();
    expect(r.calls.filter((c) => c.startsWith("ambient"))).toEqual(["ambient null", "ambient null"]);
    sounds.update({ ambient: true });
    await settle();
    sounds.inZone("quiet");
    await settle();
    sounds.update({ on: false });
    await settle();
    expect(r.calls.filter((c) => c.startsWith("ambient")).slice(2)).toEqual(["ambient social", "ambient quiet", "ambient null"]);
    sounds.play("arrival");
    await settle();
    expect(r.calls).not.toContain("play arrival");
  });

  it("stays silent, and tries again later, when the sound module cannot load", async () => {
    let fail = true;
    const r = recorder();
    const sounds = new SoundCues({ on: true, volume: 0.7, ambient: false }, async () => {
      if (fail) throw new Error("offline");
      return r.load();
    });
    sounds.play("message");
    await settle();
    expect(sounds.loaded).toBe(false);
    fail = false;
    sounds.play("message");
    await settle();
    await settle();
    expect(sounds.loaded).toBe(true);
    expect(r.calls).toContain("play message");
  });
});
