import {
  BoxGeometry,
  type BufferGeometry,
  CircleGeometry,
  Color,
  ConeGeometry,
  CylinderGeometry,
  Float32BufferAttribute,
  IcosahedronGeometry,
  MeshBasicMaterial,
  MeshLambertMaterial,
} from "three";
import { mergeGeometries } from "three/addons/utils/BufferGeometryUtils.js";
import { ACCESSORY_IDS, AVATAR_COLOURS } from "../../shared/domain/avatar.ts";

/**
 * A friendly low-poly figure: a rounded body in the chosen colour, a head with two eyes, and one
 * accessory. Every look lives in one geometry so that one instanced draw call shows everybody:
 * each vertex says which accessory it belongs to (0: every look) and whether it takes the
 * avatar's colour; each instance says its accessory and colour, and the shader folds away the
 * accessories it does not wear.
 */
const SKIN = 0xffe0c2;
const EYE = 0x3b2a20;

/** Stands for "the avatar's chosen colour" in a part list. */
const BODY = -1;

type Part = { geometry: BufferGeometry; colour: number; at: [number, number, number]; rotate?: [number, number, number] };

const COMMON: () => Part[] = () => [
  { geometry: new CylinderGeometry(0.22, 0.3, 0.7, 10), colour: BODY, at: [0, 0.35, 0] },
  { geometry: new IcosahedronGeometry(0.27, 1), colour: SKIN, at: [0, 0.97, 0] },
  // Eyes look towards -z, the figure's front.
  { geometry: new IcosahedronGeometry(0.035, 0), colour: EYE, at: [-0.09, 1.0, -0.24] },
  { geometry: new IcosahedronGeometry(0.035, 0), colour: EYE, at: [0.09, 1.0, -0.24] },
];

const ACCESSORY_PARTS: Record<(typeof ACCESSORY_IDS)[number], () => Part[]> = {
  none: () => [],
  cap: () => [
    { geometry: new CylinderGeometry(0.22, 0.27, 0.14, 10), colour: BODY, at: [0, 1.2, 0] },
    { geometry: new BoxGeometry(0.3, 0.03, 0.2), colour: BODY, at: [0, 1.15, -0.26] },
  ],
  ribbon: () => [
    { geometry: new ConeGeometry(0.09, 0.16, 6), colour: 0xe75480, at: [-0.1, 1.24, 0.05], rotate: [0, 0, Math.PI / 2] },
    { geometry: new ConeGeometry(0.09, 0.16, 6), colour: 0xe75480, at: [0.1, 1.24, 0.05], rotate: [0, 0, -Math.PI / 2] },
  ],
  glasses: () => [
    { geometry: new CylinderGeometry(0.075, 0.075, 0.02, 10), colour: 0x333333, at: [-0.09, 1.0, -0.255], rotate: [Math.PI / 2, 0, 0] },
    { geometry: new CylinderGeometry(0.075, 0.075, 0.02, 10), colour: 0x333333, at: [0.09, 1.0, -0.255], rotate: [Math.PI / 2, 0, 0] },
    { geometry: new BoxGeometry(0.08, 0.02, 0.02), colour: 0x333333, at: [0, 1.0, -0.26] },
  ],
  leaf: () => [
    { geometry: new CylinderGeometry(0.015, 0.015, 0.14, 5), colour: 0x5a8f4e, at: [0, 1.3, 0] },
    { geometry: new ConeGeometry(0.07, 0.2, 5), colour: 0x7fb77e, at: [0.07, 1.36, 0], rotate: [0, 0, -Math.PI / 3] },
  ],
};

/** One part, placed, flattened and labelled with its colour, whether it is tinted, and its accessory. */
function prepared({ geometry, colour, at, rotate }: Part, accessory: number): BufferGeometry {
  if (rotate) geometry.rotateX(rotate[0]).rotateY(rotate[1]).rotateZ(rotate[2]);
  geometry.translate(at[0], at[1], at[2]);
  const flat = geometry.index ? geometry.toNonIndexed() : geometry;
  if (flat !== geometry) geometry.dispose();
  const count = flat.getAttribute("position").count;
  const c = new Color(colour === BODY ? 0xffffff : colour);
  const colours = new Float32Array(count * 3);
  for (let i = 0; i < count; i++) colours.set([c.r, c.g, c.b], i * 3);
  flat.setAttribute("color", new Float32BufferAttribute(colours, 3));
  flat.setAttribute("tint", new Float32BufferAttribute(new Float32Array(count).fill(colour === BODY ? 1 : 0), 1));
  flat.setAttribute("part", new Float32BufferAttribute(new Float32Array(count).fill(accessory), 1));
  flat.deleteAttribute("uv");
  return flat;
}

/** Every look's parts in one geometry. The caller owns it (and disposes it). */
export function figureGeometry(): BufferGeometry {
  const pieces = [
    ...COMMON().map((p) => prepared(p, 0)),
    ...ACCESSORY_IDS.flatMap((id, i) => ACCESSORY_PARTS[id]().map((p) => prepared(p, i))),
  ];
  const geometry = mergeGeometries(pieces);
  for (const p of pieces) p.dispose();
  if (!geometry) throw new Error("the figure's parts could not be merged");
  return geometry;
}

/**
 * Lambert shading, as before, with two changes in the vertex shader: a tinted vertex takes the
 * instance's colour instead of its own, and a part of an accessory the instance does not wear
 * collapses to a point (a triangle of zero area draws nothing).
 */
export function figureMaterial(): MeshLambertMaterial {
  const material = new MeshLambertMaterial({ vertexColors: true });
  material.onBeforeCompile = (shader) => {
    shader.vertexShader = shader.vertexShader
      .replace("#include <color_pars_vertex>", "#include <color_pars_vertex>\nattribute float tint;\nattribute float part;\nattribute float accessory;")
      .replace("#include <color_vertex>", "vColor = vec4(mix(color, instanceColor, tint), 1.0);")
      .replace("#include <begin_vertex>", "#include <begin_vertex>\nif (part > 0.5 && abs(part - accessory) > 0.5) transformed = vec3(0.0);");
  };
  material.customProgramCacheKey = () => "hidamari-figure";
  return material;
}

/** The index an instance's `accessory` attribute holds; an unknown accessory shows none. */
export function accessoryIndex(accessory: string): number {
  return Math.max(0, (ACCESSORY_IDS as readonly string[]).indexOf(accessory));
}

/** The body colour of a look (linear, as three.js stores colours); an unknown id falls back to the first. */
export function bodyColour(colourId: string, out: Color): Color {
  return out.setHex(AVATAR_COLOURS.find((c) => c.id === colourId)?.hex ?? AVATAR_COLOURS[0].hex);
}

/** A soft round shadow under each figure. */
export function shadowGeometry(): BufferGeometry {
  return new CircleGeometry(0.38, 16).rotateX(-Math.PI / 2).translate(0, 0.01, 0);
}

export function shadowMaterial(): MeshBasicMaterial {
  return new MeshBasicMaterial({ color: 0x000000, transparent: true, opacity: 0.16, depthWrite: false });
}
