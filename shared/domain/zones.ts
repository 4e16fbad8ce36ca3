import { type Point, type Rect, contains, rect } from "./geometry.ts";

/**
 * The floor plan of a space, as data. Server (zone decisions, walls) and client (drawing the
 * world, the DOM mirror) both read it; nothing else defines where things are.
 *
 *   z=-12 ┌──────────────────┬──────────────────────────┐
 *         │ 教室 classroom    ║  おしゃべりひろば talk area │
 *         │                  ║  (entrance, spawn)        │
 *   z=0   ├══════  ══════════┤                          │
 *         │ しずかコーナー     ║          ┌═══  ══════════┤ z=4
 *         │ quiet corner      ║          ║ そうだん室     │
 *   z=12  └──────────────────┴──────────┴───────────────┘
 *        x=-20              x=0        x=8            x=20
 */

export const ZONE_IDS = ["classroom", "talk", "quiet", "counselling"] as const;
export type ZoneId = (typeof ZONE_IDS)[number];

/** What a zone is for; researchers group time by kind (learning / social / quiet / counselling). */
export type ZoneKind = "learning" | "social" | "quiet" | "counselling";

export interface Zone {
  readonly id: ZoneId;
  readonly kind: ZoneKind;
  readonly name: { readonly ja: string; readonly en: string };
  /** Floor area as rectangles; together the zones tile the whole floor. */
  readonly floor: readonly Rect[];
  /** Floor colour (sRGB hex), so each zone is readable at a glance. */
  readonly colour: number;
  /** Where the zone's name is written on the floor, clear of furniture and doorways. */
  readonly label: Point;
}

export const FLOOR: Rect = rect(-20, -12, 20, 12);
export const WALL_THICKNESS = 0.2;

export const ZONES: readonly Zone[] = [
  {
    id: "classroom",
    kind: "learning",
    name: { ja: "教室", en: "Classroom" },
    floor: [rect(-20, -12, 0, 0)],
    colour: 0xd9b68c,
    label: { x: -10, z: -1.4 },
  },
  {
    id: "talk",
    kind: "social",
    name: { ja: "おしゃべりひろば", en: "Talk area" },
    floor: [rect(0, -12, 20, 4), rect(0, 4, 8, 12)],
    colour: 0xe8cf9a,
    label: { x: 11, z: 2.4 },
  },
  {
    id: "quiet",
    kind: "quiet",
    name: { ja: "しずかコーナー", en: "Quiet corner" },
    floor: [rect(-20, 0, 0, 12)],
    colour: 0xbfd3b0,
    label: { x: -5, z: 10.4 },
  },
  {
    id: "counselling",
    kind: "counselling",
    name: { ja: "そうだん室", en: "Counselling room" },
    floor: [rect(8, 4, 20, 12)],
    colour: 0xe6c3b3,
    label: { x: 14, z: 5.4 },
  },
];

const byId = new Map(ZONES.map((z) => [z.id, z]));

export function zoneById(id: ZoneId): Zone {
  const zone = byId.get(id);
  if (!zone) throw new Error(`unknown zone ${id}`);
  return zone;
}

/** The zone a point stands in; null outside the floor. First match wins on shared edges. */
export function zoneAt(p: Point): Zone | null {
  for (const zone of ZONES) {
    if (zone.floor.some((r) => contains(r, p))) return zone;
  }
  return null;
}

/**
 * Interior walls as thin rectangles. Gaps between them are the doorways.
 * The counselling room's doorway is where its door stands (issue 3 will lock it).
 */
const T = WALL_THICKNESS / 2;
export const WALLS: readonly Rect[] = [
  // classroom | talk area, doorway z -8..-4
  rect(-T, -12, T, -8),
  rect(-T, -4, T, 0),
  // classroom / quiet corner, doorway x -12..-8
  rect(-20, -T, -12, T),
  rect(-8, -T, 0, T),
  // quiet corner | talk area, doorway z 5..8
  rect(-T, 0, T, 5),
  rect(-T, 8, T, 12),
  // counselling room: west wall with the door at z 6..8, north wall closed
  rect(8 - T, 4, 8 + T, 6),
  rect(8 - T, 8, 8 + T, 12),
  rect(8, 4 - T, 20, 4 + T),
];

export interface Doorway {
  readonly between: readonly [ZoneId, ZoneId];
  readonly at: Point;
  /** A real door panel is drawn here (the counselling room). */
  readonly door: boolean;
}

export const DOORWAYS: readonly Doorway[] = [
  { between: ["classroom", "talk"], at: { x: 0, z: -6 }, door: false },
  { between: ["classroom", "quiet"], at: { x: -10, z: 0 }, door: false },
  { between: ["quiet", "talk"], at: { x: 0, z: 6.5 }, door: false },
  { between: ["talk", "counselling"], at: { x: 8, z: 7 }, door: true },
];

/** Where newcomers appear: the talk area, near its south-west, facing the room. */
export const SPAWN: Point = { x: 4, z: 0 };
