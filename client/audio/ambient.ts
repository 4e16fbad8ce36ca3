import type { ZoneKind } from "../../shared/domain/zones.ts";
import { seeded } from "../../shared/random.ts";
import { SAMPLE_RATE } from "./synth.ts";

/**
 * Gentle ambient loops, one per kind of zone, made in code. Each loop is exactly periodic (tones
 * are rounded to whole cycles per loop, noise is cross-faded into its own start) so it repeats
 * without a click. Quiet on purpose: it sits under the cues and is off until a child turns it on.
 */
export const LOOP_SECONDS = 8;
const N = LOOP_SECONDS * SAMPLE_RATE;

export function renderAmbient(kind: ZoneKind): Float32Array {
  const random = seeded(kind.length * 7919);
  const out = new Float32Array(N);
  switch (kind) {
    case "learning": // the hum of a calm classroom: air, and a low fifth far away
      mix(out, noise(random, 0.985), 0.05);
      pad(out, [110, 165], 0.012);
      break;
    case "social": // a warm chord that breathes, and now and then a bird outside
      pad(out, [261.63, 329.63, 392], 0.028);
      mix(out, noise(random, 0.99), 0.02);
      for (let i = 0; i < 3; i++) chirp(out, random() * N, 2000 + random() * 600, 0.03);
      break;
    case "quiet": // soft rain
      mix(out, noise(random, 0.9), 0.045);
      for (let i = 0; i < 60; i++) drop(out, random() * N, 1400 + random() * 1800, 0.01 + random() * 0.02);
      break;
    case "counselling": // a low, slow, warm chord
      pad(out, [174.61, 220, 261.63, 329.63], 0.02);
      break;
  }
  return out;
}

/** Sine tones, each a whole number of cycles per loop, swelling slowly once per loop. */
function pad(out: Float32Array, freqs: number[], volume: number): void {
  freqs.forEach((freq, k) => {
    const cycles = Math.round(freq * LOOP_SECONDS);
    const phase = k * 1.7;
    for (let n = 0; n < N; n++) {
      const t = n / N;
      const swell = 0.75 + 0.25 * Math.cos(2 * Math.PI * t + phase);
      out[n] = (out[n] ?? 0) + Math.sin(2 * Math.PI * cycles * t) * swell * volume;
    }
  });
}

/** Low-passed noise (leak near 1 is darker), cross-faded into its own start so the loop is seamless. */
function noise(random: () => number, leak: number): Float32Array {
  const fade = Math.round(0.5 * SAMPLE_RATE);
  const raw = new Float32Array(N + fade);
  let level = 0;
  let peak = 1e-9;
  for (let n = 0; n < raw.length; n++) {
    level = level * leak + (random() * 2 - 1) * (1 - leak);
    raw[n] = level;
    peak = Math.max(peak, Math.abs(level));
  }
  const out = raw.subarray(0, N);
  for (let n = 0; n < fade; n++) {
    const w = n / fade;
    out[n] = (raw[n] ?? 0) * w + (raw[N + n] ?? 0) * (1 - w);
  }
  return out.map((v) => v / peak);
}

function mix(out: Float32Array, source: Float32Array, volume: number): void {
  for (let n = 0; n < N; n++) out[n] = (out[n] ?? 0) + (source[n] ?? 0) * volume;
}

/** A short decaying tone written at `start`, wrapping round the loop's end. */
function blip(out: Float32Array, start: number, freq: number, volume: number, seconds: number, decay: number): void {
  const length = Math.round(seconds * SAMPLE_RATE);
  for (let n = 0; n < length; n++) {
    const t = n / SAMPLE_RATE;
    const i = (Math.floor(start) + n) % N;
    out[i] = (out[i] ?? 0) + Math.sin(2 * Math.PI * freq * t) * Math.min(1, t / 0.004) * Math.exp(-t * decay) * volume;
  }
}

function drop(out: Float32Array, start: number, freq: number, volume: number): void {
  blip(out, start, freq, volume, 0.08, 60);
}

function chirp(out: Float32Array, start: number, freq: number, volume: number): void {
  blip(out, start, freq, volume, 0.09, 30);
  blip(out, start + 0.11 * SAMPLE_RATE, freq * 1.26, volume, 0.09, 30);
}
