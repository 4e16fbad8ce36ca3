import type { ZoneId } from "../../shared/domain/zones.ts";

/**
 * Is the counselling room closed to me? As the server decides it (lockedOut in
 * server/rooms/handlers/move.ts), so that "go to" can say so instead of walking a child to a
 * closed door: while staff have locked it for a talk, it is closed to a child outside it who was
 * neither inside when it was locked nor let in since (accepting a knock puts them inside); in a
 * shared plaza it is closed to everyone, staff too.
 */
export class CounsellingDoor {
  #locked = false;
  /** I may go back into the locked room (the server's counsellingMembers). */
  #member = false;
  #zone: ZoneId | null = null;

  /** Staff locked or unlocked the room (SpaceState.counsellingLocked): whoever is inside may come back. */
  lock(locked: boolean): void {
    this.#locked = locked;
    this.#member = locked && this.#zone === "counselling";
  }

  /** The server says I am in this zone now: shown into the locked room, I am one of its members. */
  enter(zone: ZoneId): void {
    this.#zone = zone;
    if (zone === "counselling" && this.#locked) this.#member = true;
  }

  /** `me` as the space shows me: a plaza's badge (a guest from elsewhere), staff or not. */
  closedTo(me: { badge: string; staff: boolean }): boolean {
    if (this.#zone === "counselling") return false;
    return me.badge !== "" || (this.#locked && !me.staff && !this.#member);
  }
}
