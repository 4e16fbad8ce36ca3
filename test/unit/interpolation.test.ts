import { describe, expect, it } from "vitest";
import { canStandAt } from "../../shared/domain/movement.ts";
import { ServerClock } from "../../client/net/serverClock.ts";
import { type Keyframe, type Snapshot, SnapshotBuffer } from "../../client/scene/interpolation.ts";

const frame = (t: number, x: number, z: number, vx = 0, vz = 0, heading = 0): Keyframe => ({ t, x, z, vx, vz, heading });
const at = (buffer: SnapshotBuffer, t: number) => {
  const out: Snapshot = { t: 0, x: 0, z: 0, heading: 0 };
  const moving = buffer.sample(t, out);
  return { x: out.x, z: out.z, heading: out.heading, moving };
};

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
