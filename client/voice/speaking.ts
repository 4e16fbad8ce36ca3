/**
 * Who is speaking, from the audio level of each peer (0..1, as getStats' `audioLevel` or an
 * AnalyserNode gives it), sampled a few times a second. Pure and clock-free (the caller passes
 * the time), so the rules are testable:
 *  - a person speaks while their level is above `threshold`, and for `holdMs` after (the gaps
 *    between words do not flicker the marker);
 *  - starting to speak after `silenceMs` of quiet gives a caption ("〇〇 spoke, 10:31"), at most
 *    one per person per `silenceMs`, so a long talk is one line, not a line per sentence.
 */
export interface SpeakingRules {
  threshold: number;
  holdMs: number;
  silenceMs: number;
}

export const SPEAKING: SpeakingRules = { threshold: 0.02, holdMs: 900, silenceMs: 10_000 };

/** What one sample changed for that person. */
export interface SpeakingChange {
  /** They began or stopped speaking (the marker changes). */
  changed: boolean;
  speaking: boolean;
  /** Worth a caption line (they began to speak after a silence). */
  caption: boolean;
}

interface Person {
  speaking: boolean;
  /** When their level was last above the threshold. */
  lastLoud: number;
  /** When they last got a caption (−Infinity: never). */
  lastCaption: number;
}

export class SpeakingTracker {
  readonly #rules: SpeakingRules;
  readonly #people = new Map<string, Person>();

  constructor(rules: SpeakingRules = SPEAKING) {
    this.#rules = rules;
  }

  /** `holdMs`: this sample's own hold, where its source has pauses of its own (a media server's talking events). */
  observe(id: string, level: number, now: number, holdMs = this.#rules.holdMs): SpeakingChange {
    const rules = this.#rules;
    let person = this.#people.get(id);
    if (!person) this.#people.set(id, (person = { speaking: false, lastLoud: -Infinity, lastCaption: -Infinity }));
    const loud = level > rules.threshold;
    const wasSilentSince = person.lastLoud;
    if (loud) person.lastLoud = now;
    const speaking = loud || now - person.lastLoud < holdMs;
    const changed = speaking !== person.speaking;
    person.speaking = speaking;
    let caption = false;
    if (changed && speaking && now - wasSilentSince >= rules.silenceMs && now - person.lastCaption >= rules.silenceMs) {
      caption = true;
      person.lastCaption = now;
    }
    return { changed, speaking, caption };
  }

  speaking(id: string): boolean {
    return this.#people.get(id)?.speaking ?? false;
  }

  /** Forgets someone who left the talk: whether they spoke is no longer shown. */
  forget(id: string): void {
    this.#people.delete(id);
  }
}
