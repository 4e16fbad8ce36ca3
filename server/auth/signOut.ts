import type { Presence } from "@colyseus/core";
import type { Sessions } from "./sessions.ts";

/** Told to every space, on every process: this child's sign-ins have ended (server/rooms/watchers.ts). */
export const SIGNED_OUT_TOPIC = "hidamari:account-ended";

/**
 * Ends every sign-in of a child and lets them go from any space they are in now, a seat kept for
 * a dropped link too: ending the sign-ins alone would leave an open connection (and a tablet that
 * reconnects to its kept seat) inside. For a child blocked or erased, and for a code taken back or
 * replaced (a lost card may be in someone else's hands).
 */
export async function signOutStudent(deps: { sessions: Sessions; presence: Presence }, studentId: string): Promise<void> {
  await deps.sessions.revokeAll({ kind: "student", studentId });
  await deps.presence.publish(SIGNED_OUT_TOPIC, studentId);
}
