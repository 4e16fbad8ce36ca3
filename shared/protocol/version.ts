/**
 * Bumped whenever a message, event or state field changes shape. The client sends it when it
 * joins; a mismatch is refused with `stale_client` so an old tab reloads instead of drifting.
 */
export const PROTOCOL_VERSION = 4;
