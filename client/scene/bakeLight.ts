import { type BufferGeometry, Color, Float32BufferAttribute, Vector3 } from "three";
import { LIGHT } from "../../assets/world/light.ts";

const ground = new Color(LIGHT.ground).multiplyScalar(LIGHT.skyIntensity);
const sky = new Color(LIGHT.sky).multiplyScalar(LIGHT.skyIntensity);
const sun = new Color(LIGHT.sun).multiplyScalar(LIGHT.sunIntensity);
const sunFrom = new Vector3(...LIGHT.sunFrom).normalize();

/**
 * The room's light put into the colours of a mesh that never moves, so it can be drawn unlit
 * (MeshBasicMaterial) and look as it did lit (MeshLambertMaterial): three's Lambert formula, the
 * hemisphere light by the normal's height and the sun by its angle, each over π, as the
 * people's program does per vertex (assets/characters/program.ts, fLight). Per pixel, the light
 * was the costliest part of a frame drawn in software (no GPU): about a third of it
 * (docs/benchmarks.md). The world's faces are flat, or nearly (pots, trunks), so per vertex is
 * the same picture: screenshots of the entrance before and after differ by at most 3 of 255.
 */
export function bakeLight(geometry: BufferGeometry): void {
  const normal = geometry.getAttribute("normal");
  const colour = geometry.getAttribute("color");
  if (!normal || !colour) return;
  const baked = new Float32Array(colour.count * 3);
  const n = new Vector3();
  const light = new Color();
  for (let i = 0; i < colour.count; i++) {
    n.fromBufferAttribute(normal, i).normalize();
    light.lerpColors(ground, sky, 0.5 * n.y + 0.5);
    const facing = Math.max(n.dot(sunFrom), 0);
    light.r = (light.r + facing * sun.r) / Math.PI;
    light.g = (light.g + facing * sun.g) / Math.PI;
    light.b = (light.b + facing * sun.b) / Math.PI;
    baked[i * 3] = colour.getX(i) * light.r;
    baked[i * 3 + 1] = colour.getY(i) * light.g;
    baked[i * 3 + 2] = colour.getZ(i) * light.b;
  }
  geometry.setAttribute("color", new Float32BufferAttribute(baked, 3));
}
