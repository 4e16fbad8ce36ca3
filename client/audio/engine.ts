import { Howl, Howler } from "howler";
import type { ZoneKind } from "../../shared/domain/zones.ts";
import { renderAmbient } from "./ambient.ts";
import type { Cue } from "./cues.ts";
import { type Tone, renderWav, wavDataUri } from "./synth.ts";

const TONES: Record<Cue, Tone> = {
  // A rising major third: someone came in.
  arrival: { notes: [523.25, 659.25], noteSeconds: 0.16, volume: 0.22 },
  // One soft high note: a message arrived.
  message: { notes: [880], noteSeconds: 0.12, volume: 0.16 },
  // Two notes up a fourth, brighter: a hand went up.
  hand: { notes: [659.25, 880], noteSeconds: 0.12, volume: 0.2 },
  // Three rising notes, the clearest cue: someone asked for help.
  help: { notes: [523.25, 659.25, 783.99], noteSeconds: 0.14, volume: 0.24 },
  // Two short low taps: a knock on the door.
  knock: { notes: [196, 196], noteSeconds: 0.14, volume: 0.4, decay: 35 },
};

/** Ambient sits well under the cues. */
const AMBIENT_LEVEL = 0.5;
const FADE_MS = 1500;

/**
 * howler and the rendered sounds. Loaded only when a person turns sound on (it starts off), so a
 * first visit downloads none of it.
 */
export class SoundEngine {
  readonly #cues = new Map<Cue, Howl>();
  readonly #loops = new Map<ZoneKind, Howl>();
  #ambient: ZoneKind | null = null;

  play(cue: Cue): void {
    let howl = this.#cues.get(cue);
    if (!howl) {
      howl = new Howl({ src: [renderWav(TONES[cue])], format: ["wav"] });
      this.#cues.set(cue, howl);
    }
    howl.play();
  }

  setVolume(volume: number): void {
    Howler.volume(volume);
  }

  /** The loop of this kind of zone, cross-faded from the last one; null fades it out. */
  ambient(kind: ZoneKind | null): void {
    if (kind === this.#ambient) return;
    const previous = this.#ambient ? this.#loops.get(this.#ambient) : undefined;
    if (previous) {
      previous.fade(previous.volume(), 0, FADE_MS);
      previous.once("fade", () => previous.volume() === 0 && previous.pause());
    }
    this.#ambient = kind;
    if (!kind) return;
    let loop = this.#loops.get(kind);
    if (!loop) {
      loop = new Howl({ src: [wavDataUri(renderAmbient(kind))], format: ["wav"], loop: true, volume: 0 });
      this.#loops.set(kind, loop);
    }
    if (!loop.playing()) loop.play();
    loop.fade(loop.volume(), AMBIENT_LEVEL, FADE_MS);
  }

  get playingAmbient(): ZoneKind | null {
    return this.#ambient;
  }

  dispose(): void {
    for (const howl of [...this.#cues.values(), ...this.#loops.values()]) howl.unload();
    this.#cues.clear();
    this.#loops.clear();
  }
}
