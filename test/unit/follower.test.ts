import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Point } from "../../shared/domain/geometry.ts";
import { type FollowEnd, Follower } from "../../client/space/follower.ts";
import { RouteWalker } from "../../client/space/walker.ts";

/**
 * Why a follow ends decides what the child is told ("they left" is not "there is no way"), so
 * each end is told apart. The page's timers are the edge replaced here; the first check runs at once.
 */
const g = globalThis as unknown as { window?: unknown };
const realRaf = globalThis.requestAnimationFrame;
const realCancel = globalThis.cancelAnimationFrame;
beforeEach(() => {
  g.window = { setInterval: () => 1, clearInterval: () => {} };
  globalThis.requestAnimationFrame = () => 1;
  globalThis.cancelAnimationFrame = () => {};
});
afterEach(() => {
  delete g.window;
  globalThis.requestAnimationFrame = realRaf;
  globalThis.cancelAnimationFrame = realCancel;
});

function follow(them: Point | null): { ends: FollowEnd[]; follower: Follower } {
  const me = { x: 4, z: -6 };
  const walker = new RouteWalker({ walkTo: () => {}, inspect: () => ({ me, setBacks: 0 }) });
  const ends: FollowEnd[] = [];
  const follower = new Follower({ walker, whereIs: () => them, me: () => me, ended: (_id, why) => ends.push(why) });
  follower.follow("them");
  return { ends, follower };
}

describe("Follower", () => {
  it("ends as 'gone' when the person is no longer there", () => {
    const { ends, follower } = follow(null);
    expect(ends).toEqual(["gone"]);
    expect(follower.following).toBeNull();
  });

  it("ends as 'noWay' when nowhere beside them can be walked to", () => {
    // Outside the floor: no spot beside them can be stood on.
    const { ends, follower } = follow({ x: 500, z: 500 });
    expect(ends).toEqual(["noWay"]);
    expect(follower.following).toBeNull();
  });

  it("walks and keeps following a person within reach", () => {
    const { ends, follower } = follow({ x: 8, z: -6 });
    expect(ends).toEqual([]);
    expect(follower.following).toBe("them");
  });
});
