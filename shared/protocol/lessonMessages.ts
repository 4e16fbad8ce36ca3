import { z } from "zod/mini";
import { LIMITS } from "../domain/limits.ts";
import { POLL_LIMITS } from "../domain/polls.ts";
import { bounded, int } from "./messages.ts";

/**
 * What a child sends in a lesson beyond the first visit's messages: loaded with the lesson's
 * parts (client/ui/lessonPanel.ts adds them to its connection, as the staff page adds
 * StaffMessages), so a first visit carries none of these schemas. The capability table still
 * decides who may send them.
 */
export const LessonMessages = {
  /**
   * An answer to the quick check open now (`poll`: its id): one of its choices (by index), a whole
   * number, or a pass ("I'd rather not answer"). Sent again, it replaces the earlier answer.
   */
  answerPoll: z.union([
    z.strictObject({ poll: bounded(1, 80), choice: int(0, POLL_LIMITS.maxChoices - 1) }),
    z.strictObject({ poll: bounded(1, 80), value: int(-POLL_LIMITS.numberMax, POLL_LIMITS.numberMax) }),
    z.strictObject({ poll: bounded(1, 80), pass: z.literal(true) }),
  ]),
  /**
   * Puts up my table's board, whole (normalised on the server: shared/domain/tables.ts
   * normaliseBoard); "" clears it (staff wipe a table's board so, from the console).
   */
  tableBoard: z.strictObject({ text: bounded(0, LIMITS.tableBoardLines * LIMITS.tableBoardLineChars * 8) }),
} as const;
