/**
 * The daily check-in (きょうの きもち, issue 19): on entering, a child may say how they feel today
 * with one of a few faces, or not (skipping is the default, and as fine as any face). One answer
 * per child per school day (shared/domain/days.ts), which they may change; off unless their
 * organisation turns it on, and staff may turn it off for one child. The child sees their own
 * days; their counsellors see a trend and a quiet flag; research sees aggregates, with consent.
 */

/** The faces, from the brightest to the lowest: the order the card and the trend draw them in. */
export const FACES = ["great", "good", "okay", "low", "hard"] as const;
export type Face = (typeof FACES)[number];
/** What a child may answer: a face, or "not today" (kept, so the card is not offered again that day). */
export const CHECK_IN_ANSWERS = [...FACES, "skip"] as const;
export type CheckInAnswer = (typeof CHECK_IN_ANSWERS)[number];

export const LOWEST_FACE: Face = "hard";

export const CHECK_IN = {
  /** Days of their own a child sees (four weeks). */
  historyDays: 28,
  /** Days of each child's trend their counsellors see. */
  trendDays: 28,
  /**
   * The quiet flag: the child's last this-many answered check-ins (skips and days without one are
   * not counted, either way) were all the lowest face, the latest within flagWithinDays.
   */
  flagAfter: 3,
  flagWithinDays: 14,
} as const;

/** 1 for the brightest face … 5 for the lowest (the trend's height). */
export function faceLevel(face: Face): number {
  return FACES.indexOf(face) + 1;
}

export interface CheckInDay {
  /** YYYY-MM-DD in the organisation's time zone. */
  day: string;
  answer: CheckInAnswer;
}

/**
 * Whether a child's check-ins (any order) raise the quiet flag on `today`: their last
 * CHECK_IN.flagAfter faces were all the lowest, and the latest of them is recent.
 */
export function quietFlag(days: readonly CheckInDay[], today: string): boolean {
  const faces = days.filter((d) => d.answer !== "skip" && d.day <= today).sort((a, b) => (a.day < b.day ? 1 : -1));
  const last = faces.slice(0, CHECK_IN.flagAfter);
  if (last.length < CHECK_IN.flagAfter || !last.every((d) => d.answer === LOWEST_FACE)) return false;
  return daysBetween(last[0]?.day ?? today, today) < CHECK_IN.flagWithinDays;
}

/** Whole days from one YYYY-MM-DD to another (calendar days: no time zone involved). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The YYYY-MM-DD `n` calendar days before `day`. */
export function dayBefore(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
}
