import {
  BoxGeometry,
  type BufferGeometry,
  CircleGeometry,
  Color,
  ConeGeometry,
  CylinderGeometry,
  Float32BufferAttribute,
  Group,
  IcosahedronGeometry,
  Mesh,
  MeshBasicMaterial,
  MeshLambertMaterial,
} from "three";
import { mergeGeometries } from "three/addons/utils/BufferGeometryUtils.js";
import { AVATAR_COLOURS } from "../../shared/domain/avatar.ts";

/**
 * A friendly low-poly figure: a rounded body in the chosen colour, a head with two eyes, and one
 * accessory. Each look is merged once into a single vertex-coloured geometry, shared by every
 * avatar with that look: a figure costs one draw call (plus its soft shadow), not eight.
 */
const SKIN = 0xffe0c2;
const EYE = 0x3b2a20;
const material = new MeshLambertMaterial({ vertexColors: true });
const shadowGeometry = new CircleGeometry(0.38, 16).rotateX(-Math.PI / 2).translate(0, 0.01, 0);
const shadowMaterial = new MeshBasicMaterial({ color: 0x000000, transparent: true, opacity: 0.16, depthWrite: false });
const looks = new Map<string, BufferGeometry>();

type Part = { geometry: BufferGeometry; colour: number; at: [number, number, number]; rotate?: [number, number, number] };

function partsOf(colour: number, accessory: string): Part[] {
  const parts: Part[] = [
    { geometry: new CylinderGeometry(0.22, 0.3, 0.7, 10), colour, at: [0, 0.35, 0] },
    { geometry: new IcosahedronGeometry(0.27, 1), colour: SKIN, at: [0, 0.97, 0] },
    // Eyes look towards -z, the figure's front.
    { geometry: new IcosahedronGeometry(0.035, 0), colour: EYE, at: [-0.09, 1.0, -0.24] },
    { geometry: new IcosahedronGeometry(0.035, 0), colour: EYE, at: [0.09, 1.0, -0.24] },
  ];
  switch (accessory) {
    case "cap":
      parts.push({ geometry: new CylinderGeometry(0.22, 0.27, 0.14, 10), colour, at: [0, 1.2, 0] });
      parts.push({ geometry: new BoxGeometry(0.3, 0.03, 0.2), colour, at: [0, 1.15, -0.26] });
      break;
    case "ribbon":
      parts.push({ geometry: new ConeGeometry(0.09, 0.16, 6), colour: 0xe75480, at: [-0.1, 1.24, 0.05], rotate: [0, 0, Math.PI / 2] });
      parts.push({ geometry: new ConeGeometry(0.09, 0.16, 6), colour: 0xe75480, at: [0.1, 1.24, 0.05], rotate: [0, 0, -Math.PI / 2] });
      break;
    case "glasses":
      parts.push({ geometry: new CylinderGeometry(0.075, 0.075, 0.02, 10), colour: 0x333333, at: [-0.09, 1.0, -0.255], rotate: [Math.PI / 2, 0, 0] });
      parts.push({ geometry: new CylinderGeometry(0.075, 0.075, 0.02, 10), colour: 0x333333, at: [0.09, 1.0, -0.255], rotate: [Math.PI / 2, 0, 0] });
      parts.push({ geometry: new BoxGeometry(0.08, 0.02, 0.02), colour: 0x333333, at: [0, 1.0, -0.26] });
      break;
    case "leaf":
      parts.push({ geometry: new CylinderGeometry(0.015, 0.015, 0.14, 5), colour: 0x5a8f4e, at: [0, 1.3, 0] });
      parts.push({ geometry: new ConeGeometry(0.07, 0.2, 5), colour: 0x7fb77e, at: [0.07, 1.36, 0], rotate: [0, 0, -Math.PI / 3] });
      break;
  }
  return parts;
}

function merged(colourId: string, accessory: string): BufferGeometry {
  const key = `${colourId}/${accessory}`;
  const cached = looks.get(key);
  if (cached) return cached;
  const colour = AVATAR_COLOURS.find((c) => c.id === colourId)?.hex ?? AVATAR_COLOURS[0].hex;
  const pieces = partsOf(colour, accessory).map(({ geometry, colour: hex, at, rotate }) => {
    if (rotate) geometry.rotateX(rotate[0]).rotateY(rotate[1]).rotateZ(rotate[2]);
    geometry.translate(at[0], at[1], at[2]);
    const flat = geometry.index ? geometry.toNonIndexed() : geometry;
    const c = new Color(hex);
    const count = flat.getAttribute("position").count;
    const colours = new Float32Array(count * 3);
    for (let i = 0; i < count; i++) colours.set([c.r, c.g, c.b], i * 3);
    flat.setAttribute("color", new Float32BufferAttribute(colours, 3));
    flat.deleteAttribute("uv");
    if (flat !== geometry) geometry.dispose();
    return flat;
  });
  const geometry = mergeGeometries(pieces) ?? pieces[0];
  for (const p of pieces) if (p !== geometry) p.dispose();
  if (!geometry) throw new Error("a figure needs at least one part");
  looks.set(key, geometry);
  return geometry;
}

/** A figure for one avatar. Its geometry and materials are shared: nothing here is disposed per avatar. */
export function buildFigure(colourId: string, accessory: string): Group {
  const figure = new Group();
  figure.add(new Mesh(shadowGeometry, shadowMaterial), new Mesh(merged(colourId, accessory), material));
  return figure;
}
