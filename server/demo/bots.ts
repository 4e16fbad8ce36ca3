import type { Look } from "../../shared/domain/avatar.ts";
import { Client, type Room } from "@colyseus/sdk";
import type { Point } from "../../shared/domain/geometry.ts";
import type { Emote, QuickPhrase, Status } from "../../shared/domain/presence.ts";
import { fromWire } from "../../shared/domain/limits.ts";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.ts";
import { SpaceState } from "../../shared/state/SpaceState.ts";

/**
 * Demo people: real SDK clients going through the real server, walking honest paths through
 * the doorways, so the session log they leave is the one real students would leave.
 */
export const PLACES: Record<string, Point[]> = {
  rug: [{ x: 10, z: -5 }],
  quiet: [{ x: 1.2, z: 6.5 }, { x: -3, z: 6.5 }, { x: -9, z: 5 }],
  classroom: [{ x: 1, z: -6 }, { x: -3, z: -6 }, { x: -9, z: -4 }],
  home: [{ x: 4, z: 0.5 }],
};

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Bot {
  readonly room: Room<unknown, SpaceState>;
  /** The quick check open now, as this bot was last told (its id and how many choices), or null. */
  poll: { id: string; choices: number } | null = null;
  #at: Point;

  private constructor(room: Room<unknown, SpaceState>) {
    this.room = room;
    room.onMessage("poll", (view: { id: string; choices?: string[]; result?: unknown }) => {
      this.poll = view.result === undefined ? { id: view.id, choices: view.choices?.length ?? 0 } : null;
    });
    const me = room.state.avatars.get(room.sessionId);
    this.#at = { x: fromWire(me?.x ?? 400), z: fromWire(me?.z ?? 0) };
  }

  static async join(url: string, cookie: string, org: string, look: Partial<Look> & Pick<Look, "colour" | "accessory">): Promise<Bot> {
    const client = new Client(url, { headers: { cookie } });
    const room = await client.joinOrCreate("space", { protocol: PROTOCOL_VERSION, org, look }, SpaceState);
    room.onMessage("*", () => {});
    await new Promise<void>((resolve) => room.onStateChange.once(() => resolve()));
    room.reconnection.enabled = false;
    return new Bot(room);
  }

  /** Walks through the waypoints at walking pace, telling the server how it walks (shared/domain/motion.ts). */
  async walk(points: Point[]): Promise<void> {
    const stepMs = 100;
    for (const target of points) {
      const distance = Math.hypot(target.x - this.#at.x, target.z - this.#at.z);
      const steps = Math.max(1, Math.ceil(distance / 0.28));
      const heading = Math.atan2(-(target.x - this.#at.x), -(target.z - this.#at.z));
      const vx = (target.x - this.#at.x) / steps / (stepMs / 1000);
      const vz = (target.z - this.#at.z) / steps / (stepMs / 1000);
      for (let i = 0; i < steps; i++) {
        const x = this.#at.x + ((target.x - this.#at.x) * i) / steps;
        const z = this.#at.z + ((target.z - this.#at.z) * i) / steps;
        this.room.send("move", { x, z, heading, vx, vz });
        await sleep(stepMs);
      }
      this.#at = target;
      this.room.send("move", { x: target.x, z: target.z, heading, vx: 0, vz: 0 });
    }
  }

  /** Sits on the nearest free chair (the server seats the avatar there); false if none was free. */
  async sit(): Promise<boolean> {
    this.room.send("sit", {});
    const me = () => this.room.state.avatars.get(this.room.sessionId);
    for (let waited = 0; waited < 2000 && !me()?.seat; waited += 100) await sleep(100);
    const seated = me();
    if (!seated?.seat) return false;
    this.#at = { x: fromWire(seated.x), z: fromWire(seated.z) };
    return true;
  }

  /** Back the way it came, to the talk area. */
  async walkBack(points: Point[]): Promise<void> {
    await this.walk([...points].reverse().slice(1).concat(PLACES.home ?? []));
  }

  status(status: Status) {
    this.room.send("status", { status });
  }
  emote(emote: Emote) {
    this.room.send("emote", { emote });
  }
  say(text: string) {
    this.room.send("chat", { channel: "space", text });
  }
  phrase(phrase: QuickPhrase) {
    this.room.send("chat", { channel: "space", phrase });
  }
  /** Leaves if still connected (a closed space has already sent everyone home). */
  async leave() {
    if (!this.room.connection.isOpen) return;
    await Promise.race([this.room.leave(true).catch(() => {}), sleep(2000)]);
  }
}
