import type { ZoneId } from "../../shared/domain/zones.ts";

/**
 * The world's colours (sRGB hex): warm wood, soft plaster, muted fabric. Calm, never saturated,
 * and far enough apart in lightness that the things that matter (floor, walls, furniture, people)
 * stay readable on a small tablet and in high contrast.
 */
export const WOOD = 0xb98555;
export const WOOD_LIGHT = 0xd8b48a;
export const WOOD_DARK = 0x8a5a36;
export const PLASTER = 0xf6e7d2;
export const TRIM = 0xc79b74;
export const FRAME = 0xfaf6ee;
export const SKY = 0xbfe2f4;
export const SKY_LOW = 0xe3f1ea;
export const LEAF = 0x6fa86a;
export const LEAF_DARK = 0x4f8a55;
export const TRUNK = 0x8a6446;
export const POT = 0xc86f4b;
export const LAWN = 0xc9ddb0;
export const SUN = 0xfff1cf;
export const BOARD = 0x2f5d50;
export const CHALK = 0xf2f2ea;
export const BOOKS = [0xd9695f, 0x6fa8dc, 0xf2c14e, 0x7fb77e, 0xb48ecf] as const;
export const CURTAIN: Record<ZoneId, number> = { classroom: 0xf3d9a4, talk: 0xf4c1a1, quiet: 0xc9dcc0, counselling: 0xe8b7b0 };

/** Floors: wood in the classroom and the talk area (two tones of plank), soft carpets where one sits. */
export const FLOOR_PLANKS: Partial<Record<ZoneId, readonly number[]>> = {
  classroom: [0xd9b68c, 0xd2ad82, 0xdebe95],
  talk: [0xe8cf9a, 0xe2c892, 0xecd5a5],
};

/**
 * Each area's mood: its colours drawn a little towards a tint and lightened or dimmed. Bright
 * and even for learning, sunny where people talk, soft and green in the quiet corner, warm in
 * the counselling room.
 */
export const MOOD: Record<ZoneId, { tint: number; amount: number; light: number }> = {
  classroom: { tint: 0xfff6e6, amount: 0.04, light: 1.0 },
  talk: { tint: 0xffd98a, amount: 0.08, light: 1.02 },
  quiet: { tint: 0xb8d4c4, amount: 0.12, light: 0.96 },
  counselling: { tint: 0xffc6a8, amount: 0.12, light: 1.0 },
};
