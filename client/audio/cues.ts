import type { ZoneKind } from "../../shared/domain/zones.ts";
import type { SoundEngine } from "./engine.ts";

export type Cue = "arrival" | "message" | "hand" | "help" | "knock";

export interface SoundSettings {
  /** Off means silent: nothing is played and, until the first time it is on, nothing is loaded. */
  on: boolean;
  /** 0–1, for cues and ambient alike. */
  volume: number;
  /** A gentle loop for the zone one is in (off by default). */
  ambient: boolean;
}

type LoadEngine = () => Promise<Pick<SoundEngine, "play" | "setVolume" | "ambient" | "dispose">>;

const loadHowler: LoadEngine = async () => new (await import("./engine.ts")).SoundEngine();

/**
 * The page's sound, behind one small interface. howler and the sounds are loaded the first time
 * sound is on, so the calm default (off) costs no download.
 */
export class SoundCues {
  #settings: SoundSettings;
  #zone: ZoneKind | null = null;
  #engine: Awaited<ReturnType<LoadEngine>> | null = null;
  #loading: Promise<void> | null = null;
  readonly #load: LoadEngine;
  #disposed = false;

  constructor(settings: SoundSettings, load: LoadEngine = loadHowler) {
    this.#settings = { ...settings };
    this.#load = load;
    this.#sync();
  }

  get settings(): Readonly<SoundSettings> {
    return this.#settings;
  }

  /** True once howler is in the page (for tests: it must not be until sound is on). */
  get loaded(): boolean {
    return this.#engine !== null;
  }

  /** The zone kind whose loop should be heard now, or null. */
  get ambientKind(): ZoneKind | null {
    const { on, ambient } = this.#settings;
    return on && ambient ? this.#zone : null;
  }

  update(change: Partial<SoundSettings>): void {
    Object.assign(this.#settings, change);
    this.#sync();
  }

  /** Where I am now, for the ambient loop. */
  inZone(kind: ZoneKind | null): void {
    this.#zone = kind;
    this.#sync();
  }

  play(cue: Cue): void {
    if (!this.#settings.on) return;
    if (this.#engine) this.#engine.play(cue);
    else void this.#ready().then(() => this.#settings.on && this.#engine?.play(cue));
  }

  dispose(): void {
    this.#disposed = true;
    this.#engine?.dispose();
  }

  #sync(): void {
    if (!this.#settings.on && !this.#engine) return;
    void this.#ready().then(() => {
      const engine = this.#engine;
      if (!engine) return;
      engine.setVolume(this.#settings.volume);
      engine.ambient(this.ambientKind);
    });
  }

  #ready(): Promise<void> {
    this.#loading ??= this.#load().then(
      (engine) => {
        if (this.#disposed) engine.dispose();
        else this.#engine = engine;
      },
      // No sound is better than a broken page: the cues stay silent, and turning sound on again retries.
      () => {
        this.#loading = null;
      },
    );
    return this.#loading;
  }
}
