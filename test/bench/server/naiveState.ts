import { type SchemaType, schema, t } from "@colyseus/schema";

/**
 * The naive baseline's state, as a first spike would write it: positions and heading as floats
 * (`t.number()`: float32/float64 on the wire), the same descriptive fields as Hidamari's avatar.
 * Imported by the naive server (naiveServer.ts) and by the bots that decode it.
 */
export const NaiveAvatar = schema(
  {
    nickname: t.string(),
    colour: t.string(),
    accessory: t.string(),
    zone: t.string(),
    x: t.number(),
    z: t.number(),
    heading: t.number(),
    kind: t.string(),
    status: t.string(),
    hand: t.boolean(),
  },
  "NaiveAvatar",
);
export type NaiveAvatar = SchemaType<typeof NaiveAvatar>;

export const NaiveState = schema({ avatars: t.map(NaiveAvatar) }, "NaiveState");
export type NaiveState = SchemaType<typeof NaiveState>;

/** The naive room's patch interval, milliseconds (Colyseus' default). */
export const NAIVE_PATCH_MS = 50;
/** How often the naive baseline's walking bots send their position (the spike's rate, fixed). */
export const NAIVE_SEND_HZ = 10;
