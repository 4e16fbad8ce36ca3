import type { Services } from "./services.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often the expired is looked for: a few times a day is plenty for a limit counted in days. */
export const RETENTION_CHECK_MS = 6 * 60 * 60 * 1000;

/**
 * The retention limit kept by itself (HIDAMARI_RETENTION_DAYS, 365 by default): records of
 * children's days older than that go, whether or not an admin purges sooner. The "what we
 * record" page tells each child this limit, so it has to hold without anyone remembering.
 * Answers how many records of each kind went.
 */
export async function purgeExpired(services: Pick<Services, "log" | "selfStudy" | "reports" | "checkIns" | "attendanceReports" | "research" | "clock">): Promise<Record<string, number>> {
  const before = services.clock.now() - services.research.retentionDays * DAY_MS;
  return {
    events: await services.log.purgeBefore(before),
    selfStudy: await services.selfStudy.purgeBefore(before),
    reports: await services.reports.purgeBefore(before),
    // Check-ins are kept by school day: a day before the limit's UTC day has certainly passed it.
    checkIns: await services.checkIns.purgeBefore(new Date(before - DAY_MS).toISOString().slice(0, 10)),
    attendanceReports: await services.attendanceReports.purgeBefore(before),
  };
}

/** Purges at start and every RETENTION_CHECK_MS; a failure is logged and tried again next time. */
export function keepRetention(services: Services): () => void {
  const run = () =>
    purgeExpired(services)
      .then((gone) => {
        if (Object.values(gone).some((n) => n > 0)) services.logger.info({ gone, days: services.research.retentionDays }, "records past the retention limit deleted");
      })
      .catch((err: unknown) => services.logger.error({ err }, "retention purge failed; tried again later"));
  void run();
  const timer = setInterval(run, RETENTION_CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
