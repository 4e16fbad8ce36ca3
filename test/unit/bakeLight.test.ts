import { BoxGeometry, Color, Uint8BufferAttribute, Vector3 } from "three";
import { describe, expect, it } from "vitest";
import { bakeLight } from "../../assets/world/bakeLight.ts";
import { BAKED_LIGHT_SCALE, LIGHT } from "../../assets/world/light.ts";

/** A box painted one colour, as the world model stores colours (normalised bytes). */
function box(rgb: [number, number, number]) {
  const geometry = new BoxGeometry(1, 1, 1);
  const count = geometry.getAttribute("position").count;
  const bytes = new Uint8Array(count * 3);
  for (let i = 0; i < count; i++) bytes.set(rgb, i * 3);
  geometry.setAttribute("color", new Uint8BufferAttribute(bytes, 3, true));
  return geometry;
}

/** The baked colour of the box's first vertex whose normal is `n`, as lit (within a byte's step). */
function bakedFacing(geometry: ReturnType<typeof box>, n: Vector3) {
  const normal = geometry.getAttribute("normal");
  const colour = geometry.getAttribute("color");
  // As the page draws them: the material multiplies the bytes back by the scale.
  for (let i = 0; i < normal.count; i++) if (new Vector3().fromBufferAttribute(normal, i).equals(n)) return [colour.getX(i), colour.getY(i), colour.getZ(i)].map((c) => c * BAKED_LIGHT_SCALE);
  throw new Error(`no face towards ${n.toArray()}`);
}

describe("the room's light baked into what never moves", () => {
  const linear = (hex: number, k: number) => new Color(hex).multiplyScalar(k);
  const sky = linear(LIGHT.sky, LIGHT.skyIntensity);
  const ground = linear(LIGHT.ground, LIGHT.skyIntensity);
  const sun = linear(LIGHT.sun, LIGHT.sunIntensity);
  const sunFrom = new Vector3(...LIGHT.sunFrom).normalize();

  it("should light a floor by the sky and the sun at its angle, over π, as three's Lambert does (in linear colour)", () => {
    const floor = bakedFacing(bakeWhite(), new Vector3(0, 1, 0));
    const cos = sunFrom.y;
    expect(floor[0]).toBeCloseTo((sky.r + cos * sun.r) / Math.PI, 2);
    expect(floor[1]).toBeCloseTo((sky.g + cos * sun.g) / Math.PI, 2);
    expect(floor[2]).toBeCloseTo((sky.b + cos * sun.b) / Math.PI, 2);
    // Brighter than the paint: kept so (a byte holds it over the scale), not clipped at white.
    expect(floor[0]).toBeGreaterThan(1.1);
  });

  it("should give a face turned away from the sun the sky's light only, and one facing down the ground's", () => {
    const geometry = bakeWhite();
    const away = bakedFacing(geometry, new Vector3(1, 0, 0)); // the sun comes from -x
    const side = new Color().lerpColors(ground, sky, 0.5);
    expect(away[0]).toBeCloseTo(side.r / Math.PI, 2);
    const under = bakedFacing(geometry, new Vector3(0, -1, 0));
    expect(under[2]).toBeCloseTo(ground.b / Math.PI, 2);
  });

  it("should multiply the painted colour, channel by channel", () => {
    const red = box([255, 0, 0]);
    bakeLight(red);
    const [r, g, b] = bakedFacing(red, new Vector3(0, 1, 0));
    expect(r).toBeGreaterThan(0.5);
    expect(g).toBe(0);
    expect(b).toBe(0);
  });
});

function bakeWhite() {
  const geometry = box([255, 255, 255]);
  bakeLight(geometry);
  return geometry;
}
