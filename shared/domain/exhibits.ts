/**
 * The exhibit wall (issue 15): children's work (a picture of it) that staff put up, only with the
 * child's consent, with their nickname or without it. Everyone in the organisation's space sees
 * the wall and can open a work large; the child can take their own down at any time.
 */
export const EXHIBITS = {
  /** The picture as the staff page sends it: already made smaller there. */
  maxBytes: 2 * 1024 * 1024,
  maxSide: 2048,
  titleMaxChars: 40,
  /** Works on an organisation's wall; the oldest must come down before another goes up. */
  perOrganisation: 60,
  /** How long staff have to send the picture once the child said yes. */
  grantMinutes: 15,
} as const;

export function exhibitUrl(id: string): string {
  return `/api/exhibits/${encodeURIComponent(id)}`;
}
