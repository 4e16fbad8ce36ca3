import type { Furniture } from "../../shared/domain/furniture.ts";
import { centre, rect } from "../../shared/domain/geometry.ts";
import type { Kit } from "./kit.ts";
import { BOARD, BOOKS, CHALK, LEAF, LEAF_DARK, POT, SUN, WOOD, WOOD_DARK, WOOD_LIGHT } from "./palette.ts";

/**
 * Each piece of furniture in shared/domain/furniture.ts, drawn within its footprint (the server's
 * movement rules use the same footprint, so what looks solid is solid). Low-poly and rounded
 * where a child sits or leans, so nothing looks hard.
 */
export function furniturePiece(kit: Kit, f: Furniture): void {
  const r = f.footprint;
  const c = centre(r);
  const legs = (inset: number, y1: number, colour: number, size = 0.05) => {
    for (const x of [r.x0 + inset, r.x1 - inset]) for (const z of [r.z0 + inset, r.z1 - inset]) kit.block(rect(x - size, z - size, x + size, z + size), 0, y1, colour);
  };
  switch (f.kind) {
    case "desk": {
      // A school desk on four legs with a shelf underneath, and its chair (seats.ts seats people on the south side).
      kit.block(r, 0.7, 0.76, WOOD_LIGHT);
      legs(0.06, 0.7, 0x9aa3ab, 0.03);
      kit.block(rect(r.x0 + 0.08, r.z0 + 0.1, r.x1 - 0.08, r.z1 - 0.25), 0.56, 0.6, 0x9aa3ab);
      const chair = rect(c.x - 0.24, r.z1 + 0.15, c.x + 0.24, r.z1 + 0.55);
      kit.block(chair, 0.42, 0.46, WOOD_LIGHT);
      kit.block(rect(chair.x0, chair.z1 - 0.05, chair.x1, chair.z1), 0.46, 0.8, WOOD_LIGHT);
      for (const x of [chair.x0 + 0.03, chair.x1 - 0.03]) for (const z of [chair.z0 + 0.03, chair.z1 - 0.03]) kit.block(rect(x - 0.02, z - 0.02, x + 0.02, z + 0.02), 0, 0.42, 0x9aa3ab);
      break;
    }
    case "board": {
      // A real blackboard: green, in a wooden frame, with a chalk tray and a few pieces of chalk.
      kit.block(r, 0.9, 2.1, BOARD);
      const frame = WOOD;
      kit.block(rect(r.x0 - 0.08, r.z0, r.x0, r.z1 + 0.03), 0.86, 2.18, frame);
      kit.block(rect(r.x1, r.z0, r.x1 + 0.08, r.z1 + 0.03), 0.86, 2.18, frame);
      kit.block(rect(r.x0, r.z0, r.x1, r.z1 + 0.03), 2.1, 2.18, frame);
      kit.block(rect(r.x0, r.z0, r.x1, r.z1 + 0.12), 0.84, 0.9, frame);
      for (const [x, colour] of [[r.x0 + 1, CHALK], [r.x0 + 1.25, 0xf2b8c6], [r.x1 - 1.4, 0xf6e08a]] as const) kit.block(rect(x, r.z1 + 0.04, x + 0.12, r.z1 + 0.07), 0.9, 0.93, colour);
      break;
    }
    case "teacherDesk": {
      // 先生のつくえ: a broad desk with drawers, a stack of notebooks and a small pot of flowers.
      kit.block(r, 0.72, 0.78, WOOD);
      kit.block(rect(r.x0 + 0.05, r.z0 + 0.05, r.x0 + 0.55, r.z1 - 0.05), 0, 0.72, WOOD_DARK);
      kit.block(rect(r.x1 - 0.55, r.z0 + 0.05, r.x1 - 0.05, r.z1 - 0.05), 0, 0.72, WOOD_DARK);
      for (const y of [0.2, 0.45]) kit.block(rect(r.x0 + 0.15, r.z1 - 0.06, r.x0 + 0.45, r.z1 - 0.03), y, y + 0.04, WOOD_LIGHT);
      kit.block(rect(c.x - 0.35, c.z - 0.15, c.x + 0.05, c.z + 0.15), 0.78, 0.84, 0x6fa8dc);
      kit.block(rect(c.x - 0.33, c.z - 0.14, c.x + 0.03, c.z + 0.12), 0.84, 0.88, 0xf2c14e);
      kit.cylinder(r.x1 - 0.3, c.z, 0.07, 0.78, 0.92, 0xe9e4da, 8);
      kit.blob(r.x1 - 0.3, 0.98, c.z, 0.09, 0xf4a7b9, 0);
      break;
    }
    case "bench":
      kit.block(r, 0.38, 0.46, WOOD_LIGHT);
      legs(0.12, 0.38, WOOD, 0.06);
      break;
    case "rug":
      kit.block(r, 0.005, 0.02, f.zone === "quiet" ? 0xa8c3a0 : 0xe59f71);
      // A border a shade lighter, so the rug reads as woven, not painted.
      kit.block(rect(r.x0 + 0.3, r.z0 + 0.3, r.x1 - 0.3, r.z1 - 0.3), 0.02, 0.024, f.zone === "quiet" ? 0xb9d1b0 : 0xefb48a);
      break;
    case "bookshelf": {
      kit.block(r, 0, 1.7, WOOD);
      const along = r.x1 - r.x0 > r.z1 - r.z0;
      const length = along ? r.x1 - r.x0 : r.z1 - r.z0;
      // Books of a few heights and colours on three shelves, each row facing the room.
      for (let shelf = 0; shelf < 3; shelf++) {
        const y = 0.15 + shelf * 0.52;
        let at = 0.1;
        let n = shelf * 3;
        while (at < length - 0.2) {
          const width = 0.12 + ((n * 7) % 5) * 0.03;
          const height = 0.26 + ((n * 5) % 4) * 0.035;
          const end = Math.min(at + width, length - 0.1);
          const books = along ? rect(r.x0 + at, r.z0 - 0.04, r.x0 + end, r.z1 + 0.04) : rect(r.x0 - 0.04, r.z0 + at, r.x1 + 0.04, r.z0 + end);
          kit.block(books, y, y + height, BOOKS[n % BOOKS.length] ?? WOOD);
          at = end + 0.01;
          n++;
        }
      }
      break;
    }
    case "cushion":
      kit.cylinder(c.x, c.z, (r.x1 - r.x0) / 2, 0, 0.18, f.zone === "quiet" ? 0xf4c7a1 : 0xf4a7b9, 10, (r.x1 - r.x0) / 2 - 0.06);
      break;
    case "table":
      kit.cylinder(c.x, c.z, (r.x1 - r.x0) / 2, 0.68, 0.74, WOOD_LIGHT, 16);
      kit.cylinder(c.x, c.z, 0.12, 0, 0.68, WOOD, 6);
      kit.cylinder(c.x, c.z, 0.4, 0, 0.04, WOOD, 8);
      // A box of tissues and two cups of tea: what a counselling table has.
      kit.block(rect(c.x - 0.15, c.z - 0.08, c.x + 0.15, c.z + 0.08), 0.74, 0.84, 0xf3f0ea);
      kit.cylinder(c.x - 0.45, c.z + 0.3, 0.05, 0.74, 0.84, 0xe7c9a9, 8);
      kit.cylinder(c.x + 0.45, c.z + 0.3, 0.05, 0.74, 0.84, 0xa9c9e7, 8);
      break;
    case "sofa": {
      // A soft sofa: seat, back, two round arms and two cushions.
      const cloth = 0xc98b6b;
      kit.block(rect(r.x0 + 0.2, r.z0, r.x1 - 0.2, r.z1), 0.1, 0.45, cloth);
      kit.block(rect(r.x0, r.z1 - 0.3, r.x1, r.z1), 0.1, 0.95, 0xb7785a);
      kit.block(rect(r.x0, r.z0, r.x0 + 0.22, r.z1), 0.1, 0.65, 0xb7785a);
      kit.block(rect(r.x1 - 0.22, r.z0, r.x1, r.z1), 0.1, 0.65, 0xb7785a);
      legs(0.08, 0.1, WOOD_DARK, 0.04);
      kit.block(rect(r.x0 + 0.35, r.z1 - 0.45, r.x0 + 0.85, r.z1 - 0.3), 0.45, 0.85, 0xf2d6a8);
      kit.block(rect(r.x1 - 0.85, r.z1 - 0.45, r.x1 - 0.35, r.z1 - 0.3), 0.45, 0.85, 0xa8c3a0);
      break;
    }
    case "plant":
      kit.cylinder(c.x, c.z, 0.3, 0, 0.45, POT, 10, 0.36);
      kit.blob(c.x, 0.95, c.z, 0.45, LEAF, 1, 0.9);
      kit.blob(c.x + 0.2, 1.3, c.z - 0.1, 0.28, LEAF_DARK, 0);
      break;
    case "lamp":
      // A floor lamp with a warm shade; its glow is drawn on the floor (decor.ts).
      kit.cylinder(c.x, c.z, 0.22, 0, 0.05, WOOD_DARK, 10);
      kit.cylinder(c.x, c.z, 0.03, 0.05, 1.45, WOOD_DARK, 6);
      kit.cylinder(c.x, c.z, 0.3, 1.4, 1.75, SUN, 12, 0.18);
      break;
    case "door":
      // The door itself swings (door.ts, a model of its own); here only its frame.
      kit.block(rect(r.x0 - 0.06, r.z0 - 0.08, r.x1 + 0.06, r.z0), 0, 2.15, WOOD_DARK);
      kit.block(rect(r.x0 - 0.06, r.z1, r.x1 + 0.06, r.z1 + 0.08), 0, 2.15, WOOD_DARK);
      kit.block(rect(r.x0 - 0.06, r.z0 - 0.08, r.x1 + 0.06, r.z1 + 0.08), 2.05, 2.15, WOOD_DARK);
      break;
  }
}
