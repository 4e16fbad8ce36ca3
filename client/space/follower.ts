import type { Point } from "../../shared/domain/geometry.ts";
import { canStandAt, canWalk } from "../../shared/domain/movement.ts";
import { planRoute } from "../input/routes.ts";
import type { RouteWalker } from "./walker.ts";

/** Stop this far from the person: close enough to be together, not on top of them. */
const BESIDE = 1.2;
/** Walk again once they are this far away… */
const TOO_FAR = 2.2;
/** …or, while walking, once they have moved this far from where the walk was planned to. */
const REPLAN = 1.0;
const CHECK_MS = 400;

export type FollowEnd = "gone" | "stopped" | "noWay";

export interface FollowerOptions {
  walker: RouteWalker;
  /** Where a person is now, or null once they have left. */
  whereIs: (id: string) => Point | null;
  me: () => Point;
  ended: (id: string, why: FollowEnd) => void;
}

/**
 * "Follow <person>": walks after someone without steering, keeping a step beside them, and
 * walks again whenever they move on. Planned with the same rules the server judges steps by.
 * Ends when they leave, when no way leads to them, or when one steers oneself (keys, a tap).
 */
export class Follower {
  readonly #o: FollowerOptions;
  #id: string | null = null;
  #timer = 0;
  /** Each walk's number: a walk replaced by a newer plan ends quietly, not as "stopped". */
  #walk = 0;
  #plannedFor: Point | null = null;

  constructor(options: FollowerOptions) {
    this.#o = options;
  }

  get following(): string | null {
    return this.#id;
  }

  follow(id: string): void {
    this.stop();
    this.#id = id;
    this.#check();
    if (this.#id) this.#timer = window.setInterval(() => this.#check(), CHECK_MS);
  }

  /** Stops following (and any walk it started) without saying why: the caller knows. */
  stop(): void {
    window.clearInterval(this.#timer);
    this.#id = null;
    this.#plannedFor = null;
    this.#walk++;
    this.#o.walker.cancel();
  }

  #check(): void {
    const id = this.#id;
    if (!id) return;
    const them = this.#o.whereIs(id);
    if (!them) return this.#end(id, "gone");
    const me = this.#o.me();
    if (this.#o.walker.walking) {
      if (this.#plannedFor && distance(them, this.#plannedFor) > REPLAN) this.#go(id, me, them);
    } else if (distance(me, them) > TOO_FAR) {
      this.#go(id, me, them);
    }
  }

  #go(id: string, me: Point, them: Point): void {
    const goal = beside(me, them);
    const route = goal && planRoute(me, goal);
    if (!route) return this.#end(id, "noWay");
    const walk = ++this.#walk;
    this.#plannedFor = them;
    void this.#o.walker.walk(route).then((arrived) => {
      // Replaced by a newer plan, or already stopped: nothing to say.
      if (walk !== this.#walk || this.#id !== id) return;
      this.#plannedFor = null;
      if (!arrived) this.#end(id, "stopped");
    });
  }

  #end(id: string, why: FollowEnd): void {
    this.stop();
    this.#o.ended(id, why);
  }
}

const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.z - b.z);

/** A free spot a step from them, in their room (a straight step away), on my side if there is one. */
function beside(me: Point, them: Point): Point | null {
  const spots: Point[] = [];
  for (let k = 0; k < 12; k++) {
    const angle = (k / 12) * 2 * Math.PI;
    const spot = { x: them.x + Math.cos(angle) * BESIDE, z: them.z + Math.sin(angle) * BESIDE };
    if (canStandAt(spot) && canWalk(them, spot)) spots.push(spot);
  }
  spots.sort((a, b) => distance(a, me) - distance(b, me));
  return spots[0] ?? null;
}
