import { tabStorage } from "../storage.ts";

/**
 * A counsellor whose page reloads (a stray F5, a tablet reloading a background tab) comes back
 * into the space they were in: before, they landed on the staff home, which offered to "open the
 * space" as if it were closed, while the children were told no supporter was here. Kept per tab
 * (sessionStorage: another tab is another person's choice), refreshed while in the space, and
 * forgotten when they leave on purpose, sign out, or the space closes: a reload then shows the
 * staff home, and nothing reopens a space someone closed.
 */
const KEY = "hidamari:staff-in-space";
/** Refreshed this often while in the space; a mark older than FRESH_MS is from a page long gone. */
export const IN_SPACE_REFRESH_MS = 20_000;
const FRESH_MS = 60_000;

interface Mark {
  plazaId: string | null;
  at: number;
}

export function markInSpace(plazaId: string | undefined): void {
  tabStorage()?.setItem(KEY, JSON.stringify({ plazaId: plazaId ?? null, at: Date.now() } satisfies Mark));
}

export function forgetInSpace(): void {
  tabStorage()?.removeItem(KEY);
}

/** Where this tab was a moment ago (my organisation's space: plazaId undefined), or null. */
export function wasInSpace(): { plazaId: string | undefined } | null {
  let mark: Partial<Mark> | null = null;
  try {
    mark = JSON.parse(tabStorage()?.getItem(KEY) ?? "null") as Partial<Mark> | null;
  } catch {
    mark = null;
  }
  if (!mark || typeof mark.at !== "number" || Date.now() - mark.at > FRESH_MS) return null;
  return { plazaId: typeof mark.plazaId === "string" ? mark.plazaId : undefined };
}
