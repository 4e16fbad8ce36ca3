import {
  BoxGeometry,
  CircleGeometry,
  ConeGeometry,
  CylinderGeometry,
  IcosahedronGeometry,
  OctahedronGeometry,
  PlaneGeometry,
  RingGeometry,
  TorusGeometry,
  type BufferGeometry,
} from "three";
import { mergeVertices } from "three/examples/jsm/utils/BufferGeometryUtils.js";
import { ModelBuilder, type Placement } from "../model.ts";
import { cutIntoParts } from "./parts.ts";
import { FIGURE_PROGRAM } from "./program.ts";
import { PAINT, SEG, WHO, accessoryBit, expressionBit, hairBit, outfitBit } from "./rig.ts";

/**
 * Hidamari's character (issue 17): a friendly low-poly child with a big round head and a face
 * (eyes, cheeks, a mouth), every hair style, outfit, accessory and expression in one mesh, each
 * part labelled for the shader (rig.ts). Two levels of detail: `near`, and `far` for people across
 * the room (fewer sides, the face reduced to eyes and cheeks).
 *
 * Sizes in metres; the figure stands at the origin facing −z, its right hand at +x.
 */
const HEAD = { y: 1.02, r: 0.3 } as const;
const EYE = 0x3b2a20;
const CHEEK = 0xf5a3a3;
const MOUTH = 0x9c3b3b;
const SHOE = 0xf2efe8;
const RIBBON = 0xe75480;
const SCARF = 0xd9534f;
const GREY = 0x4a4a55;

type Kind = readonly [number, number, number, number];
const always = (seg: number, paint: number = PAINT.own): Kind => [WHO.always, 0, seg, paint];
const hair = (mask: number, paint: number = PAINT.hair): Kind => [WHO.hair, mask, SEG.head, paint];
const outfit = (mask: number, paint: number, seg: number = SEG.body): Kind => [WHO.outfit, mask, seg, paint];
const accessory = (mask: number, paint: number = PAINT.own): Kind => [WHO.accessory, mask, SEG.head, paint];
const face = (mask: number): Kind => [WHO.expression, mask, SEG.head, PAINT.own];

/** On the head's front, `dx` right and `dy` up from its centre, just outside the surface. */
const onFace = (dx: number, dy: number, out = 0.006): [number, number, number] => [dx, HEAD.y + dy, -Math.sqrt(HEAD.r ** 2 - dx ** 2 - dy ** 2) - out];
/**
 * Where the hair's cap covers the head: the top, the back, and the sides above the ears (the
 * face left free). `margin` (metres) shrinks the region, for what lies under it.
 */
const capCovers = (c: { x: number; y: number; z: number }, margin = 0): boolean =>
  c.y - HEAD.y > 0.07 + margin || c.z > 0.05 + margin || (Math.abs(c.x) > 0.2 + margin && c.y - HEAD.y > -0.05 + margin);

/** A flat shape (made facing +z) turned to face −z, the way the figure looks. */
const FACING: [number, number, number] = [0, Math.PI, 0];

export function figureMesh(detail: "near" | "far"): { geometry: BufferGeometry; triangles: number } {
  const near = detail === "near";
  const sides = near ? 8 : 5;
  const limb = near ? 6 : 4;
  const m = new ModelBuilder();
  const add = (shape: BufferGeometry, place: Placement) => m.add(shape, place);

  // Body: torso (its colour from the outfit), arms and legs, hands and shoes.
  add(new CylinderGeometry(0.17, 0.23, 0.42, sides, 1, true), { at: [0, 0.59, 0], kind: always(SEG.body, PAINT.torso) });
  for (const side of [-1, 1] as const) {
    const arm = side < 0 ? SEG.leftArm : SEG.rightArm;
    const thigh = side < 0 ? SEG.leftThigh : SEG.rightThigh;
    const shin = side < 0 ? SEG.leftShin : SEG.rightShin;
    add(new CylinderGeometry(0.06, 0.056, 0.2, limb, 1, true), { at: [side * 0.225, 0.67, 0], rotate: [0, 0, side * 0.12], kind: always(arm, PAINT.torso) });
    add(new CylinderGeometry(0.056, 0.05, 0.18, limb, 1, true), { at: [side * 0.245, 0.49, 0], rotate: [0, 0, side * 0.06], kind: always(arm, PAINT.sleeve) });
    if (near) add(smooth(new OctahedronGeometry(0.058)), { at: [side * 0.252, 0.37, 0], kind: always(arm, PAINT.skin) });
    add(new CylinderGeometry(0.075, 0.07, 0.2, limb, 1, true), { at: [side * 0.09, 0.3, 0], kind: always(thigh, PAINT.thigh) });
    add(new CylinderGeometry(0.07, 0.062, 0.18, limb, 1, true), { at: [side * 0.09, 0.13, 0], kind: always(shin, PAINT.shin) });
    add(new BoxGeometry(0.12, 0.07, 0.19), { at: [side * 0.09, 0.035, -0.03], colour: SHOE, kind: always(shin) });
  }

  // Head: round, a little wider than tall. Every hair style has the cap below over it, so the
  // head's own triangles under the cap are never seen: left out, with a row to spare at the
  // cap's edge (no gap to see through). Software WebGL pays for each pixel a triangle covers,
  // hidden or not, and the head is most of what a camera above sees of a person.
  add(smooth(new IcosahedronGeometry(HEAD.r, near ? 1 : 0)), { at: [0, HEAD.y, 0], scale: [1, 0.94, 1], kind: always(SEG.head, PAINT.skin), keep: (c) => !capCovers(c, 0.1) });

  // Face. Cheeks always; eyes and mouth by expression, near and far alike: the follow camera
  // stands 11 m behind the child (crowd.ts FAR_METRES), so everyone beyond the child is drawn far,
  // and their faces must still say how they are (they cost a far figure about 30 triangles).
  for (const side of [-1, 1]) add(new CircleGeometry(0.045, 5), { at: onFace(side * 0.17, -0.09), rotate: [0, Math.PI - side * 0.6, 0], colour: CHEEK, kind: always(SEG.head) });
  const open = expressionBit("calm", "question");
  for (const side of [-1, 1]) {
    add(new CircleGeometry(0.038, 6), { at: onFace(side * 0.1, -0.01), rotate: [0, Math.PI - side * 0.34, 0], scale: [1, 1.3, 1], colour: EYE, kind: face(open) });
    // "^ ^": two short strokes each.
    for (const tilt of [-1, 1]) add(new PlaneGeometry(0.05, 0.016), { at: onFace(side * 0.1 + tilt * 0.018, 0.0), rotate: [0, Math.PI - side * 0.34, tilt * 0.6], colour: EYE, kind: face(expressionBit("happy")) });
    // "– –": resting eyes.
    add(new PlaneGeometry(0.07, 0.016), { at: onFace(side * 0.1, -0.02), rotate: [0, Math.PI - side * 0.34, 0], colour: EYE, kind: face(expressionBit("sleepy")) });
  }
  // A small smile (three strokes), an open happy mouth (a half disc), a round "o".
  add(new PlaneGeometry(0.05, 0.014), { at: onFace(0, -0.12), rotate: FACING, colour: MOUTH, kind: face(expressionBit("calm", "sleepy")) });
  for (const side of [-1, 1]) add(new PlaneGeometry(0.026, 0.014), { at: onFace(side * 0.033, -0.11), rotate: [0, Math.PI, side * -0.6], colour: MOUTH, kind: face(expressionBit("calm", "sleepy")) });
  add(new CircleGeometry(0.05, 5, Math.PI, Math.PI), { at: onFace(0, -0.1), rotate: FACING, colour: MOUTH, kind: face(expressionBit("happy")) });
  add(new CircleGeometry(0.024, 5), { at: onFace(0, -0.12), rotate: FACING, colour: MOUTH, kind: face(expressionBit("question")) });
  // A "?" beside the head, solid so it reads from any side (lighter far away).
  add(new TorusGeometry(0.055, 0.018, 3, near ? 4 : 3, Math.PI * 1.3), { at: [0.34, 1.5, 0], rotate: [0, 0, -Math.PI * 0.15], colour: 0xf2a65a, kind: face(expressionBit("question")) });
  add(new CylinderGeometry(0.018, 0.018, 0.06, 3, 1, true), { at: [0.335, 1.41, 0], colour: 0xf2a65a, kind: face(expressionBit("question")) });
  add(smooth(new OctahedronGeometry(0.022)), { at: [0.335, 1.34, 0], colour: 0xf2a65a, kind: face(expressionBit("question")) });

  // Hair: a cap over the top and back (the face left free), and each style's own pieces.
  const all = hairBit("short", "bob", "long", "ponytail", "twintails", "bun", "spiky");
  add(smooth(new IcosahedronGeometry(HEAD.r + 0.025, near ? 1 : 0)), {
    at: [0, HEAD.y, 0],
    scale: [1, 0.96, 1],
    kind: hair(all),
    keep: (c) => capCovers(c),
  });
  add(new BoxGeometry(0.46, 0.09, 0.08), { at: [0, HEAD.y + 0.13, -0.24], rotate: [-0.35, 0, 0], kind: hair(all & ~hairBit("spiky")) });
  for (const side of [-1, 1]) {
    add(new BoxGeometry(0.08, 0.3, 0.3), { at: [side * 0.28, HEAD.y - 0.06, 0.03], kind: hair(hairBit("bob")) });
    add(new BoxGeometry(0.07, 0.55, 0.26), { at: [side * 0.28, HEAD.y - 0.16, 0.06], kind: hair(hairBit("long")) });
    add(new ConeGeometry(0.08, 0.36, limb, 1, true), { at: [side * 0.33, HEAD.y - 0.1, 0.12], rotate: [0, 0, Math.PI + side * 0.25], kind: hair(hairBit("twintails")) });
  }
  add(new BoxGeometry(0.5, 0.3, 0.08), { at: [0, HEAD.y - 0.08, 0.27], kind: hair(hairBit("bob")) });
  add(new BoxGeometry(0.52, 0.6, 0.08), { at: [0, HEAD.y - 0.2, 0.28], kind: hair(hairBit("long")) });
  add(new ConeGeometry(0.1, 0.42, limb, 1, true), { at: [0, HEAD.y - 0.05, 0.38], rotate: [Math.PI - 0.35, 0, 0], kind: hair(hairBit("ponytail")) });
  add(smooth(new IcosahedronGeometry(0.13, 0)), { at: [0, HEAD.y + 0.3, 0.1], kind: hair(hairBit("bun")) });
  for (let i = 0; i < (near ? 5 : 3); i++) {
    const a = (i / (near ? 4 : 2) - 0.5) * 1.8;
    add(new ConeGeometry(0.08, 0.2, 4, 1, true), { at: [Math.sin(a) * 0.2, HEAD.y + 0.28 - Math.abs(a) * 0.05, 0.05], rotate: [0.3, 0, -a * 0.8], kind: hair(hairBit("spiky")) });
  }

  // Outfits' own pieces: a skirt, the sailor collar and scarf, the blazer's shirt and tie, a hood and pocket, a gym collar.
  add(new CylinderGeometry(0.2, 0.3, 0.2, sides, 1, true), { at: [0, 0.33, 0], kind: outfit(outfitBit("sailor", "dress"), PAINT.outfit) });
  add(new BoxGeometry(0.42, 0.03, 0.2), { at: [0, 0.8, 0.07], kind: outfit(outfitBit("sailor"), PAINT.outfit) });
  if (near) add(new ConeGeometry(0.06, 0.12, 4), { at: [0, 0.73, -0.2], rotate: [Math.PI, 0, 0], colour: SCARF, kind: outfit(outfitBit("sailor"), PAINT.own) });
  add(new CircleGeometry(0.08, 3, -Math.PI / 2 - 0.6, 1.2), { at: [0, 0.79, -0.196], rotate: [0.2, Math.PI, 0], colour: 0xf4f2ec, kind: outfit(outfitBit("blazer"), PAINT.own) });
  if (near) add(new BoxGeometry(0.035, 0.17, 0.012), { at: [0, 0.68, -0.205], rotate: [0.12, 0, 0], colour: SCARF, kind: outfit(outfitBit("blazer"), PAINT.own) });
  add(new CylinderGeometry(0.2, 0.17, 0.14, sides, 1, true), { at: [0, 0.82, 0.07], rotate: [-0.5, 0, 0], kind: outfit(outfitBit("hoodie"), PAINT.outfitDark) });
  if (near) add(new BoxGeometry(0.22, 0.08, 0.02), { at: [0, 0.5, -0.21], rotate: [0.12, 0, 0], kind: outfit(outfitBit("hoodie"), PAINT.outfitDark) });
  add(new CylinderGeometry(0.15, 0.175, 0.035, limb, 1, true), { at: [0, 0.795, 0], kind: outfit(outfitBit("gym"), PAINT.outfit) });

  // Accessories (they sit on the head and move with it).
  add(new CylinderGeometry(0.29, 0.31, 0.13, sides, 1, false), { at: [0, HEAD.y + 0.2, 0.01], kind: accessory(accessoryBit("cap"), PAINT.outfit), keep: (c) => c.y > HEAD.y + 0.15 });
  add(new BoxGeometry(0.3, 0.025, 0.17), { at: [0, HEAD.y + 0.17, -0.32], kind: accessory(accessoryBit("cap"), PAINT.outfit) });
  for (const side of [-1, 1]) add(new ConeGeometry(0.075, 0.15, 4), { at: [0.18 + side * 0.08, HEAD.y + 0.24, 0.05], rotate: [0, 0, side * Math.PI / 2], colour: RIBBON, kind: accessory(accessoryBit("ribbon")) });
  if (near) add(smooth(new OctahedronGeometry(0.04)), { at: [0.18, HEAD.y + 0.24, 0.05], colour: RIBBON, kind: accessory(accessoryBit("ribbon")) });
  for (const side of [-1, 1]) add(new RingGeometry(0.052, 0.07, limb), { at: onFace(side * 0.1, -0.01, 0.022), rotate: [0, Math.PI - side * 0.34, 0], colour: 0x333333, kind: accessory(accessoryBit("glasses")) });
  add(new PlaneGeometry(0.07, 0.015), { at: onFace(0, 0.0, 0.03), rotate: FACING, colour: 0x333333, kind: accessory(accessoryBit("glasses")) });
  add(new CylinderGeometry(0.013, 0.013, 0.12, 3, 1, true), { at: [0, HEAD.y + 0.33, 0], colour: 0x5a8f4e, kind: accessory(accessoryBit("leaf")) });
  for (const side of [-1, 1]) add(new ConeGeometry(0.055, 0.16, 4), { at: [side * 0.07, HEAD.y + 0.4, 0], rotate: [0, 0, -side * Math.PI / 3], colour: 0x7fb77e, kind: accessory(accessoryBit("leaf")) });
  add(new TorusGeometry(HEAD.r + 0.045, 0.022, 2, near ? 6 : 4, Math.PI), { at: [0, HEAD.y, 0], colour: GREY, kind: accessory(accessoryBit("headphones")) });
  for (const side of [-1, 1]) add(new CylinderGeometry(0.08, 0.08, 0.07, near ? 5 : 4), { at: [side * 0.33, HEAD.y, 0], rotate: [0, 0, Math.PI / 2], kind: accessory(accessoryBit("headphones"), PAINT.outfit) });

  const geometry = m.build();
  // The code that bends and dresses the mesh travels with it (glTF extras).
  geometry.userData.program = FIGURE_PROGRAM;
  return { geometry, triangles: m.triangles };
}

/**
 * A polyhedron with its corners shared and its normals averaged: a round, soft head, hands and
 * bun (as a friendly character's are) in a sixth of the vertices of faceted ones (a head: 42 instead of 240),
 * and vertices are what drawing 40 people costs in software WebGL (docs/benchmarks.md).
 */
function smooth(shape: BufferGeometry): BufferGeometry {
  shape.deleteAttribute("uv");
  shape.deleteAttribute("normal");
  const merged = mergeVertices(shape);
  merged.computeVertexNormals();
  shape.dispose();
  return merged;
}

/** A soft round shadow under each figure (drawn for everybody at once, blended: full graphics only). */
export function shadowMesh(): BufferGeometry {
  return new ModelBuilder().add(new CircleGeometry(0.38, 12), { at: [0, 0.01, 0], rotate: [-Math.PI / 2, 0, 0] }).build();
}

/** The model source of assets/manifest.ts: both levels of detail cut into parts (parts.ts), and the shadow. */
export function figureModel(): Record<string, BufferGeometry> {
  return { figure: cutIntoParts(figureMesh("near").geometry, figureMesh("far").geometry), shadow: shadowMesh() };
}
