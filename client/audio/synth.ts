/**
 * Sounds made in code: soft sine chimes and gentle loops rendered to small WAVs in memory, so
 * there is nothing to download and nothing to license.
 */
export interface Tone {
  /** Frequencies played one after another, Hz. */
  notes: number[];
  /** Length of each note, seconds. */
  noteSeconds: number;
  volume: number;
  /** How fast each note fades (per second); higher is shorter. A chime is 6, a knock 30. */
  decay?: number;
}

export const SAMPLE_RATE = 22050;

export function renderWav(tone: Tone): string {
  const perNote = Math.round(tone.noteSeconds * SAMPLE_RATE);
  const tail = Math.round(0.25 * SAMPLE_RATE);
  const samples = new Float32Array(perNote * tone.notes.length + tail);
  const decay = tone.decay ?? 6;
  tone.notes.forEach((freq, i) => {
    const start = i * perNote;
    const length = perNote + tail;
    for (let n = 0; n < length && start + n < samples.length; n++) {
      const t = n / SAMPLE_RATE;
      // Soft attack, exponential decay: a chime, not a beep.
      const envelope = Math.min(1, t / 0.01) * Math.exp(-t * decay);
      const wave = Math.sin(2 * Math.PI * freq * t) + 0.25 * Math.sin(4 * Math.PI * freq * t);
      samples[start + n] = (samples[start + n] ?? 0) + wave * envelope * tone.volume;
    }
  });
  return wavDataUri(samples);
}

/** 16-bit mono PCM at SAMPLE_RATE, as a data: URI howler can play. */
export function wavDataUri(samples: Float32Array): string {
  return `data:audio/wav;base64,${toBase64(encodeWav(samples))}`;
}

function encodeWav(samples: Float32Array): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, s: string) => [...s].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  ascii(0, "RIFF");
  view.setUint32(4, 36 + samples.length * 2, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, SAMPLE_RATE, true);
  view.setUint32(28, SAMPLE_RATE * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, "data");
  view.setUint32(40, samples.length * 2, true);
  samples.forEach((s, i) => view.setInt16(44 + i * 2, Math.max(-1, Math.min(1, s)) * 0x7fff, true));
  return bytes;
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
