import { z } from "zod/mini";

/**
 * A guardian's rights over what is held about their child (issue 19), carried out by an admin:
 * a copy of everything, and erasure. An erasure must be confirmed by typing the child's nickname,
 * so that a slip of the hand on the wrong row cannot erase anyone.
 */
export const EraseBody = z.strictObject({ confirm: z.string().check(z.trim(), z.minLength(1), z.maxLength(40)) });

/** Something about the child that had already left Hidamari before the erasure: listed, not silently forgotten. */
export const SharedBefore = z.object({
  /** A research export (pseudonymised, of a study) that covered their visits; or statements sent to an LRS. */
  kind: z.enum(["research_export", "lrs"]),
  at: z.number(),
  /** The study (research exports), or the LRS's address. */
  where: z.string(),
  /** How many statements (LRS), or the export's format. */
  what: z.string(),
});
export type SharedBefore = z.infer<typeof SharedBefore>;

export const Erased = z.object({
  /** How many records went, by where they were kept. */
  erased: z.record(z.string(), z.number()),
  alreadyShared: z.array(SharedBefore),
});
export type Erased = z.infer<typeof Erased>;
