import { DEFAULT_TIME_ZONE, dayIn } from "../../shared/domain/days.ts";

/**
 * What all spaces of this process share: which organisations have an open space (a staff member
 * is present), and who was removed for today: the school's today, in its time zone. (With
 * several processes this moves to Redis.)
 */
export class SpaceRegistry {
  readonly #staffPresent = new Map<string, number>();
  readonly #removedToday = new Map<string, string>();
  readonly #today: () => string;

  constructor(timeZone = DEFAULT_TIME_ZONE, now: () => number = Date.now) {
    this.#today = () => dayIn(timeZone, now());
  }

  staffArrived(org: string): void {
    this.#staffPresent.set(org, (this.#staffPresent.get(org) ?? 0) + 1);
  }

  staffLeft(org: string): void {
    const n = (this.#staffPresent.get(org) ?? 1) - 1;
    if (n <= 0) this.#staffPresent.delete(org);
    else this.#staffPresent.set(org, n);
  }

  closed(org: string): void {
    this.#staffPresent.delete(org);
  }

  isOpen(org: string): boolean {
    return (this.#staffPresent.get(org) ?? 0) > 0;
  }

  removeForToday(studentId: string): void {
    this.#removedToday.set(studentId, this.#today());
  }

  isRemovedToday(studentId: string): boolean {
    return this.#removedToday.get(studentId) === this.#today();
  }
}
