import { describe, expect, it } from "vitest";
import { LIMITS } from "../../shared/domain/limits.ts";
import { canStandAt, canWalk } from "../../shared/domain/movement.ts";
import { ServerClock } from "../../client/net/serverClock.ts";
import { type Keyframe, type Snapshot, SnapshotBuffer, lerpAngle } from "../../client/scene/interpolation.ts";

const frame = (t: number, x: number, z: number, vx = 0, vz = 0, heading = 0): Keyframe => ({ t, x, z, vx, vz, heading });
const at = (buffer: SnapshotBuffer, t: number) => {
  const out: Snapshot = { t: 0, x: 0, z: 0, heading: 0 };
  const moving = buffer.sample(t, out);
  return { x: out.x, z: out.z, heading: out.heading, moving };
};
type Drawn = { t: number } & ReturnType<typeof at>;
/** A page drawing `buffer` every 16 ms: `draw(from, to)` samples that span and keeps what was drawn. */
const drawing = (buffer: SnapshotBuffer) => {
  const drawn: Drawn[] = [];
  const draw = (from: number, to: number) => {
    for (let t = from; t <= to; t += 16) drawn.push({ t, ...at(buffer, t) });
  };
  return { drawn, draw };
};
/** The fastest pace between two frames drawn one after the other, m/s: what a child would see as a jump. */
const fastestPace = (drawn: Drawn[]) => Math.max(...drawn.slice(1).map((p, i) => Math.hypot(p.x - (drawn[i]?.x ?? 0), p.z - (drawn[i]?.z ?? 0)) / ((p.t - (drawn[i]?.t ?? 0)) / 1000)));

describe("replaying others' walks", () => {
  it("follows a walk from its one keyframe, with nothing in between", () => {
    const b = new SnapshotBuffer();
    b.push(frame(1000, 4, 0, 2, 0));
    expect(at(b, 1500)).toMatchObject({ x: 5, z: 0, moving: true });
    expect(at(b, 2000).x).toBeCloseTo(6);
  });

  it("stops where the stop was said, and then rests", () => {
    const b = new SnapshotBuffer();
    b.push(frame(1000, 4, 0, 2, 0));
    b.push(frame(2000, 6, 0));
    expect(at(b, 1500).x).toBeCloseTo(5);
    expect(at(b, 2500)).toMatchObject({ x: 6, z: 0, moving: false });
  });

  it("bends the walk to meet the next keyframe, without a jump", () => {
    const b = new SnapshotBuffer();
    b.push(frame(1000, 4, 0, 2, 0));
    // The walker was a little slower than announced: 1.8 m in the second, not 2.
    b.push(frame(2000, 5.8, 0, 0, 2));
    expect(at(b, 1999).x).toBeCloseTo(5.8, 2);
    expect(at(b, 2000).x).toBeCloseTo(5.8, 5);
    expect(at(b, 2500)).toMatchObject({ x: 5.8, z: 1 });
  });

  it("never walks anyone into a wall while waiting to hear more", () => {
    const b = new SnapshotBuffer();
    b.push(frame(0, 2, -2, -2, 0)); // west, into the wall at x = 0
    const later = at(b, 10_000);
    expect(canStandAt(later)).toBe(true);
    expect(later.x).toBeGreaterThan(0);
    expect(later.moving).toBe(false);
  });

  it("ignores keyframes that say nothing new (a status change)", () => {
    const b = new SnapshotBuffer();
    b.push(frame(1000, 4, 0, 2, 0));
    b.push(frame(1400, 4, 0, 2, 0));
    expect(at(b, 1500).x).toBeCloseTo(5);
  });

  it("catches up without a jump when a turn is heard after the page has drawn past it (a stalled link)", () => {
    const b = new SnapshotBuffer();
    b.push(frame(1000, 4, 0, 2, 0)); // east at 2 m/s
    const { drawn, draw } = drawing(b);
    draw(1000, 2000); // drawn on east to x = 6…
    b.push(frame(1500, 5, 0, 0, 2)); // …but at 1.5 s the walker had turned south at x = 5
    draw(2016, 4000);
    expect(fastestPace(drawn), "fastest drawn pace, m/s").toBeLessThanOrEqual(2 * LIMITS.walkSpeed);
    for (const p of drawn) expect(canStandAt(p)).toBe(true);
    // Caught up: back on the walk as it was, 2 m/s south from (5, 0) at 1.5 s.
    expect(at(b, 4000).x).toBeCloseTo(5, 5);
    expect(at(b, 4000).z).toBeCloseTo(5, 5);
  });

  it("faces where it walks while catching up a late turn, turning to it rather than snapping", () => {
    const facing = (dx: number, dz: number) => Math.atan2(-dx, -dz); // as the player's own heading
    const b = new SnapshotBuffer();
    b.push(frame(1000, 4, 0, 2, 0, facing(1, 0))); // east at 2 m/s
    const { drawn, draw } = drawing(b);
    draw(1000, 2000);
    b.push(frame(1500, 5, 0, 0, 2, facing(0, 1))); // she had turned south at x = 5, heard late
    draw(2016, 4000);
    // 200 ms into the catch-up (back and down to her walk), facing along it, not still east.
    const i = drawn.findIndex((p) => p.t >= 2216);
    const [before, now] = [drawn[i - 1], drawn[i]];
    if (!before || !now) throw new Error("not drawn");
    const along = facing(now.x - before.x, now.z - before.z);
    expect(Math.abs(lerpAngle(0, along - now.heading, 1)), "off the way it walks, radians").toBeLessThan(0.05);
    // Every turn drawn over frames: at most a sixth of a turn between two.
    const turns = drawn.slice(1).map((p, j) => Math.abs(lerpAngle(0, p.heading - (drawn[j]?.heading ?? 0), 1)));
    expect(Math.max(...turns)).toBeLessThan(Math.PI / 6);
    expect(at(b, 4000).heading).toBeCloseTo(facing(0, 1), 5);
  });

  it("catches up without a jump when a turn and a stop come late together, or one during the other's catch-up", () => {
    for (const between of [0, 100, 400]) {
      const b = new SnapshotBuffer();
      b.push(frame(1000, 4, 0, 2, 0)); // east at 2 m/s
      const { drawn, draw } = drawing(b);
      draw(1000, 2500);
      b.push(frame(1500, 5, 0, 0, 2)); // she had turned south at x = 5…
      draw(2516, 2500 + between);
      b.push(frame(1800, 5, 0.6)); // …and stopped 0.6 m on
      draw(2516 + between, 6000);
      expect(fastestPace(drawn), `fastest drawn pace with ${between} ms between, m/s`).toBeLessThanOrEqual(2 * LIMITS.walkSpeed + 1e-9);
      expect(at(b, 6000)).toMatchObject({ moving: false });
      expect(at(b, 6000).x).toBeCloseTo(5, 5);
      expect(at(b, 6000).z).toBeCloseTo(0.6, 5);
    }
  });

  it("walks, not jumps, to a walker who fell behind, however soon before the replay gets there the word of it comes", () => {
    // The walker's own page stalled for 0.6 s (a busy tablet): it moves at most 0.1 s a frame,
    // so it is 1.64 m short of where its walk said, and says so. That word reaches this page
    // while its replay is 0.8 s into the walk: only 30 ms before the replay gets there (a slow
    // link), or 600 ms before (in time, but most of the walk is already drawn).
    for (const ahead of [30, 600]) {
      const b = new SnapshotBuffer();
      b.push(frame(1000, 3.7, 0, 0, LIMITS.walkSpeed)); // south at walking pace
      const { drawn, draw } = drawing(b);
      draw(1000, 1800);
      const behind = 1800 + ahead;
      b.push(frame(behind, 3.7, (LIMITS.walkSpeed * (behind - 1000)) / 1000 - 1.64, 0, LIMITS.walkSpeed));
      draw(1816, 4000);
      expect(fastestPace(drawn), `fastest drawn pace, word ${ahead} ms ahead, m/s`).toBeLessThanOrEqual(2 * LIMITS.walkSpeed + 1e-9);
      // Back on the walk as it was said: 1.64 m behind the first word of it.
      expect(at(b, 4000).z).toBeCloseTo((LIMITS.walkSpeed * 3000) / 1000 - 1.64, 5);
    }
  });

  it("walks, not jumps, to a walker who fell behind when the word of it is stamped just after a keyframe the replay has not reached", () => {
    // The same stalled walker, but her correction is stamped only 30 ms (or 100 ms) after her
    // previous word, which this page has heard and not yet drawn: spread over those few
    // milliseconds, 1.64 m would be a jump.
    for (const after of [30, 100]) {
      const b = new SnapshotBuffer();
      b.push(frame(1000, 3.7, 0, 0, LIMITS.walkSpeed)); // south at walking pace
      const { drawn, draw } = drawing(b);
      draw(1000, 1300);
      b.push(frame(1500, 3.7, LIMITS.walkSpeed * 0.5, 0, LIMITS.walkSpeed));
      const behind = 1500 + after;
      b.push(frame(behind, 3.7, (LIMITS.walkSpeed * (behind - 1000)) / 1000 - 1.64, 0, LIMITS.walkSpeed));
      draw(1316, 4000);
      expect(fastestPace(drawn), `fastest drawn pace, word ${after} ms after the last, m/s`).toBeLessThanOrEqual(2 * LIMITS.walkSpeed + 1e-9);
      expect(at(b, 4000).z).toBeCloseTo((LIMITS.walkSpeed * 3000) / 1000 - 1.64, 5);
    }
    // And a stop heard in the same burst, before the replay reaches any of it: met where it was said.
    const b = new SnapshotBuffer();
    b.push(frame(1000, 3.7, 0, 0, LIMITS.walkSpeed));
    const { drawn, draw } = drawing(b);
    draw(1000, 1300);
    b.push(frame(1500, 3.7, LIMITS.walkSpeed * 0.5, 0, LIMITS.walkSpeed));
    b.push(frame(1530, 3.7, LIMITS.walkSpeed * 0.53 - 1.64, 0, LIMITS.walkSpeed));
    b.push(frame(2200, 3.7, LIMITS.walkSpeed * 1.2 - 1.64));
    draw(1316, 4000);
    expect(fastestPace(drawn), "fastest drawn pace, with a stop in the same burst, m/s").toBeLessThanOrEqual(2 * LIMITS.walkSpeed + 1e-9);
    expect(at(b, 4000)).toMatchObject({ moving: false, x: 3.7 });
    expect(at(b, 4000).z).toBeCloseTo(LIMITS.walkSpeed * 1.2 - 1.64, 5);
  });

  it("never draws anyone walking through a wall when a late turn cannot be caught up and the next word comes in the same frame", () => {
    // West into the wall at x = -18.9 (drawn stopped there); she had turned south at x = -17.61,
    // heard late, and a wall lies between; then she stopped, heard in the same burst after a stall.
    const b = new SnapshotBuffer();
    b.push(frame(1000, -16, 4, -3.2, 0));
    const { drawn, draw } = drawing(b);
    draw(1000, 2000);
    expect(canWalk(drawn.at(-1) ?? { x: 0, z: 0 }, { x: -17.61, z: 4 })).toBe(true); // the turn's place…
    b.push(frame(1503, -17.61, 4, 0, -3.2));
    b.push(frame(2103, -17.61, 2.08));
    draw(2016, 3000);
    // …is shown at once if no line leads to where the walk went (one frame's placement); never
    // a slide through the furniture, frame by frame.
    for (const p of drawn) expect(canStandAt(p), `drawn at ${p.t} ms`).toBe(true);
    const steps = drawn.slice(1).map((p, i) => ({ from: drawn[i] ?? p, to: p }));
    const slid = steps.filter(({ from, to }) => Math.hypot(to.x - from.x, to.z - from.z) < 1 && !canWalk(from, to));
    expect(slid.map(({ to }) => to.t), "steps drawn through a wall").toEqual([]);
    expect(at(b, 3000)).toMatchObject({ moving: false });
    expect(at(b, 3000).x).toBeCloseTo(-17.61, 5);
    expect(at(b, 3000).z).toBeCloseTo(2.08, 5);
  });

  it("ignores a keyframe repeated during a catch-up (a status change)", () => {
    const b = new SnapshotBuffer();
    b.push(frame(1000, 4, 0, 2, 0));
    at(b, 2000);
    b.push(frame(1500, 5, 0, 0, 2));
    const before = at(b, 2100);
    b.push(frame(1500, 5, 0, 0, 2));
    expect(at(b, 2100)).toEqual(before);
  });

  it("still moves someone placed across the room at once when the word of it comes late", () => {
    const b = new SnapshotBuffer();
    b.push(frame(0, 2, -2));
    expect(at(b, 6000).x).toBe(2);
    // Staff placed them on the far side of a wall, heard late: no walk leads there in a line.
    expect(canWalk({ x: 2, z: -2 }, { x: -4, z: -2 })).toBe(false);
    b.push(frame(5000, -4, -2));
    expect(at(b, 6016)).toMatchObject({ x: -4, z: -2 });
  });

  it("keeps someone standing still until just before they were moved elsewhere", () => {
    const b = new SnapshotBuffer();
    b.push(frame(0, 4, 0));
    b.push(frame(5000, 10, 0)); // staff placed them by the rug
    expect(at(b, 4000).x).toBe(4);
    expect(at(b, 5000).x).toBe(10);
  });
});

describe("where someone is by the latest news (what \"follow\" walks towards)", () => {
  it("is the last keyframe carried along its walk to now, not where they are drawn a moment behind", () => {
    const b = new SnapshotBuffer();
    expect(b.latest(1000)).toBeNull();
    b.push(frame(1000, 4, 0));
    b.push(frame(2000, 6, 0, 2, 0));
    expect(b.latest(2500)).toEqual({ x: 7, z: 0 });
    // Drawn 250 ms behind, the same walk is still a half-metre back.
    expect(at(b, 2250).x).toBeCloseTo(6.5);
    // A keyframe stamped later than now (a clock estimate still settling) counts from its stamp.
    b.push(frame(9000, 1, 1));
    expect(b.latest(3000)).toEqual({ x: 1, z: 1 });
  });

  it("stops at the wall a walk was heading for, as drawing does", () => {
    const b = new SnapshotBuffer();
    b.push(frame(0, 4, 0, 3, 0));
    const far = b.latest(60_000);
    expect(far && canStandAt(far)).toBe(true);
  });
});

describe("the server's clock on this page", () => {
  it("takes the fastest delivery seen as the offset", () => {
    const clock = new ServerClock();
    clock.observe(1000, 50_080); // arrived 80 ms after it was made (delivery unknown yet)
    clock.observe(2000, 51_020); // this one came fast: the offset is 49,020
    expect(clock.toLocal(2000, 51_020)).toBe(51_020);
    expect(clock.toLocal(1000, 51_020)).toBe(50_020);
  });

  it("reads stamps across the 16-bit wrap", () => {
    const clock = new ServerClock();
    clock.observe(65_500, 10_000);
    // 100 ms later on the server the stamp has wrapped to 64.
    expect(clock.toLocal(64, 10_100)).toBe(10_100);
  });
});
