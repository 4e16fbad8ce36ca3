import { z } from "zod/mini";

/**
 * The quick check's events (issue 15): shown by the lesson's panel, whose code brings these
 * schemas (Connection.hear), so a first visit carries none of them. Until then the page keeps
 * the last event of each such type, and hears it once the schema is here: a poll that arrives
 * with the join, before the panel is built, is not lost. (The lesson's other events are fetched
 * by the connection itself when the first arrives: lessonEvents.ts.)
 */

/** One person's answer: a choice's index, a number, or a pass ("I'd rather not answer"). */
export const PollAnswerView = z.object({ choice: z.optional(z.number()), value: z.optional(z.number()), pass: z.optional(z.literal(true)) });
export type PollAnswerView = z.infer<typeof PollAnswerView>;

/**
 * A quick check as each person in the space sees it: what is asked and how to answer (`choices`,
 * or a whole number within `min`–`max`), their own answer (`mine`) and, once the teacher has
 * closed it, the anonymous result: counts only, never who answered what. A quiz's correct choice
 * comes with the result only.
 */
export const PollView = z.object({
  id: z.string(),
  question: z.string(),
  choices: z.optional(z.array(z.string())),
  min: z.optional(z.number()),
  max: z.optional(z.number()),
  /** It has a correct choice (shown when it closes). */
  quiz: z.optional(z.literal(true)),
  mine: z.optional(PollAnswerView),
  result: z.optional(
    z.object({
      counts: z.array(z.number()),
      /** Every number given, smallest first (a number poll). */
      values: z.array(z.number()),
      passed: z.number(),
      correct: z.optional(z.number()),
    }),
  ),
});
export type PollView = z.infer<typeof PollView>;

export const PollEvents = {
  /** The quick check open now (to everyone, and to each again with their own answer), or its result. */
  poll: PollView,
} as const;
export type PollEventType = keyof typeof PollEvents;
