import { z } from "zod/mini";
import { QUESTION_PHRASE_IDS } from "../domain/lesson.ts";

/**
 * A child's own questions in a lesson: heard by the lesson's panel, whose code brings this schema
 * (Connection.hear), as pollEvents.ts's are, so a first visit carries none of it.
 */
export const QuestionEvents = {
  /**
   * To a child only, whenever it changes (asked, answered, forgotten as too old) and on coming back
   * to a lesson: their questions the teacher has not answered yet, oldest first, as they asked them.
   * Without it a question went out of sight once sent, and a child could not tell it was still waiting.
   */
  myQuestions: z.object({ items: z.array(z.object({ text: z.optional(z.string()), phrase: z.optional(z.enum(QUESTION_PHRASE_IDS)) })) }),
} as const;
export type MyQuestions = z.infer<(typeof QuestionEvents)["myQuestions"]>;
