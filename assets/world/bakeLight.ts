import { type BufferGeometry, Color, Uint8BufferAttribute, Vector3 } from "three";
import { BAKED_LIGHT_SCALE, LIGHT } from "./light.ts";

const ground = new Color(LIGHT.ground).multiplyScalar(LIGHT.skyIntensity);
const sky = new Color(LIGHT.sky).multiplyScalar(LIGHT.skyIntensity);
const sun = new Color(LIGHT.sun).multiplyScalar(LIGHT.sunIntensity);
const sunFrom = new Vector3(...LIGHT.sunFrom).normalize();

/**
 * The room's light put into the colours of a mesh that never moves, when the model is built, so
 * the page draws it unlit (MeshBasicMaterial) and it looks as it did lit (MeshLambertMaterial):
 * three's Lambert formula, the hemisphere light by the normal's height and the sun by its angle,
 * each over π, as the people's program does per vertex (assets/characters/program.ts, fLight).
 * Per pixel, the light was about a third of a frame drawn in software (no GPU: docs/testing.md).
 * The world's faces are flat, or nearly (pots, trunks), so per vertex is the same picture.
 *
 * Lit colours can be brighter than the paint (the light is up to 1.13×), so they are kept as bytes
 * divided by BAKED_LIGHT_SCALE, and the page's material multiplies them back: the model stays as
 * small as it was.
 */
export function bakeLight(geometry: BufferGeometry): void {
  const normal = geometry.getAttribute("normal");
  const colour = geometry.getAttribute("color");
  if (!normal || !colour) throw new Error("bakeLight needs normals and colours");
  // Four bytes a vertex, as the model keeps colours (glTF aligns each vertex's attribute to 4).
  const baked = new Uint8Array(colour.count * 4);
  const n = new Vector3();
  const light = new Color();
  const byte = (linear: number) => Math.min(255, Math.round((255 * linear) / BAKED_LIGHT_SCALE));
  for (let i = 0; i < colour.count; i++) {
    n.fromBufferAttribute(normal, i).normalize();
    light.lerpColors(ground, sky, 0.5 * n.y + 0.5);
    const facing = Math.max(n.dot(sunFrom), 0);
    baked[i * 4] = byte((colour.getX(i) * (light.r + facing * sun.r)) / Math.PI);
    baked[i * 4 + 1] = byte((colour.getY(i) * (light.g + facing * sun.g)) / Math.PI);
    baked[i * 4 + 2] = byte((colour.getZ(i) * (light.b + facing * sun.b)) / Math.PI);
    baked[i * 4 + 3] = colour.itemSize === 4 ? Math.round(255 * colour.getW(i)) : 255;
  }
  geometry.setAttribute("color", new Uint8BufferAttribute(baked, 4, true));
}
