import { type Rect, rect } from "./geometry.ts";
import type { ZoneId } from "./zones.ts";

/**
 * Furniture as data: the client draws it, and the solid pieces are obstacles the server's
 * movement rules respect. Footprints are rectangles on the floor (metres).
 */
export type FurnitureKind =
  | "desk"
  | "board"
  | "bench"
  | "rug"
  | "bookshelf"
  | "cushion"
  | "table"
  | "sofa"
  | "plant"
  | "door"
  | "teacherDesk"
  | "lamp";

export interface Furniture {
  readonly kind: FurnitureKind;
  readonly zone: ZoneId;
  readonly footprint: Rect;
  /** Avatars cannot walk through it. */
  readonly solid: boolean;
}

const items: Furniture[] = [];
const add = (kind: FurnitureKind, zone: ZoneId, footprint: Rect, solid: boolean) =>
  items.push({ kind, zone, footprint, solid });

// 教室: a board on the north wall and three rows of desks facing it.
add("board", "classroom", rect(-15, -11.9, -5, -11.7), true);
for (let row = 0; row < 3; row++) {
  for (let col = 0; col < 4; col++) {
    const x = -16 + col * 3.2;
    const z = -8 + row * 2.6;
    add("desk", "classroom", rect(x - 0.6, z - 0.4, x + 0.6, z + 0.4), true);
  }
}

// The teacher's desk stands at the front, to the side of the board: clear of where the lesson's
// teacher stands (in front of the board's middle) and of the doorway to the talk area.
add("teacherDesk", "classroom", rect(-3.9, -11.3, -2.3, -10.5), true);

// おしゃべりひろば: a round rug with benches around it, plants by the walls.
add("rug", "talk", rect(8, -8, 14, -2), false);
add("bench", "talk", rect(9, -9.6, 13, -9), true);
add("bench", "talk", rect(9, -1, 13, -0.4), true);
add("bench", "talk", rect(15, -7, 15.6, -3), true);
add("plant", "talk", rect(18.6, -11.6, 19.6, -10.6), true);
add("plant", "talk", rect(1, 10.6, 2, 11.6), true);
add("plant", "talk", rect(6.6, -11.7, 7.4, -10.9), true);

// しずかコーナー: bookshelves along the west wall, cushions on the floor.
add("bookshelf", "quiet", rect(-19.8, 2, -19.2, 6), true);
add("bookshelf", "quiet", rect(-19.8, 7, -19.2, 11), true);
add("bookshelf", "quiet", rect(-14, 11.3, -9, 11.8), true);
add("cushion", "quiet", rect(-16, 5, -15, 6), false);
add("cushion", "quiet", rect(-13, 7, -12, 8), false);
add("cushion", "quiet", rect(-6, 4, -5, 5), false);
add("rug", "quiet", rect(-17, 3, -10, 9), false);
// A reading lamp by the shelves, at the rug's corner.
add("lamp", "quiet", rect(-18.7, 2.3, -18.1, 2.9), true);
add("plant", "quiet", rect(-1.4, 10.6, -0.4, 11.6), true);
// じしゅうデスク: four self-study desks in a row along the quiet corner's north wall, each facing
// it (shared/domain/seats.ts puts their chairs on the south side), clear of both doorways, with
// room to walk between them and the wall.
for (let i = 0; i < 4; i++) add("desk", "quiet", rect(-7.7 + i * 1.6, 1.1, -6.7 + i * 1.6, 1.9), true);

// そうだん室: a small table, a sofa, a plant; the door stands open in its doorway.
add("table", "counselling", rect(13, 7, 15, 9), true);
add("sofa", "counselling", rect(12.5, 10.6, 15.5, 11.6), true);
add("plant", "counselling", rect(18.6, 10.6, 19.6, 11.6), true);
add("door", "counselling", rect(8, 6, 8.1, 8), false);

export const FURNITURE: readonly Furniture[] = items;
