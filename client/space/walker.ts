import type { Point } from "../../shared/domain/geometry.ts";
import { planRoute } from "../input/routes.ts";

/** What the walker needs of the 3D view: where I am, how often the server has put me back, and walking towards a point. */
export interface Walkable {
  walkTo(x: number, z: number): void;
  inspect(): { me: { x: number; z: number }; setBacks: number };
}

/** Close enough to a waypoint to turn towards the next (the player itself stops within 5 cm). */
const REACHED = 0.1;
/** Standing still this long without arriving means something stopped the walk. */
const STALLED_MS = 1200;
/** Put back this often on one walk, the way is not to be had (a locked door, say): stop. */
const MAX_SET_BACKS = 3;

/**
 * Walks a route one waypoint after another, each started when the previous is reached. Any
 * steering of one's own (keys, a tap, the joystick) cancels it; so does being stopped. When the
 * server puts me back (a step it refused, on a link that held a report up), the walk goes on
 * from there, planned afresh to where it was going: the child did not stop it.
 */
export class RouteWalker {
  readonly #view: Walkable;
  #frame = 0;
  #finish: ((arrived: boolean) => void) | null = null;

  constructor(view: Walkable) {
    this.#view = view;
  }

  get walking(): boolean {
    return this.#finish !== null;
  }

  /** Resolves true on arrival, false if cancelled or stopped on the way. */
  walk(points: readonly Point[]): Promise<boolean> {
    this.cancel();
    const route = [...points];
    return new Promise((resolve) => {
      this.#finish = resolve;
      let index = 0;
      let last = this.#view.inspect().me;
      const setBacksBefore = this.#view.inspect().setBacks;
      let setBacks = setBacksBefore;
      // Measured on the frames' own clock from the first frame on (not performance.now()), so
      // the walk's patience is the same however long the page or the test process has run.
      let lastMoved: number | null = null;
      const start = (p: Point | undefined) => p && this.#view.walkTo(p.x, p.z);
      start(route[0]);
      const tick = (now: number) => {
        const { me, setBacks: counted } = this.#view.inspect();
        lastMoved ??= now;
        if (counted !== setBacks) {
          if (counted - setBacksBefore >= MAX_SET_BACKS) return this.#end(false);
          setBacks = counted;
          const end = route.at(-1);
          const rest = end && planRoute(me, end);
          if (!rest) return this.#end(false);
          route.splice(0, route.length, ...rest);
          index = 0;
          start(route[0]);
          lastMoved = now;
        }
        if (me.x !== last.x || me.z !== last.z) {
          last = me;
          lastMoved = now;
        }
        const target = route[index];
        if (!target) return this.#end(true);
        if (Math.hypot(me.x - target.x, me.z - target.z) <= REACHED) {
          index++;
          if (index >= route.length) return this.#end(true);
          start(route[index]);
          lastMoved = now;
        } else if (now - lastMoved > STALLED_MS) {
          return this.#end(false);
        }
        this.#frame = requestAnimationFrame(tick);
      };
      this.#frame = requestAnimationFrame(tick);
    });
  }

  cancel(): void {
    if (this.#finish) this.#end(false);
  }

  #end(arrived: boolean): void {
    cancelAnimationFrame(this.#frame);
    const finish = this.#finish;
    this.#finish = null;
    finish?.(arrived);
  }
}
