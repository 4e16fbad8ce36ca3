import { type SchemaType, schema, t } from "@colyseus/schema";

/**
 * The synchronised state of one space. Field definitions only: the server writes them, every
 * client reads them. Positions are centimetres (int16) and headings one byte, see limits.ts.
 */
export const Avatar = schema(
  {
    nickname: t.string(),
    colour: t.string(),
    accessory: t.string(),
    zone: t.string(),
    x: t.int16(),
    z: t.int16(),
    heading: t.uint8(),
  },
  "Avatar",
);
export type Avatar = SchemaType<typeof Avatar>;

export const SpaceState = schema(
  {
    avatars: t.map(Avatar),
  },
  "SpaceState",
);
export type SpaceState = SchemaType<typeof SpaceState>;
