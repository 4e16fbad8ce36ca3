import { z } from "zod/mini";
import { DID_PRESETS, GOAL_PRESETS, STUDY, siteAddress } from "../domain/study.ts";
import { normaliseText } from "../domain/text.ts";
import { bounded, text } from "./messages.ts";

/**
 * The self-study corner's wire contract (shared/domain/study.ts): what a child at a desk sends,
 * what their page fetches over HTTP, and the bodies with which staff keep the list of learning
 * sites. Apart from messages.ts and door.ts because only the study panel (fetched when a child
 * first comes to the quiet corner) and the staff page need it: the first visit carries none of it.
 * Sitting down and standing up are the classroom's own `sit` and `stand` (messages.ts).
 */

/** Today's goal: a preset (one tap), the child's own words, or both; at least one. */
export const GoalBody = z
  .strictObject({ preset: z.optional(z.enum(GOAL_PRESETS)), text: z.optional(text(STUDY.goalMaxChars)) })
  .check(z.refine((goal) => goal.preset !== undefined || goal.text !== undefined, "a preset, words, or both"));

export const StudyMessages = {
  /** Sets (or changes) today's goal while at a desk. */
  studyGoal: GoalBody,
  /**
   * A listed learning site opened in a new tab, or the child back in the space's tab after it.
   * By the site's id in the organisation's list: an address a child typed never reaches the server.
   */
  studySite: z.strictObject({ site: bounded(1, 64), event: z.enum(["opened", "returned"]) }),
  /**
   * At a desk: stands up, with what they did if they say it ({} says nothing, and that is fine).
   * Just after standing up some other way: what they did, for the session that ended.
   */
  studyEnd: z.strictObject({ did: z.optional(z.enum(DID_PRESETS)), text: z.optional(text(STUDY.didMaxChars)) }),
} as const;

/** A learning site as a child's page shows it: opened in a new tab, by its address. */
export const StudySite = z.object({ id: z.string(), name: z.string(), url: z.string() });
export type StudySite = z.infer<typeof StudySite>;

/** One self-study session in a child's own history; `endedAt` null while it goes on (or if the server stopped first). */
export const StudyRecord = z.object({
  startedAt: z.number(),
  endedAt: z.nullable(z.number()),
  goal: z.nullable(z.object({ preset: z.optional(z.enum(GOAL_PRESETS)), text: z.optional(z.string()) })),
  did: z.nullable(z.object({ preset: z.optional(z.enum(DID_PRESETS)), text: z.optional(z.string()) })),
});
export type StudyRecord = z.infer<typeof StudyRecord>;

/** GET /api/study/mine: the organisation's learning sites, and the signed-in child's own last sessions, newest first. */
export const StudyMine = z.object({ sites: z.array(StudySite), history: z.array(StudyRecord) });
export type StudyMine = z.infer<typeof StudyMine>;

/** A learning site for the organisation's list (staff): a name a child can read, an https address. */
export const StudySiteBody = z.strictObject({
  name: z.pipe(
    z.pipe(z.string().check(z.maxLength(STUDY.siteNameMaxChars * 8)), z.transform((s: string) => normaliseText(s, STUDY.siteNameMaxChars))),
    z.string().check(z.minLength(1)),
  ),
  url: z.pipe(
    z.string().check(z.maxLength(STUDY.siteUrlMaxChars), z.refine((s) => siteAddress(s) !== null, "an https address")),
    z.transform((s: string) => siteAddress(s) ?? s),
  ),
});
export const StudySiteList = z.object({ sites: z.array(StudySite) });
export const StudySiteAdded = StudySite;
