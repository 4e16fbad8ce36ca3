import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RouteWalker } from "../../client/space/walker.ts";

/**
 * The walker runs on animation frames; here the frames are driven by hand (the browser's clock is
 * the edge we replace), with a view that moves one step per frame, as the 3D view's loop does.
 */
let queue: Array<(now: number) => void> = [];
const realRaf = globalThis.requestAnimationFrame;
const realCancel = globalThis.cancelAnimationFrame;
beforeEach(() => {
  queue = [];
  globalThis.requestAnimationFrame = (cb) => queue.push(cb);
  globalThis.cancelAnimationFrame = () => {};
});
afterEach(() => {
  globalThis.requestAnimationFrame = realRaf;
  globalThis.cancelAnimationFrame = realCancel;
});

function runFrame(now: number): void {
  const due = queue;
  queue = [];
  for (const cb of due) cb(now);
}

/** A view on the real floor (the walker plans afresh with the real layout), in the talk area. */
function walkingView() {
  const me = { x: 4, z: -6 };
  let target = { x: 4, z: -6 };
  let setBacks = 0;
  return {
    me,
    view: { walkTo: (x: number, z: number) => void (target = { x, z }), inspect: () => ({ me: { ...me }, setBacks }) },
    /** One frame of the 3D view: 10 cm towards the target. */
    step() {
      const dx = target.x - me.x;
      if (Math.abs(dx) > 0.001) me.x += Math.sign(dx) * Math.min(0.1, Math.abs(dx));
    },
    /** The server refuses a step and puts me at `x`: the view stands still there. */
    placeAt(x: number) {
      me.x = x;
      target = { ...me };
      setBacks++;
    },
  };
}

describe("RouteWalker", () => {
  // A busy tablet can pause for over a second between frames: that is not the walk being stopped.
  it("keeps walking through a long pause between frames", async () => {
    const { view, step } = walkingView();
    const walker = new RouteWalker(view);
    let result: boolean | null = null;
    void walker.walk([{ x: 6, z: -6 }]).then((arrived) => (result = arrived));
    let now = 0;
    for (let frame = 0; frame < 40 && result === null; frame++) {
      now += frame === 5 ? 1300 : 16;
      runFrame(now);
      step();
      await Promise.resolve();
    }
    expect(result).toBe(true);
  });

  it("gives up when the avatar really stands still", async () => {
    const { view } = walkingView();
    const walker = new RouteWalker(view);
    let result: boolean | null = null;
    void walker.walk([{ x: 6, z: -6 }]).then((arrived) => (result = arrived));
    for (let frame = 1; frame < 200 && result === null; frame++) {
      runFrame(frame * 16);
      await Promise.resolve();
    }
    expect(result).toBe(false);
  });

  it("goes on from where the server puts it back, rather than stopping", async () => {
    const { view, step, placeAt, me } = walkingView();
    const walker = new RouteWalker(view);
    let result: boolean | null = null;
    void walker.walk([{ x: 6, z: -6 }]).then((arrived) => (result = arrived));
    for (let frame = 1; frame < 400 && result === null; frame++) {
      if (frame === 10) placeAt(4.2);
      runFrame(frame * 16);
      step();
      await Promise.resolve();
    }
    expect(result).toBe(true);
    expect(me.x).toBeCloseTo(6, 5);
  });

  it("stops when the server keeps putting it back (a locked door on the way)", async () => {
    const { view, step, placeAt } = walkingView();
    const walker = new RouteWalker(view);
    let result: boolean | null = null;
    void walker.walk([{ x: 6, z: -6 }]).then((arrived) => (result = arrived));
    for (let frame = 1; frame < 400 && result === null; frame++) {
      if (frame % 10 === 0) placeAt(4.2);
      runFrame(frame * 16);
      step();
      await Promise.resolve();
    }
    expect(result).toBe(false);
  });
});
