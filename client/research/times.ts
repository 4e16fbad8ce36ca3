/**
 * How the research page writes an instant: in the researcher's language, and in the school's
 * time zone, the one the server counts its days in (the attendance calendar's). In the browser's
 * own zone, a researcher abroad read a session at 18:30 listed under the next day's column.
 */
export interface Times {
  lang: "ja" | "en";
  timeZone: string;
}

export function timeText(times: Times, ms: number, options: Intl.DateTimeFormatOptions): string {
  return new Date(ms).toLocaleString(times.lang === "ja" ? "ja-JP" : "en-GB", { ...options, timeZone: times.timeZone });
}
