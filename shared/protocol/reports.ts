import { z } from "zod/mini";

/**
 * How far staff have got with a report a child made (issue 19): it reached the staff
 * (received), a staff member read it (looked at), it was dealt with (closed). Shown to the child
 * who made it, and no one else; never what it said or whom it was about.
 */
export const REPORT_STATUSES = ["received", "looked_at", "closed"] as const;
export const ReportStatus = z.enum(REPORT_STATUSES);
export type ReportStatus = z.infer<typeof ReportStatus>;

/**
 * GET /api/me/records: what the "what we record" page shows a child of their own: their
 * family's research consent, how long records are kept, and their reports, newest first.
 */
export const MyRecords = z.object({
  consent: z.enum(["none", "activity", "activity_chat"]),
  retentionDays: z.number(),
  reports: z.array(z.object({ at: z.number(), status: ReportStatus, changedAt: z.number() })),
});
export type MyRecords = z.infer<typeof MyRecords>;
