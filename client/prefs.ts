import { z } from "zod/mini";
import { AvatarLook } from "../shared/protocol/messages.ts";
import type { SoundSettings } from "./audio/cues.ts";
import { savedStorage } from "./storage.ts";

/** Choices a student makes once and expects to find again: stored in this browser only. */
const KEY = "hidamari.prefs.v2";
export const TEXT_SIZES = ["normal", "large", "larger"] as const;
export type TextSize = (typeof TEXT_SIZES)[number];
/** The display choices a settings menu changes (everything but sound, look and code). */
export type Display = Pick<Stored, "hideNames" | "textSize" | "highContrast" | "letterKeys" | "furigana" | "lowGraphics" | "voice"> & { reducedMotion: boolean };
const Stored = z.object({
  sound: z._default(z.boolean(), false),
  volume: z._default(z.number().check(z.gte(0), z.lte(1)), 0.7),
  /** The zone's gentle loop, under the cues; off by default. */
  ambient: z._default(z.boolean(), false),
  look: z.optional(AvatarLook),
  /** The access code, so daily entry is one tap. Cleared by "not you?". */
  code: z.optional(z.string().check(z.maxLength(40))),
  /** Unset follows the system's prefers-reduced-motion. */
  reducedMotion: z.optional(z.boolean()),
  hideNames: z._default(z.boolean(), false),
  textSize: z._default(z.enum(TEXT_SIZES), "normal"),
  highContrast: z._default(z.boolean(), false),
  /** One-key shortcuts (T, H, G, ?, WASD, and V to speak in push to talk) can be turned off: speech input can trigger them by accident (WCAG 2.1.4). */
  letterKeys: z._default(z.boolean(), true),
  furigana: z._default(z.boolean(), false),
  /** Unset lets the page decide from the device (see client/scene/device.ts). */
  lowGraphics: z.optional(z.boolean()),
  /** Voice talk (issue 16): off, the page never fetches its voice part (client/voice/) nor anything of audio for it. */
  voice: z._default(z.boolean(), true),
  /** The first-visit tour was shown. */
  toured: z._default(z.boolean(), false),
});
type Stored = z.infer<typeof Stored>;

export class Prefs {
  #data: Stored;

  constructor(private readonly storage: Storage | null = savedStorage()) {
    const raw = this.storage?.getItem(KEY);
    let parsed: unknown = {};
    try {
      parsed = raw ? JSON.parse(raw) : {};
    } catch {
      // A damaged entry is forgotten rather than breaking the page.
    }
    const result = Stored.safeParse(parsed);
    this.#data = result.success ? result.data : Stored.parse({});
  }

  /** Everything about sound, as the sound cues take it. Off until the student turns it on (calm by default). */
  get soundSettings(): SoundSettings {
    const { sound, volume, ambient } = this.#data;
    return { on: sound, volume, ambient };
  }

  setSound(change: Partial<SoundSettings>): void {
    if (change.on !== undefined) this.#data.sound = change.on;
    if (change.volume !== undefined) this.#data.volume = change.volume;
    if (change.ambient !== undefined) this.#data.ambient = change.ambient;
    this.#save();
  }

  get accessCode(): string | undefined {
    return this.#data.code;
  }

  set accessCode(code: string | undefined) {
    this.#data.code = code;
    this.#save();
  }

  /** Reduced motion: the person's own choice, else the system's. */
  reducedMotion(systemPrefers: boolean): boolean {
    return this.#data.reducedMotion ?? systemPrefers;
  }

  display(systemReducedMotion: boolean): Display {
    const { hideNames, textSize, highContrast, letterKeys, furigana, lowGraphics, voice } = this.#data;
    return { hideNames, textSize, highContrast, letterKeys, furigana, lowGraphics, voice, reducedMotion: this.reducedMotion(systemReducedMotion) };
  }

  setDisplay(change: Partial<Display>): void {
    Object.assign(this.#data, change);
    this.#save();
  }

  get toured(): boolean {
    return this.#data.toured;
  }

  set toured(done: boolean) {
    this.#data.toured = done;
    this.#save();
  }

  lastLook(): z.infer<typeof AvatarLook> | null {
    return this.#data.look ?? null;
  }

  saveLook(look: z.infer<typeof AvatarLook>): void {
    this.#data.look = look;
    this.#save();
  }

  #save(): void {
    try {
      this.storage?.setItem(KEY, JSON.stringify(this.#data));
    } catch {
      // Private mode or a full quota: the choice still holds for this visit.
    }
  }
}

