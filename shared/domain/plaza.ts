/**
 * The shared plaza (ひろば): a space several organisations share for a joint event. Its space is
 * named `plaza:<event id>` wherever an organisation's floor is named by the organisation's id (the
 * join option, the registry's open mark, the session log), so every rule of a floor holds there.
 */
const PREFIX = "plaza:";

export const plazaSpace = (eventId: string): string => `${PREFIX}${eventId}`;
export const isPlazaSpace = (space: string): boolean => space.startsWith(PREFIX);
export const plazaEventOf = (space: string): string | null => (isPlazaSpace(space) ? space.slice(PREFIX.length) : null);

/** How many organisations one event may bring together. */
export const PLAZA_MAX_ORGS = 50;
