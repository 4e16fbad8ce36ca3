import fs from "node:fs";

/**
 * A stand-in for a teacher talking, written as a WAV file for Chromium's fake microphone
 * (`--use-file-for-fake-audio-capture`): phrases of voiced "syllables" (a low fundamental with
 * harmonics, its pitch wandering, its loudness rising and falling) separated by the pauses of
 * speech, about `talking` of the time. Made here from a fixed seed, so every run hears the same
 * and nothing is downloaded. Its pauses are what lets Opus's DTX save bytes, as real speech does;
 * Chromium's own fake microphone beeps without a pause and would hide that.
 */
export function writeSpeechWav(file: string, seconds = 30, talking = 0.7, seed = 7): void {
  const rate = 48_000;
  const samples = new Int16Array(seconds * rate);
  let state = seed >>> 0;
  const random = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  let t = 0;
  while (t < samples.length) {
    // A phrase of 1–3 s, then a pause sized so that the talking share comes out near `talking`.
    const phrase = Math.floor((1 + random() * 2) * rate);
    const pause = Math.floor(((phrase / rate) * (1 - talking)) / talking * rate * (0.6 + random() * 0.8));
    let s = t;
    while (s < Math.min(t + phrase, samples.length)) {
      const syllable = Math.floor((0.12 + random() * 0.18) * rate);
      const f0 = 110 + random() * 140;
      let phase = 0;
      for (let i = 0; i < syllable && s + i < samples.length; i++) {
        const env = Math.sin((Math.PI * i) / syllable) ** 2;
        const f = f0 * (1 + 0.08 * Math.sin((2 * Math.PI * i) / syllable));
        phase += (2 * Math.PI * f) / rate;
        // A few harmonics falling off, as a voice's do, and a little breath noise.
        const voiced = Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.3 * Math.sin(3 * phase) + 0.15 * Math.sin(5 * phase);
        samples[s + i] = Math.round(env * (voiced * 6000 + (random() - 0.5) * 800));
      }
      s += syllable + Math.floor(random() * 0.05 * rate);
    }
    t += phrase + pause;
  }
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + samples.byteLength, 4);
  header.write("WAVEfmt ", 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36);
  header.writeUInt32LE(samples.byteLength, 40);
  fs.writeFileSync(file, Buffer.concat([header, Buffer.from(samples.buffer)]));
}
