import { LIMITS, headingFromWire, headingToWire } from "../../../shared/domain/limits.ts";
import { canStandAt, slide } from "../../../shared/domain/movement.ts";
import { EMOTES, QUICK_PHRASE_IDS, STATUSES } from "../../../shared/domain/presence.ts";
import type { Rect } from "../../../shared/domain/geometry.ts";
import { FLOOR } from "../../../shared/domain/zones.ts";
import type { Bot, Recorder } from "./bots.ts";
import { chatBits, emoteBits, handBits, positionUpdateBits, statusBits } from "./floor.ts";

/**
 * A realistic morning in one space: most students sit still; about one in six walks at any
 * moment (honest steps along the floor at the page's speed and send rate, sliding along walls
 * with the same rules the page uses); each says a line about once a minute, reacts now and then
 * and changes their status rarely. The counsellor stays put.
 */
export interface Mix {
  walkingShare: number;
  walkSeconds: readonly [number, number];
  chatPerMinute: number;
  quickPhraseShare: number;
  zoneChannelShare: number;
  emotePerMinute: number;
  statusPerMinute: number;
  handPerMinute: number;
  /** Where walkers go (the whole floor when not given). */
  area?: Rect;
}

export const MIX: Mix = {
  /** Share of students walking at any moment (a fixed number of "walk tokens" per space). */
  walkingShare: 0.17,
  walkSeconds: [3, 9] as const,
  chatPerMinute: 1,
  quickPhraseShare: 0.3,
  zoneChannelShare: 0.2,
  emotePerMinute: 0.25,
  statusPerMinute: 0.2,
  handPerMinute: 0.1,
};

/** Everybody walking, all the time, nobody talking: for "40 moving avatars" and a page that draws. */
export const ALL_WALKING: Mix = { ...MIX, walkingShare: 1, walkSeconds: [60, 120] as const, chatPerMinute: 0, emotePerMinute: 0, statusPerMinute: 0, handPerMinute: 0 };

const SPEED = LIMITS.walkSpeed * 0.95; // as client/player.ts
/** The floor assumes every walking student's position is delivered 10 times a second. */
const FLOOR_HZ = 10;

const LINES = [
  "おはよう",
  "きょうは はれだね",
  "しゅくだい おわった？",
  "いっしょに すわろう",
  "Good morning!",
  "I like the quiet corner",
  "そのぼうし かわいい",
  "あとで としょしつ いく",
  "Anyone here from yesterday?",
  "ねこの えを かいたよ",
  "ちょっと やすむね",
  "this is nice :)",
];

export class SpaceActivity {
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #walking = new Set<Bot>();
  readonly #status = new Map<Bot, string>();
  readonly #hand = new Set<Bot>();
  #stopped = false;
  /** Bits the floor owes the students of this space during the window (see floor.ts). */
  floorMoveBits = 0;
  floorEventBits = 0;

  constructor(
    readonly staff: Bot,
    readonly students: readonly Bot[],
    readonly recorder: Recorder,
    readonly rng: () => number,
    readonly mix: Mix = MIX,
    /** How often a walking bot sends its position: the page's rate for Hidamari, a fixed 10 Hz for the naive baseline. */
    readonly sendHz: number = LIMITS.moveSendHz,
  ) {}

  get people(): number {
    return this.students.length + 1;
  }

  start(): void {
    const tokens = Math.round(this.mix.walkingShare * this.students.length);
    for (let i = 0; i < tokens; i++) this.#later(() => this.#walkSomeone(), this.rng() * 1000);
    this.#later(() => this.#everySecond(), this.rng() * 1000);
  }

  stop(): void {
    this.#stopped = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  /** Called by each bot of this space for every message it receives. */
  onEvent(bot: Bot, type: string, payload: unknown): void {
    if (!this.recorder.active || bot.kind !== "student") return;
    if (type === "chat") this.floorEventBits += chatBits(payload as { text?: string; phrase?: string }, this.people);
    else if (type === "emote") this.floorEventBits += emoteBits(this.people);
  }

  #later(fn: () => void, ms: number): void {
    if (this.#stopped) return;
    const t = setTimeout(() => {
      this.#timers.delete(t);
      if (!this.#stopped) fn();
    }, ms);
    this.#timers.add(t);
  }

  #walkSomeone(): void {
    const idle = this.students.filter((s) => !this.#walking.has(s));
    const bot = idle[Math.floor(this.rng() * idle.length)];
    if (!bot) return;
    this.#walking.add(bot);
    const [min, max] = this.mix.walkSeconds;
    const until = performance.now() + (min + this.rng() * (max - min)) * 1000;
    let target: { x: number; z: number } | null = null;
    let last = performance.now();
    let refusals = bot.refusals;
    let heading = 0;
    const sendMs = 1000 / this.sendHz;
    const step = () => {
      const now = performance.now();
      const elapsed = (now - last) / 1000;
      // The page moves by the time that really passed (a late timer walks a little further), so
      // a straight walk stays on the line it announced.
      const dt = Math.min(0.5, elapsed);
      last = now;
      // The floor: 10 updates a second of this walker, owed to every other student of the space.
      if (this.recorder.active) {
        this.floorMoveBits += FLOOR_HZ * elapsed * positionUpdateBits(this.people) * (this.students.length - 1);
        this.recorder.walkingSeconds += elapsed;
      }
      if (now >= until) {
        bot.step(bot.x, bot.z, heading, 0, 0);
        this.#walking.delete(bot);
        // The token passes to someone else after a short pause.
        this.#later(() => this.#walkSomeone(), 100 + this.rng() * 400);
        return;
      }
      // A refused step puts the page back where the server says and stops its walk: choose anew.
      if (bot.refusals !== refusals) target = null;
      refusals = bot.refusals;
      if (!target || Math.hypot(target.x - bot.x, target.z - bot.z) < 0.05) target = this.#randomSpot();
      const dx = target.x - bot.x;
      const dz = target.z - bot.z;
      const distance = Math.hypot(dx, dz);
      const stride = Math.min(distance, SPEED * dt);
      const next = slide({ x: bot.x, z: bot.z }, (dx / distance) * stride, (dz / distance) * stride);
      if (next.x === bot.x && next.z === bot.z) {
        target = null; // walked into a wall: choose somewhere else, as a child would
        bot.step(bot.x, bot.z, heading, 0, 0);
      } else {
        heading = headingFromWire(headingToWire(Math.atan2(-(next.x - bot.x), -(next.z - bot.z))));
        bot.step(next.x, next.z, heading, (next.x - bot.x) / dt, (next.z - bot.z) / dt);
      }
      this.#later(step, sendMs);
    };
    this.#later(step, sendMs);
  }

  #randomSpot(): { x: number; z: number } {
    const area = this.mix.area ?? FLOOR;
    for (;;) {
      const p = { x: area.x0 + this.rng() * (area.x1 - area.x0), z: area.z0 + this.rng() * (area.z1 - area.z0) };
      if (canStandAt(p)) return p;
    }
  }

  #everySecond(): void {
    const perSecond = (perMinute: number) => perMinute / 60;
    for (const bot of this.students) {
      if (this.rng() < perSecond(this.mix.chatPerMinute)) this.#chat(bot);
      if (this.rng() < perSecond(this.mix.emotePerMinute)) bot.send("emote", { emote: pick(EMOTES.filter((e) => e !== "raise_hand"), this.rng) });
      if (this.rng() < perSecond(this.mix.statusPerMinute)) {
        const status = pick(STATUSES, this.rng);
        bot.send("status", { status });
        if (this.recorder.active && status !== (this.#status.get(bot) ?? "none")) this.floorEventBits += statusBits(this.people) * (this.students.length - 1);
        this.#status.set(bot, status);
      }
      if (this.rng() < perSecond(this.mix.handPerMinute)) {
        const raised = !this.#hand.has(bot);
        bot.send("hand", { raised });
        if (raised) this.#hand.add(bot);
        else this.#hand.delete(bot);
        if (this.recorder.active) this.floorEventBits += handBits(this.people) * (this.students.length - 1);
      }
    }
    this.#later(() => this.#everySecond(), 1000);
  }

  #chat(bot: Bot): void {
    const channel = this.rng() < this.mix.zoneChannelShare ? "zone" : "space";
    if (this.rng() < this.mix.quickPhraseShare) bot.send("chat", { channel, phrase: pick(QUICK_PHRASE_IDS, this.rng) });
    else bot.send("chat", { channel, text: pick(LINES, this.rng) });
    if (this.recorder.active) this.recorder.chatsSent++;
  }
}

function pick<T>(items: readonly T[], rng: () => number): T {
  return items[Math.floor(rng() * items.length)] as T;
}
