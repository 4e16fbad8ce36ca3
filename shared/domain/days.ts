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

/** YYYY-MM-DD, as a date field gives it (empty when cleared). */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The instant (epoch ms) the day `day` (YYYY-MM-DD) begins in `timeZone`, whatever its offset
 * that day (summer time included): a date field's day, as the school counts it. NaN for what is
 * no such day (a cleared field), which the server then refuses, as it should.
 */
export function startOfDayIn(timeZone: string, day: string): number {
  const [, y, m, d] = (DAY.exec(day) ?? []).map(Number);
  if (y === undefined || m === undefined || d === undefined) return Number.NaN;
  const wall = Date.UTC(y, m - 1, d);
  // The zone's offset at a first guess, then at the answer (an offset that changes overnight moves it).
  const guess = wall - offsetAt(timeZone, wall);
  return wall - offsetAt(timeZone, guess);
}

/** The day after `day` (YYYY-MM-DD); "" for what is no such day. */
export function dayAfter(day: string): string {
  const [, y, m, d] = (DAY.exec(day) ?? []).map(Number);
  if (y === undefined || m === undefined || d === undefined) return "";
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

const clocks = new Map<string, Intl.DateTimeFormat>();

/** How far ahead of UTC the wall clock in `timeZone` is at `ms` (ms; whole seconds). */
function offsetAt(timeZone: string, ms: number): number {
  let format = clocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    clocks.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, Number(p.value)]));
  const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return wall - Math.floor(ms / 1000) * 1000;
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
