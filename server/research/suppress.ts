/**
 * Small-cell suppression, the one rule every research view and export uses: a count below the
 * threshold (HIDAMARI_SUPPRESS_BELOW, 5 by default) could point at a child, so it is withheld
 * (null) rather than shown.
 */
export function suppressBelow(k: number): (n: number) => number | null {
  return (n) => (n < k ? null : n);
}
