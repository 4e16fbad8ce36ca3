import { Howl, Howler } from "howler";
import { type Tone, renderWav } from "./synth.ts";

export type Cue = "arrival" | "message";

const TONES: Record<Cue, Tone> = {
  // A rising major third: someone came in.
  arrival: { notes: [523.25, 659.25], noteSeconds: 0.16, volume: 0.22 },
  // One soft high note: a message arrived.
  message: { notes: [880], noteSeconds: 0.12, volume: 0.16 },
};

/** The sound cues behind one small interface. Muted means silent, and nothing is played. */
export class SoundCues {
  readonly #howls = new Map<Cue, Howl>();
  #on: boolean;

  constructor(on: boolean) {
    this.#on = on;
    for (const [cue, tone] of Object.entries(TONES) as Array<[Cue, Tone]>) {
      this.#howls.set(cue, new Howl({ src: [renderWav(tone)], format: ["wav"], preload: true }));
    }
    Howler.mute(!on);
  }

  setOn(on: boolean): void {
    this.#on = on;
    Howler.mute(!on);
  }

  play(cue: Cue): void {
    if (this.#on) this.#howls.get(cue)?.play();
  }
}
