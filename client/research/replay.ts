import { sampleLook } from "../../shared/domain/avatar.ts";
import { type ZoneId, zoneById } from "../../shared/domain/zones.ts";
import type { Replay } from "../../shared/research/replay.ts";
import type { AvatarView, NetEvents } from "../net/connection.ts";
import { Emitter } from "../net/emitter.ts";

/**
 * A recorded session played back as if it were the live network: the 3D scene of the student
 * page subscribes to the same events, so the replay is the space itself, not a drawing of it.
 */
export class ReplayNet extends Emitter<NetEvents> {
  readonly #replay: Replay;
  readonly #shown = new Map<string, AvatarView>();
  #t = 0;

  constructor(replay: Replay) {
    super();
    this.#replay = replay;
  }

  get duration(): number {
    return this.#replay.durationMs;
  }

  get time(): number {
    return this.#t;
  }

  /** Nothing is sent from a replay. */
  sendMove(): void {}

  /** Shows the session as it was at `t` ms after opening. */
  seek(t: number): void {
    this.#t = Math.max(0, Math.min(this.duration, t));
    this.#replay.tracks.forEach((track, i) => {
      const present = track.stays.some((s) => s.from <= this.#t && this.#t < s.to);
      const id = track.pseudonym;
      if (!present) {
        if (this.#shown.delete(id)) this.emit("avatarRemoved", id);
        return;
      }
      const view = this.#viewAt(track, i);
      const before = this.#shown.get(id);
      this.#shown.set(id, view);
      if (!before) this.emit("avatarAdded", view, false, true);
      else if (before.x !== view.x || before.z !== view.z || before.zone !== view.zone) this.emit("avatarChanged", view, false);
    });
  }

  #viewAt(track: Replay["tracks"][number], index: number): AvatarView {
    const t = this.#t;
    const zone = ([...track.zones].reverse().find((z) => z.t <= t)?.zone ?? "talk") as ZoneId;
    const after = track.points.findIndex((p) => p.t > t);
    const a = after === -1 ? track.points.at(-1) : track.points[after - 1];
    const b = after === -1 ? undefined : track.points[after];
    let x: number;
    let z: number;
    let heading = 0;
    if (a && b && a.t >= (track.stays.find((s) => s.from <= t && t < s.to)?.from ?? 0)) {
      const k = (t - a.t) / Math.max(1, b.t - a.t);
      x = (a.x + (b.x - a.x) * Math.min(1, k)) / 100;
      z = (a.z + (b.z - a.z) * Math.min(1, k)) / 100;
      heading = Math.atan2(-(b.x - a.x), -(b.z - a.z));
    } else if (a && a.t <= t) {
      x = a.x / 100;
      z = a.z / 100;
    } else {
      // Not moved yet: stand near the zone's name, spread out a little.
      const label = zoneById(zone).label;
      x = label.x + ((index % 4) - 1.5) * 0.9;
      z = label.z - 1.5 - Math.floor(index / 4) * 0.9;
    }
    return {
      id: track.pseudonym,
      nickname: track.pseudonym.slice(0, 8),
      ...sampleLook(index),
      zone,
      x,
      z,
      vx: 0,
      vz: 0,
      at: performance.now(),
      heading,
      staff: track.role === "staff",
      status: "none",
      hand: false,
      away: false,
      since: 0,
      greeted: false,
      mutedUntil: 0,
      overseen: false,
      badge: "",
      emcee: false,
      seat: 0,
      replaces: "",
    };
  }
}
