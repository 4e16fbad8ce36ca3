import { savedStorage } from "../storage.ts";

/**
 * The voice part's own choices, kept in this browser beside the page's prefs (client/prefs.ts
 * holds only "voice on or off", which the first visit needs to decide whether to fetch this part
 * at all): how to speak, which microphone, and whether the browser's permission prompt was
 * explained already.
 */
export type SpeakMode = "open" | "push";

interface VoiceChoices {
  mode: SpeakMode;
  /** A deviceId from enumerateDevices; "" for the browser's usual microphone. */
  mic: string;
  /** The note before the browser's permission prompt was shown (it is shown once). */
  explained: boolean;
  /** Data saver: a screen shared to the board reaches me at one frame a second (issue 16). Off unless chosen. */
  saver: boolean;
}

const KEY = "hidamari.voice.v1";

export class VoicePrefs {
  #data: VoiceChoices = { mode: "open", mic: "", explained: false, saver: false };
  readonly #storage: Storage | null;

  constructor(storage: Storage | null = savedStorage()) {
    this.#storage = storage;
    try {
      const raw = JSON.parse(storage?.getItem(KEY) ?? "{}") as Partial<Record<keyof VoiceChoices, unknown>>;
      if (raw.mode === "open" || raw.mode === "push") this.#data.mode = raw.mode;
      if (typeof raw.mic === "string" && raw.mic.length < 512) this.#data.mic = raw.mic;
      if (raw.explained === true) this.#data.explained = true;
      if (raw.saver === true) this.#data.saver = true;
    } catch {
      // A damaged entry is forgotten rather than breaking the page.
    }
  }

  get mode(): SpeakMode {
    return this.#data.mode;
  }
  get mic(): string {
    return this.#data.mic;
  }
  get explained(): boolean {
    return this.#data.explained;
  }
  get saver(): boolean {
    return this.#data.saver;
  }

  set(change: Partial<VoiceChoices>): void {
    Object.assign(this.#data, change);
    try {
      this.#storage?.setItem(KEY, JSON.stringify(this.#data));
    } catch {
      // Private mode or a full quota: the choice still holds for this visit.
    }
  }
}
