import { LIMITS } from "../shared/domain/limits.ts";
import { type Report, Reporter } from "../shared/domain/motion.ts";
import { slide } from "../shared/domain/movement.ts";

/**
 * My own avatar, moved locally so walking feels immediate, with the same wall rules the server
 * applies. The server hears how I walk, not every step (shared/domain/motion.ts): when I start,
 * turn, stop or drift, a heartbeat while a walk goes on, and each corner I walk round (see step).
 */
const SPEED = LIMITS.walkSpeed * 0.95; // a little under the server's limit, so honest steps always pass
const ARRIVED = 0.05;

export class LocalPlayer {
  x = 0;
  z = 0;
  heading = 0;
  /** My velocity in the last frame, metres per second (0, 0 standing). */
  vx = 0;
  vz = 0;
  #target: { x: number; z: number } | null = null;
  /** Until the server has said where I am, there is nothing true to send. */
  #placed = false;
  readonly #reporter = new Reporter();
  #now = 0;
  readonly #send: (report: Report) => void;

  constructor(send: (report: Report) => void) {
    this.#send = send;
  }

  /** Where the server says I am (on entering, or after it refused a step). */
  placeAt(x: number, z: number): void {
    this.#placed = true;
    this.x = x;
    this.z = z;
    this.vx = 0;
    this.vz = 0;
    this.#target = null;
    this.#reporter.reset(x, z, this.heading, this.#now);
  }

  walkTo(x: number, z: number): void {
    this.#target = { x, z };
  }

  get walking(): boolean {
    return this.#target !== null;
  }

  /** Advances by one frame; returns true if I moved. */
  step(dtSeconds: number, direction: { x: number; z: number } | null): boolean {
    this.vx = 0;
    this.vz = 0;
    if (!this.#placed) return false;
    // A stalled tab must not turn into one long leap, but a page drawing 4 frames a second (software
    // WebGL on a weak tablet) still walks as fast as the clock: with 0.1 s here it crawled.
    const dt = Math.min(dtSeconds, 0.25);
    if (dt <= 0) return false;
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
    // Sliding along a wall keeps only the part of the step the wall allows. A corner is reported
    // with the velocity I leave it at.
    this.vx = (next.x - this.x) / dt;
    this.vz = (next.z - this.z) / dt;
    const heading = Math.atan2(-(next.x - this.x), -(next.z - this.z));
    const corner = this.#reporter.cornerBefore({ x: this.x, z: this.z, vx: this.vx, vz: this.vz, heading, at: this.#now }, next, this.#now);
    if (corner) this.#send(corner);
    this.heading = heading;
    this.x = next.x;
    this.z = next.z;
    return true;
  }

  #current(now: number): Report {
    return { x: this.x, z: this.z, vx: this.vx, vz: this.vz, heading: this.heading, at: now };
  }

  /** Tells the server how I walk when that is worth telling (see Reporter). */
  sync(now: number): void {
    this.#now = now;
    if (!this.#placed) return;
    const report = this.#reporter.report(this.#current(now), now);
    if (report) this.#send(report);
  }
}
