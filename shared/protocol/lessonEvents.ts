import { z } from "zod/mini";
import { QUESTION_PHRASE_IDS } from "../domain/lesson.ts";

/**
 * The lesson's events (issue 15): apart from events.ts because a page needs them only once a
 * lesson is on. The student's first visit carries only their names (LESSON_EVENT_TYPES); the
 * connection fetches this module when the first of them arrives, and holds later events until
 * it is here, so nothing is read out of order (client/net/connection.ts).
 */

/** A child's question as the teacher sees it: text, or a quick phrase the teacher's page words. */
export const Question = z.object({
  id: z.string(),
  from: z.string(),
  nickname: z.string(),
  text: z.optional(z.string()),
  phrase: z.optional(z.enum(QUESTION_PHRASE_IDS)),
  at: z.number(),
});
export type Question = z.infer<typeof Question>;

export const LessonEvents = {
  /** Staff only: raised hands in the order they went up (session ids), first first. */
  hands: z.object({ order: z.array(z.string()) }),
  /** A child's own place in the hand queue (1 = next), 0 when their hand is down: never others' names. */
  handPlace: z.object({ place: z.number() }),
  /** The teacher only: a child's question. */
  question: Question,
  /** The asker (private) or the classroom (toClass, asked anonymously): the teacher's answer. */
  answer: z.object({ question: z.string(), phrase: z.optional(z.enum(QUESTION_PHRASE_IDS)), text: z.string(), by: z.string(), toClass: z.boolean() }),
} as const;
