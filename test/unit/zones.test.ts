import { describe, expect, it } from "vitest";
import { FLOOR, SPAWN, ZONES, zoneAt } from "../../shared/domain/zones.ts";
import { canStandAt } from "../../shared/domain/movement.ts";

describe("zones", () => {
  it("names the zone a point stands in", () => {
    expect(zoneAt({ x: -10, z: -6 })?.id).toBe("classroom");
    expect(zoneAt({ x: 10, z: -6 })?.id).toBe("talk");
    expect(zoneAt({ x: 4, z: 10 })?.id).toBe("talk"); // the talk area's second rectangle
    expect(zoneAt({ x: -10, z: 6 })?.id).toBe("quiet");
    expect(zoneAt({ x: 14, z: 8 })?.id).toBe("counselling");
  });

  it("answers null outside the floor", () => {
    expect(zoneAt({ x: 25, z: 0 })).toBeNull();
    expect(zoneAt({ x: 0, z: -13 })).toBeNull();
  });

  it("tiles the whole floor: every walkable point is in some zone", () => {
    for (let x = FLOOR.x0 + 0.5; x < FLOOR.x1; x += 0.5) {
      for (let z = FLOOR.z0 + 0.5; z < FLOOR.z1; z += 0.5) {
        if (canStandAt({ x, z })) expect(zoneAt({ x, z }), `${x},${z}`).not.toBeNull();
      }
    }
  });

  it("gives every zone a Japanese and an English name", () => {
    for (const zone of ZONES) {
      expect(zone.name.ja.length).toBeGreaterThan(0);
      expect(zone.name.en.length).toBeGreaterThan(0);
    }
  });

  it("puts newcomers on walkable floor in the talk area", () => {
    expect(canStandAt(SPAWN)).toBe(true);
    expect(zoneAt(SPAWN)?.id).toBe("talk");
  });
});

describe("zone labels", () => {
  it("are written inside their own zone", () => {
    for (const zone of ZONES) expect(zoneAt(zone.label)?.id, zone.id).toBe(zone.id);
  });
});
