/**
 * The browser's storage, or null where it is refused (a private window, a school's policy,
 * storage switched off): callers then keep what they would have stored for this page only.
 */
export function savedStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** This tab's storage (sessionStorage): kept across a reload, gone with the tab. Null where refused. */
export function tabStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}
