import type { Page } from "playwright-core";
import { sleep } from "../lib/processes.ts";

/**
 * Mouth to ear, measured end to end in the product's pages (issue 16): a speaker whose
 * microphone plays tones the bench knows the start of, and listeners whose pages note when what
 * they receive turns loud. Both sides read the same wall clock (one machine), so the difference is
 * the whole way: the page's capture, Opus encoding, the link, the jitter buffer, decoding, up to
 * the moment the sound reaches the listener's page. Not counted: a real microphone's and sound
 * card's buffers (the listener's AudioContext says what its output adds, reported beside).
 */

/** A tone of TONE_MS every TONE_EVERY_MS: pauses long enough for DTX to stop sending, as between words. */
const TONE_MS = 200;
const TONE_EVERY_MS = 1300;

/**
 * The speaker's init script: getUserMedia gives the product a Web Audio tone instead of the fake
 * device, and each tone's start (wall clock, ms) is kept in `__tones`. The product's own code
 * (microphone.ts onwards) handles it as any microphone.
 */
export const TONE_MIC = `
(() => {
  const media = navigator.mediaDevices;
  if (!media) return;
  const tones = [];
  globalThis.__tones = tones;
  media.getUserMedia = async () => {
    const ctx = new AudioContext({ sampleRate: 48000 });
    await ctx.resume();
    const tone = ctx.createOscillator();
    tone.frequency.value = 440;
    const gain = ctx.createGain();
    gain.gain.value = 0;
    const out = ctx.createMediaStreamDestination();
    tone.connect(gain).connect(out);
    tone.start();
    const timer = setInterval(() => {
      gain.gain.setValueAtTime(0.5, ctx.currentTime);
      tones.push(performance.timeOrigin + performance.now());
      gain.gain.setValueAtTime(0, ctx.currentTime + ${TONE_MS / 1000});
    }, ${TONE_EVERY_MS});
    const [track] = out.stream.getAudioTracks();
    track.addEventListener("ended", () => clearInterval(timer));
    const stop = track.stop.bind(track);
    track.stop = () => { clearInterval(timer); stop(); void ctx.close(); };
    return out.stream;
  };
})();
`;

/** The tones' starts so far (wall clock, ms). */
function toneStarts(page: Page): Promise<number[]> {
  return page.evaluate(() => [...((globalThis as unknown as { __tones?: number[] }).__tones ?? [])]);
}

/**
 * In a listener's page: every audio track its peer connections receive (the product's and any
 * added later) into one processor, which notes the moment (wall clock, ms) of the first loud
 * sample after at least 400 ms of quiet. Stopped, with its notes, by `heard`.
 * On the speaker's own page, `"sent"` listens to the tracks it sends instead: the tone's way
 * into Web Audio and out again, with no encoding or link between, which is what the measurement
 * itself adds at both ends (reported as its calibration).
 */
function listenForOnsets(page: Page, side: "received" | "sent" = "received"): Promise<void> {
  return page.evaluate((side) => {
    const g = globalThis as unknown as { __pcs?: RTCPeerConnection[]; __ear?: { ctx: AudioContext; onsets: number[]; timer: number } };
    const ctx = new AudioContext();
    void ctx.resume();
    const processor = ctx.createScriptProcessor(512, 1, 1);
    const silent = ctx.createGain();
    silent.gain.value = 0; // it must reach the destination to run; nobody needs to hear it twice
    processor.connect(silent).connect(ctx.destination);
    const tapped = new Set<string>();
    const tap = () => {
      for (const pc of g.__pcs ?? []) {
        for (const { track } of side === "sent" ? pc.getSenders() : pc.getReceivers()) {
          if (!track || track.kind !== "audio" || track.readyState !== "live" || tapped.has(track.id)) continue;
          tapped.add(track.id);
          ctx.createMediaStreamSource(new MediaStream([track])).connect(processor);
        }
      }
    };
    tap();
    const onsets: number[] = [];
    let lastLoud = Number.NEGATIVE_INFINITY;
    processor.onaudioprocess = (event) => {
      const now = performance.timeOrigin + performance.now();
      const samples = event.inputBuffer.getChannelData(0);
      let first = -1;
      let last = -1;
      for (let i = 0; i < samples.length; i++) {
        if (Math.abs(samples[i] ?? 0) > 0.05) {
          if (first < 0) first = i;
          last = i;
        }
      }
      if (first < 0) return;
      // The block ends now: its first loud sample was this much earlier.
      const at = now - ((samples.length - first) / ctx.sampleRate) * 1000;
      if (at - lastLoud > 400) onsets.push(at);
      lastLoud = now - ((samples.length - last) / ctx.sampleRate) * 1000;
    };
    g.__ear = { ctx, onsets, timer: window.setInterval(tap, 500) };
  }, side);
}

/** What the listener heard since listenForOnsets (onsets, wall clock ms), and what its output would add; the processor stops. */
function heard(page: Page): Promise<{ onsets: number[]; outputLatencyMs: number }> {
  return page.evaluate(async () => {
    const ear = (globalThis as unknown as { __ear?: { ctx: AudioContext; onsets: number[]; timer: number } }).__ear;
    if (!ear) return { onsets: [], outputLatencyMs: Number.NaN };
    window.clearInterval(ear.timer);
    const outputLatencyMs = (ear.ctx.baseLatency + (ear.ctx.outputLatency || 0)) * 1000;
    await ear.ctx.close();
    return { onsets: [...ear.onsets], outputLatencyMs };
  });
}

/**
 * Each tone's delay: from its start to the first onset heard after it, within one tone period
 * (later, it would be the next tone's). A tone with no such onset is missed, not counted.
 */
function mouthToEar(starts: readonly number[], onsets: readonly number[]): { delays: number[]; missed: number } {
  const delays: number[] = [];
  let missed = 0;
  for (const start of starts) {
    const onset = onsets.find((t) => t > start && t - start < TONE_EVERY_MS);
    if (onset === undefined) missed++;
    else delays.push(onset - start);
  }
  return { delays, missed };
}

/** One measurement: the tones given in it, and each listener's delays (and the speaker's own, for the calibration). */
export interface ToneWindow {
  label: string;
  tones: number;
  delays: number[];
  missed: number;
  /** Through the speaker's own sent track: what the measurement itself adds. */
  own: number[];
  /** What the listener's audio output would add (AudioContext base + output latency). */
  outputLatencyMs: number;
}

/**
 * `seconds` of tones from `speaker` (whose microphone is TONE_MIC, speaking), heard by each of
 * `listeners` (labelled), after 3 s for the link to settle.
 */
export async function toneWindow(speaker: Page, listeners: ReadonlyArray<{ label: string; page: Page }>, seconds: number): Promise<ToneWindow[]> {
  await Promise.all([...listeners.map(({ page }) => listenForOnsets(page)), listenForOnsets(speaker, "sent")]);
  await sleep(3000);
  const from = Date.now();
  await sleep(seconds * 1000);
  const to = Date.now() - TONE_EVERY_MS; // the last tone may still be on its way
  const starts = (await toneStarts(speaker)).filter((t) => t >= from && t <= to);
  const [own, ...ears] = await Promise.all([heard(speaker), ...listeners.map(({ page }) => heard(page))]);
  const ownDelays = mouthToEar(starts, own?.onsets ?? []).delays;
  return listeners.map(({ label }, i) => {
    const ear = ears[i] ?? { onsets: [], outputLatencyMs: Number.NaN };
    return { label, tones: starts.length, ...mouthToEar(starts, ear.onsets), own: ownDelays, outputLatencyMs: ear.outputLatencyMs };
  });
}
