/**
 * The self-study corner (issue 15; PRODUCT.md: self-study じしゅう): a child sits at a self-study
 * desk in the quiet corner, may set today's goal, may open a learning site from the list their
 * organisation keeps, and may say what they did when they stand up. Every step is optional: a
 * child who only sits there has done nothing wrong. The desks themselves are in seats.ts.
 *
 * The wire carries the ids below; each reader's page words them in its own language
 * (client/ui/studyWords.ts, fetched with the study panel: a first visit carries none of this).
 */

/** Today's goal in one tap: what children at a learning centre's self-study seats usually bring. */
export const GOAL_PRESETS = ["homework", "worksheet", "reading", "kanji", "sums", "english", "explore"] as const;
export type GoalPreset = (typeof GOAL_PRESETS)[number];

/**
 * What they did, in one tap. "not_today" is as good an answer as the others: stopping early is
 * something a child may say without being asked why.
 */
export const DID_PRESETS = ["finished", "a_little", "not_today"] as const;
export type DidPreset = (typeof DID_PRESETS)[number];

export const STUDY = {
  /** A goal, and what was done, in a child's own words (normalised like chat). */
  goalMaxChars: 60,
  didMaxChars: 120,
  /** Learning sites an organisation keeps: a short list a child can read at a glance. */
  sitesPerOrganisation: 20,
  siteNameMaxChars: 40,
  siteUrlMaxChars: 500,
  /** Sessions a child sees in their own history. */
  historyShown: 10,
  /**
   * How long after standing up (by walking away, or a dropped link's seat given up) a child may
   * still say what they did, minutes: the panel asks once, and never again after this.
   */
  recordWithinMinutes: 30,
} as const;

/**
 * A learning site's address as the organisation's list keeps it: https only (a child's tab is
 * never sent to a plain-http or javascript: address), no user name or password in it, normalised
 * as the browser would (URL.href). Null when it is none of that.
 */
export function siteAddress(raw: string): string | null {
  if (raw.length > STUDY.siteUrlMaxChars || /\s/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" || url.username || url.password || !url.hostname) return null;
  return url.href.length <= STUDY.siteUrlMaxChars ? url.href : null;
}

/** Whole minutes between two times (ms), as a child's history and the log say them. */
export function minutesBetween(from: number, to: number): number {
  return Math.max(0, Math.round((to - from) / 60_000));
}
