import { type Rect, rect } from "../../shared/domain/geometry.ts";
import { FLOOR, WALL_THICKNESS, WALLS, ZONES } from "../../shared/domain/zones.ts";
import type { Face, Kit } from "./kit.ts";
import { CURTAIN, FLOOR_PLANKS, FRAME, LAWN, PLASTER, SKY, SKY_LOW, LEAF, LEAF_DARK, TRIM, WOOD, WOOD_DARK } from "./palette.ts";

/**
 * The building: floors (planks of wood where people learn and talk, carpet where they rest),
 * walls with a wooden skirting and rail, and windows with the sky and trees outside.
 *
 * The camera looks north from above, so the outer walls to the north, west and east stand full
 * height (they hold the windows, the board, the drawings and the clock, and lean away from the
 * view), while the south wall and the partitions stay low: a dollhouse you can see into.
 */
export const LOW_WALL = 1.2;
export const TALL_WALL = 2.7;
const PLANK = 0.5;
/** Which of the zone's plank shades each plank takes: irregular, as a real floor's are. */
const SHADES = [0, 2, 1, 2, 0, 1, 1, 0, 2];

export function floors(kit: Kit): void {
  // A lawn around the building (never under it: a layer no one sees still costs its pixels in
  // software WebGL), so the view never ends in empty sky.
  const L = 40;
  const y0 = -0.3;
  const y1 = -0.12;
  kit.block(rect(FLOOR.x0 - L, FLOOR.z0 - L, FLOOR.x1 + L, FLOOR.z0), y0, y1, LAWN);
  kit.block(rect(FLOOR.x0 - L, FLOOR.z1, FLOOR.x1 + L, FLOOR.z1 + L), y0, y1, LAWN);
  kit.block(rect(FLOOR.x0 - L, FLOOR.z0, FLOOR.x0, FLOOR.z1), y0, y1, LAWN);
  kit.block(rect(FLOOR.x1, FLOOR.z0, FLOOR.x1 + L, FLOOR.z1), y0, y1, LAWN);
  for (const zone of ZONES) {
    const planks = FLOOR_PLANKS[zone.id];
    for (const r of zone.floor) {
      if (!planks) {
        kit.block(r, -0.1, 0, zone.colour);
        continue;
      }
      // Planks run north–south, a shade apart, flat on the floor (2 triangles each, and nothing
      // under them: the walls hide the floor's edges).
      let i = 0;
      for (let x = r.x0; x < r.x1 - 1e-6; x += PLANK, i++) kit.floorPatch(rect(x, r.z0, Math.min(x + PLANK, r.x1), r.z1), 0, planks[SHADES[i % SHADES.length] ?? 0] ?? zone.colour);
    }
  }
}

export function walls(kit: Kit): void {
  const T = WALL_THICKNESS;
  const north = rect(FLOOR.x0 - T, FLOOR.z0 - T, FLOOR.x1 + T, FLOOR.z0);
  const west = rect(FLOOR.x0 - T, FLOOR.z0, FLOOR.x0, FLOOR.z1);
  const east = rect(FLOOR.x1, FLOOR.z0, FLOOR.x1 + T, FLOOR.z1);
  const south = rect(FLOOR.x0 - T, FLOOR.z1, FLOOR.x1 + T, FLOOR.z1 + T);
  for (const w of [north, west, east]) wall(kit, w, TALL_WALL);
  for (const w of [south, ...WALLS]) wall(kit, w, LOW_WALL);
}

/** Plaster above a wooden skirting, a rail on tall walls, a wooden cap on top. */
function wall(kit: Kit, w: Rect, height: number): void {
  const out = (d: number) => rect(w.x0 - d, w.z0 - d, w.x1 + d, w.z1 + d);
  kit.block(w, 0, height, PLASTER);
  kit.block(out(0.015), 0, 0.12, WOOD_DARK);
  if (height > LOW_WALL) {
    // Wood panelling to a child's shoulder, as in a Japanese school's corridor.
    kit.block(out(0.01), 0.12, 0.9, TRIM);
    kit.block(out(0.025), 0.9, 0.95, WOOD);
  }
  kit.block(out(0.02), height, height + 0.06, TRIM);
}

/**
 * A window on an outer wall's inner face: sky above distant trees (painted on the glass: the
 * building is seen from above, so a real view through would need a hole and a world behind it),
 * a white frame with a cross bar, a sill, and curtains drawn to the sides.
 */
export function window(kit: Kit, face: Face, line: number, from: number, to: number, curtain: number, y0 = 1.0, y1 = 2.3): void {
  const width = to - from;
  const mid = (from + to) / 2;
  const inward = face === "south" ? 1 : face === "east" ? 1 : -1;
  const at = (d: number) => line + inward * d;
  const height = y1 - y0;
  kit.wallPanel(face, at(0.03), mid, (y0 + y1) / 2, width, height, SKY);
  kit.wallPanel(face, at(0.032), mid, y0 + height * 0.18, width, height * 0.36, SKY_LOW);
  // Tree tops along the bottom of the view.
  for (let i = 0; i < Math.round(width * 1.6); i++) {
    const along = from + ((i + 0.5) / Math.round(width * 1.6)) * width;
    kit.wallDisc(face, at(0.034), along, y0 + height * (0.22 + 0.08 * ((i * 5) % 3)), 0.2 + 0.04 * ((i * 3) % 2), i % 2 ? LEAF : LEAF_DARK, 9);
  }
  const bar = 0.06;
  kit.wallPanel(face, at(0.05), mid, y1, width + bar, bar, FRAME);
  kit.wallPanel(face, at(0.05), mid, y0, width + bar, bar, FRAME);
  kit.wallPanel(face, at(0.05), mid, (y0 + y1) / 2, width, bar * 0.6, FRAME);
  for (const a of [from, mid, to]) kit.wallPanel(face, at(0.05), a, (y0 + y1) / 2, bar, height, FRAME);
  // The sill: a shelf along the window's foot.
  const sill = face === "south" ? rect(from - 0.1, line, to + 0.1, line + 0.16) : face === "east" ? rect(line, from - 0.1, line + 0.16, to + 0.1) : rect(line - 0.16, from - 0.1, line, to + 0.1);
  kit.block(sill, y0 - 0.05, y0, FRAME);
  // Curtains gathered at both sides.
  for (const a of [from - 0.18, to + 0.18]) kit.wallPanel(face, at(0.07), a, (y0 + y1) / 2 + 0.1, 0.3, height + 0.3, curtain);
}

export function windows(kit: Kit): void {
  const north = FLOOR.z0;
  const west = FLOOR.x0;
  const east = FLOOR.x1;
  // The talk area's long north wall: three windows, one over the window talk spot (まどべ).
  for (const from of [2.5, 9, 15.5]) window(kit, "south", north, from, from + 3, CURTAIN.talk);
  // The classroom's windows are on its west side, as a classroom's are on its side, not its front.
  for (const from of [-11, -7.2, -3.4]) window(kit, "east", west, from, from + 2.4, CURTAIN.classroom);
  // The counselling room and the talk area's east end look out east.
  window(kit, "west", east, 6.5, 9.5, CURTAIN.counselling);
  window(kit, "west", east, -2, 1.5, CURTAIN.talk);
  // The quiet corner's west wall is books; one small high window above the shelves' gap.
  window(kit, "east", west, 6.2, 6.8, CURTAIN.quiet, 1.8, 2.4);
}
