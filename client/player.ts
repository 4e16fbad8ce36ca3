import { LIMITS } from "../shared/domain/limits.ts";
import { canWalk, slide } from "../shared/domain/movement.ts";

/**
 * My own avatar, moved locally so walking feels immediate, with the same wall rules the server
 * applies. Positions go to the server at most 10 times a second, once more when I stop, and at
 * each corner I walk round (see step).
 */
const SPEED = LIMITS.walkSpeed * 0.95; // a little under the server's limit, so honest steps always pass
const ARRIVED = 0.05;
const SEND_INTERVAL_MS = 1000 / LIMITS.moveSendHz;

export class LocalPlayer {
  x = 0;
  z = 0;
  heading = 0;
  #target: { x: number; z: number } | null = null;
  /** Until the server has said where I am, there is nothing true to send. */
  #placed = false;
  #sent = { x: Number.NaN, z: Number.NaN, heading: Number.NaN };
  #lastSendAt = -Infinity;
  readonly #send: (x: number, z: number, heading: number) => void;

  constructor(send: (x: number, z: number, heading: number) => void) {
    this.#send = send;
  }

  /** Where the server says I am (on entering, or after it refused a step). */
  placeAt(x: number, z: number): void {
    this.#placed = true;
    this.x = x;
    this.z = z;
    this.#target = null;
    this.#sent = { x, z, heading: this.heading };
  }

  walkTo(x: number, z: number): void {
    this.#target = { x, z };
  }

  get walking(): boolean {
    return this.#target !== null;
  }

  /** Advances by one frame; returns true if I moved. */
  step(dtSeconds: number, direction: { x: number; z: number } | null): boolean {
    if (!this.#placed) return false;
    const dt = Math.min(dtSeconds, 0.1); // a stalled tab must not turn into one long leap
    let dx = 0;
    let dz = 0;
    if (direction) {
      this.#target = null;
      dx = direction.x * SPEED * dt;
      dz = direction.z * SPEED * dt;
    } else if (this.#target) {
      const tx = this.#target.x - this.x;
      const tz = this.#target.z - this.z;
      const distance = Math.hypot(tx, tz);
      if (distance < ARRIVED) {
        this.#target = null;
        return false;
      }
      const step = Math.min(distance, SPEED * dt);
      dx = (tx / distance) * step;
      dz = (tz / distance) * step;
    } else {
      return false;
    }
    const next = slide({ x: this.x, z: this.z }, dx, dz);
    if (next.x === this.x && next.z === this.z) {
      this.#target = null; // walked into a wall: stop rather than push forever
      return false;
    }
    // The server judges the straight line between two positions it is sent. Where my path bends
    // round a corner (sliding past a desk, turning at a route's waypoint), that line could clip
    // the corner: then the bend itself is sent first, so every line the server sees is walkable.
    if (!canWalk(this.#sent, next) && (this.x !== this.#sent.x || this.z !== this.#sent.z)) this.#sendNow();
    this.heading = Math.atan2(-(next.x - this.x), -(next.z - this.z));
    this.x = next.x;
    this.z = next.z;
    return true;
  }

  #sendNow(): void {
    this.#sent = { x: this.x, z: this.z, heading: this.heading };
    this.#send(this.x, this.z, this.heading);
  }

  /** Sends my position if it changed and the send interval has passed. */
  sync(now: number): void {
    if (!this.#placed) return;
    const changed = this.x !== this.#sent.x || this.z !== this.#sent.z || this.heading !== this.#sent.heading;
    if (!changed || now - this.#lastSendAt < SEND_INTERVAL_MS) return;
    this.#lastSendAt = now;
    this.#sendNow();
  }
}
