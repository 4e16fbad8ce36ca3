import { FURNITURE } from "../../shared/domain/furniture.ts";
import { centre, rect } from "../../shared/domain/geometry.ts";
import { FLOOR } from "../../shared/domain/zones.ts";
import type { Face, Kit } from "./kit.ts";
import { FRAME, LEAF, LEAF_DARK, SUN, TRUNK, WOOD_DARK } from "./palette.ts";

/**
 * What makes the building lived in: children's drawings on the walls, a clock over the board,
 * sunlight on the floor under the windows, the lamp's warm pool in the quiet corner, trees around
 * the building. Few, soft and still, so the space stays calm and readable.
 */
export const CLOCK = { x: -10, y: 2.45, z: FLOOR.z0 + 0.06, radius: 0.2 } as const;

export function decor(kit: Kit): void {
  clockFace(kit);
  drawings(kit);
  light(kit);
  trees(kit);
}

/** The clock's face and rim; its hands move (door.ts builds them as a model of their own). */
function clockFace(kit: Kit): void {
  kit.wallDisc("south", CLOCK.z - 0.03, CLOCK.x, CLOCK.y, CLOCK.radius + 0.04, WOOD_DARK, 20);
  kit.wallDisc("south", CLOCK.z - 0.02, CLOCK.x, CLOCK.y, CLOCK.radius, FRAME, 20);
  for (let hour = 0; hour < 12; hour++) {
    const a = (hour / 12) * Math.PI * 2;
    const long = hour % 3 === 0;
    kit.wallPanel("south", CLOCK.z - 0.015, CLOCK.x + Math.sin(a) * CLOCK.radius * 0.82, CLOCK.y + Math.cos(a) * CLOCK.radius * 0.82, long ? 0.03 : 0.02, long ? 0.03 : 0.02, 0x4a4a55);
  }
}

/**
 * Children's drawings pinned to the walls: a sun, a house, a flower, a rainbow, a cat, made of a
 * few flat shapes each on paper of a few colours, a little crooked, as drawings are.
 */
function drawings(kit: Kit): void {
  const north = FLOOR.z0 + 0.012;
  const paper = [0xfffaf0, 0xfdf1d6, 0xeef6fb, 0xfbeff3];
  const pictures: Array<[Face, number, number, number, (f: Face, l: number, a: number, y: number) => void]> = [
    ["south", north, -18.6, 1.55, sunAndHill],
    ["south", north, -17.0, 1.6, house],
    ["south", north, -3.1, 1.6, flower],
    ["south", north, -1.5, 1.55, rainbow],
    ["south", north, 7.3, 1.9, cat],
    ["south", north, 13.75, 1.6, flower],
    ["west", FLOOR.x1 - 0.012, 5.2, 1.6, sunAndHill],
    ["west", FLOOR.x1 - 0.012, -6, 1.6, house],
  ];
  pictures.forEach(([face, line, along, y, draw], i) => {
    kit.wallPanel(face, line, along, y, 0.9, 0.65, paper[i % paper.length] ?? FRAME);
    draw(face, line + (face === "west" ? -0.004 : 0.004), along, y);
  });

  function sunAndHill(f: Face, l: number, a: number, y: number) {
    kit.wallDisc(f, l, a + 0.22, y + 0.14, 0.11, 0xf6c343, 10);
    kit.wallDisc(f, l, a - 0.12, y - 0.38, 0.4, 0x8cc084, 12);
  }
  function house(f: Face, l: number, a: number, y: number) {
    kit.wallPanel(f, l, a, y - 0.1, 0.36, 0.28, 0xe8a07c);
    kit.wallPanel(f, l, a, y + 0.1, 0.46, 0.12, 0xc0504d);
    kit.wallPanel(f, l + (f === "west" ? -0.002 : 0.002), a + 0.08, y - 0.14, 0.09, 0.18, 0x7a5230);
  }
  function flower(f: Face, l: number, a: number, y: number) {
    kit.wallPanel(f, l, a, y - 0.14, 0.025, 0.3, 0x6aa55f);
    for (let p = 0; p < 5; p++) {
      const t = (p / 5) * Math.PI * 2;
      kit.wallDisc(f, l, a + Math.sin(t) * 0.08, y + 0.06 + Math.cos(t) * 0.08, 0.06, 0xf08bb0, 8);
    }
    kit.wallDisc(f, l + (f === "west" ? -0.002 : 0.002), a, y + 0.06, 0.05, 0xf6c343, 8);
  }
  function rainbow(f: Face, l: number, a: number, y: number) {
    [0xe06666, 0xf6b26b, 0xffd966, 0x93c47d, 0x6fa8dc].forEach((colour, i) => kit.wallPanel(f, l, a, y + 0.16 - i * 0.07, 0.7 - i * 0.08, 0.07, colour));
  }
  function cat(f: Face, l: number, a: number, y: number) {
    kit.wallDisc(f, l, a, y - 0.08, 0.17, 0x9a8f87, 10);
    kit.wallDisc(f, l, a, y + 0.12, 0.12, 0x9a8f87, 10);
    for (const s of [-1, 1]) kit.wallPanel(f, l, a + s * 0.07, y + 0.24, 0.05, 0.07, 0x9a8f87);
  }
}

/** Sunlight through the windows on the floor; the lamp's warm pool on the quiet corner's rug; the counselling room's round rug. */
function light(kit: Kit): void {
  for (const from of [2.5, 9, 15.5]) kit.floorPatch(rect(from + 0.2, FLOOR.z0 + 0.2, from + 2.6, FLOOR.z0 + 1.6), 0.003, SUN);
  for (const from of [-11, -7.2, -3.4]) kit.floorPatch(rect(FLOOR.x0 + 0.2, from + 0.3, FLOOR.x0 + 1.4, from + 2.1), 0.003, SUN);
  // A round, soft rug under the counselling room's table: where two people sit to talk.
  const table = FURNITURE.find((f) => f.kind === "table");
  if (table) {
    const c = centre(table.footprint);
    kit.floorDisc(c.x, c.z, 2.4, 0.004, 0xf1d9c4, 24);
    kit.floorDisc(c.x, c.z, 2.1, 0.006, 0xe9c9b0, 24);
  }
  const lamp = FURNITURE.find((f) => f.kind === "lamp");
  if (lamp) {
    const c = centre(lamp.footprint);
    kit.floorDisc(c.x + 0.9, c.z + 0.9, 1.5, 0.026, 0xf3e2b8, 20);
  }
}

/** Round trees on the lawn to the north, west and east; only bushes to the south, low enough never to hide anyone. */
function trees(kit: Kit): void {
  const tree = (x: number, z: number, size: number, i: number) => {
    kit.cylinder(x, z, 0.18 * size, -0.12, 2.2 * size, TRUNK, 6);
    kit.blob(x, 2.9 * size, z, 1.2 * size, i % 2 ? LEAF : LEAF_DARK, 1, 1.1);
    kit.blob(x + 0.5 * size, 3.6 * size, z + 0.3, 0.75 * size, i % 2 ? LEAF_DARK : LEAF, 0);
  };
  let i = 0;
  for (let x = FLOOR.x0 - 2; x <= FLOOR.x1 + 2; x += 5.5) tree(x + ((i * 7) % 3), FLOOR.z0 - 3.5 - (i % 2) * 2, 1.1 + ((i * 3) % 4) * 0.12, i++);
  for (let z = FLOOR.z0 + 3; z <= FLOOR.z1 - 2; z += 6) {
    tree(FLOOR.x0 - 3.5 - (i % 2) * 1.5, z, 1 + (i % 3) * 0.15, i++);
    tree(FLOOR.x1 + 3.5 + (i % 2) * 1.5, z + 1, 1 + (i % 3) * 0.15, i++);
  }
  for (let x = FLOOR.x0 + 1; x <= FLOOR.x1; x += 4.5) kit.blob(x, 0.15, FLOOR.z1 + 1.2, 0.5, LEAF_DARK, 0, 0.6);
}
