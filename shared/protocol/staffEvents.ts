import { z } from "zod/mini";
import { ServerEvents } from "./events.ts";
import { LessonEvents } from "./lessonEvents.ts";
import { PollAnswerView, PollEvents } from "./pollEvents.ts";
import { QuestionEvents } from "./questionEvents.ts";
import { VoiceEvents } from "./voice.ts";
import { CheckInEvents } from "./checkIn.ts";

/**
 * Server→client events only staff receive, validated only on the staff page (it hears them,
 * Connection.hear): a student's first visit carries none of their schemas.
 */

/**
 * A quick check's live tally, for staff: the counts, and who answered what, by nickname, for the
 * children of the staff member's own organisation (in a plaza, other organisations' children are
 * in the counts only). A quiz's correct choice too.
 */
export const PollTally = z.object({
  poll: z.string(),
  counts: z.array(z.number()),
  values: z.array(z.number()),
  passed: z.number(),
  correct: z.optional(z.number()),
  answers: z.array(z.object({ nickname: z.string(), answer: PollAnswerView })),
  closed: z.boolean(),
});
export type PollTally = z.infer<typeof PollTally>;

/**
 * What the console shows when a counsellor opens one of their own children's details (issue 19):
 * the staff-only note, research consent, whether today is their first day, and their next
 * booking. While anyone has a child's details open, every child sees that staff are looking
 * after the space (SpaceState.staffLooking), never whose details.
 */
export const ChildDetails = z.object({
  target: z.string(),
  note: z.string(),
  consent: z.enum(["none", "activity", "activity_chat"]),
  firstDay: z.boolean(),
  nextBooking: z.nullable(z.object({ kind: z.string(), startsAt: z.number() })),
});
export type ChildDetails = z.infer<typeof ChildDetails>;

export const StaffEvents = {
  pollTally: PollTally,
  childDetails: ChildDetails,
} as const;

/** Every event the server sends, by type: everyone's, the lesson's and staff's (the server's table). */
export const AllServerEvents = { ...ServerEvents, ...LessonEvents, ...PollEvents, ...QuestionEvents, ...StaffEvents, ...VoiceEvents, ...CheckInEvents };
export type AnyServerEventType = keyof typeof AllServerEvents;
export type AnyServerEvent<T extends AnyServerEventType> = z.infer<(typeof AllServerEvents)[T]>;
