import { BoxGeometry, type BufferGeometry, CylinderGeometry, IcosahedronGeometry } from "three";
import { FURNITURE, type Furniture } from "../../shared/domain/furniture.ts";
import { type Rect, centre, rect } from "../../shared/domain/geometry.ts";
import { TALK_SPOTS } from "../../shared/domain/voice.ts";
import { FLOOR, WALL_THICKNESS, WALLS, ZONES } from "../../shared/domain/zones.ts";
import { ModelBuilder } from "../model.ts";

/**
 * The space built from shared/ data (issue 17: made here at build time, not in every child's
 * page): floors, low partition walls (a dollhouse you can see into), furniture, the talk spots'
 * mats. Everything static is one vertex-coloured mesh: one draw call. The zones' names on the
 * floor are drawn by the page (they follow its language).
 */
const WALL_HEIGHT = 1.2;
const WOOD = 0xb98555;
const WOOD_LIGHT = 0xd8b48a;
const BOOKS = [0xd9695f, 0x6fa8dc, 0xf2c14e, 0x7fb77e];

export function spaceMesh(): { geometry: BufferGeometry; triangles: number } {
  const m = new ModelBuilder();
  const block = (r: Rect, y0: number, y1: number, colour: number) =>
    m.add(new BoxGeometry(r.x1 - r.x0, y1 - y0, r.z1 - r.z0), { at: [(r.x0 + r.x1) / 2, (y0 + y1) / 2, (r.z0 + r.z1) / 2], colour });
  const cylinder = (x: number, z: number, radius: number, y0: number, y1: number, colour: number, sides = 10) =>
    m.add(new CylinderGeometry(radius, radius, y1 - y0, sides), { at: [x, (y0 + y1) / 2, z], colour });
  const blob = (x: number, y: number, z: number, radius: number, colour: number) => m.add(new IcosahedronGeometry(radius, 0), { at: [x, y, z], colour });

  const furniture = (f: Furniture) => {
    const r = f.footprint;
    const c = centre(r);
    switch (f.kind) {
      case "desk":
        block(r, 0.7, 0.76, WOOD_LIGHT);
        block(rect(r.x0 + 0.1, r.z0 + 0.1, r.x1 - 0.1, r.z1 - 0.1), 0, 0.7, WOOD);
        block(rect(c.x - 0.25, r.z1 + 0.15, c.x + 0.25, r.z1 + 0.55), 0, 0.45, 0x8fb3c9); // chair
        break;
      case "board":
        block(r, 0.9, 2.1, 0x2f5d50);
        block(rect(r.x0, r.z0, r.x1, r.z1 + 0.12), 0.86, 0.9, WOOD);
        break;
      case "bench":
        block(r, 0.38, 0.46, WOOD_LIGHT);
        block(rect(r.x0 + 0.1, r.z0 + 0.1, r.x1 - 0.1, r.z1 - 0.1), 0, 0.38, WOOD);
        break;
      case "rug":
        block(r, 0.005, 0.02, f.zone === "quiet" ? 0xa8c3a0 : 0xe59f71);
        break;
      case "bookshelf":
        block(r, 0, 1.7, WOOD);
        for (let shelf = 0; shelf < 3; shelf++) {
          const y = 0.15 + shelf * 0.52;
          const inset = 0.04;
          const along = r.x1 - r.x0 > r.z1 - r.z0;
          const books = along ? rect(r.x0 + 0.1, r.z0 - inset, r.x1 - 0.1, r.z1 + inset) : rect(r.x0 - inset, r.z0 + 0.1, r.x1 + inset, r.z1 - 0.1);
          block(books, y, y + 0.36, BOOKS[shelf % BOOKS.length] ?? WOOD);
        }
        break;
      case "cushion":
        cylinder(c.x, c.z, (r.x1 - r.x0) / 2, 0, 0.18, f.zone === "quiet" ? 0xf4c7a1 : 0xf4a7b9, 8);
        break;
      case "table":
        cylinder(c.x, c.z, (r.x1 - r.x0) / 2, 0.68, 0.74, WOOD_LIGHT, 12);
        cylinder(c.x, c.z, 0.12, 0, 0.68, WOOD, 6);
        break;
      case "sofa":
        block(r, 0, 0.45, 0xc98b6b);
        block(rect(r.x0, r.z1 - 0.25, r.x1, r.z1), 0.45, 0.9, 0xb7785a);
        break;
      case "plant":
        cylinder(c.x, c.z, 0.3, 0, 0.45, 0xc86f4b, 8);
        blob(c.x, 0.95, c.z, 0.5, 0x6fa86a);
        break;
      case "door":
        // The counselling room's door stands open against the inside of its wall.
        block(rect(8.1, 5.95, 9.9, 6.05), 0, 2.0, 0xa0673f);
        break;
    }
  };

  // A lawn around the building, so the view never ends in empty sky.
  block(rect(FLOOR.x0 - 40, FLOOR.z0 - 40, FLOOR.x1 + 40, FLOOR.z1 + 40), -0.3, -0.12, 0xc9ddb0);
  for (const zone of ZONES) for (const r of zone.floor) block(r, -0.1, 0, zone.colour);
  const T = WALL_THICKNESS;
  const edge = [
    rect(FLOOR.x0 - T, FLOOR.z0 - T, FLOOR.x1 + T, FLOOR.z0),
    rect(FLOOR.x0 - T, FLOOR.z1, FLOOR.x1 + T, FLOOR.z1 + T),
    rect(FLOOR.x0 - T, FLOOR.z0, FLOOR.x0, FLOOR.z1),
    rect(FLOOR.x1, FLOOR.z0, FLOOR.x1 + T, FLOOR.z1),
  ];
  for (const w of [...edge, ...WALLS]) {
    block(w, 0, WALL_HEIGHT, 0xf6e7d2);
    block(rect(w.x0 - 0.02, w.z0 - 0.02, w.x1 + 0.02, w.z1 + 0.02), WALL_HEIGHT, WALL_HEIGHT + 0.06, 0xc79b74);
  }
  FURNITURE.forEach(furniture);
  // Round mats where standing lets one join a talk by voice (issue 16).
  for (const s of TALK_SPOTS) cylinder(s.at.x, s.at.z, s.radius, 0, 0.03, 0xd9c6ec, 32);
  return { geometry: m.build(), triangles: m.triangles };
}

/** The model source of assets/manifest.ts. */
export function spaceModel(): Record<string, BufferGeometry> {
  return { static: spaceMesh().geometry };
}
