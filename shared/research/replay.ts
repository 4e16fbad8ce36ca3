import { z } from "zod";
import { ZONE_IDS } from "../domain/zones.ts";

/** A session for the 3D replay: each admitted participant's stays, zones and 1 Hz positions (cm), in ms from the opening. */
export const Replay = z.object({
  durationMs: z.number(),
  tracks: z.array(
    z.object({
      pseudonym: z.string(),
      role: z.enum(["student", "staff"]),
      stays: z.array(z.object({ from: z.number(), to: z.number() })),
      zones: z.array(z.object({ t: z.number(), zone: z.enum(ZONE_IDS) })),
      points: z.array(z.object({ t: z.number(), x: z.number(), z: z.number() })),
    }),
  ),
});
export type Replay = z.infer<typeof Replay>;
