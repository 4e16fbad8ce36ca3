/**
 * Calendar days where the school is. A school day is the day in the school's time zone, not in
 * UTC: 08:30 in Tokyo is still the day before in UTC, so a morning session, or a child removed
 * "for today" before nine, would otherwise land on yesterday.
 */
export const DEFAULT_TIME_ZONE = "Asia/Tokyo";

const formats = new Map<string, Intl.DateTimeFormat>();

/** The day (YYYY-MM-DD) it is at `ms` in `timeZone` (an IANA name such as Asia/Tokyo). */
export function dayIn(timeZone: string, ms: number): string {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(ms);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** Whether `name` is a time zone this runtime knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
