import type { Presence } from "@colyseus/core";
import { DEFAULT_TIME_ZONE, dayIn } from "../../shared/domain/days.ts";
import { LessonSummary } from "../../shared/protocol/http.ts";

/** How long an open space stays listed as open without news from its process (a process that died). */
const OPEN_TTL_SECONDS = 30;
const HEARTBEAT_MS = 10_000;

/**
 * What the spaces of an installation share: which organisations have an open space (a staff
 * member is present), and who was removed for today (the school's today, in its time zone).
 * Each organisation's space runs on one process, which counts its staff here and tells the
 * presence (this process's memory, or Redis for several processes) while the space is open,
 * again every ten seconds; a process that dies stops telling, and its space reads as closed
 * within half a minute: no child enters a space no adult is watching.
 */
export class SpaceRegistry {
  readonly #presence: Presence;
  readonly #staffHere = new Map<string, number>();
  readonly #heartbeats = new Map<string, NodeJS.Timeout>();
  readonly #today: () => string;
  readonly #timeZone: string;

  constructor(presence: Presence, timeZone = DEFAULT_TIME_ZONE, now: () => number = Date.now) {
    this.#presence = presence;
    this.#today = () => dayIn(timeZone, now());
    this.#timeZone = timeZone;
  }

  staffArrived(org: string): void {
    const n = (this.#staffHere.get(org) ?? 0) + 1;
    this.#staffHere.set(org, n);
    if (n === 1) this.#announceOpen(org);
  }

  staffLeft(org: string): void {
    const n = (this.#staffHere.get(org) ?? 1) - 1;
    if (n <= 0) this.closed(org);
    else this.#staffHere.set(org, n);
  }

  closed(org: string): void {
    this.#staffHere.delete(org);
    clearInterval(this.#heartbeats.get(org));
    this.#heartbeats.delete(org);
    void this.#presence.del(openKey(org));
  }

  /** Whether this process's space of the organisation has staff in it now. */
  isOpenHere(org: string): boolean {
    return (this.#staffHere.get(org) ?? 0) > 0;
  }

  /** Whether the organisation's space is open, wherever it runs. */
  async isOpen(org: string): Promise<boolean> {
    return this.isOpenHere(org) || (await this.#presence.exists(openKey(org)));
  }

  /** Out for today: of every space, or of one plaza only (a plaza's staff decide for their plaza, not for the child's own floor). */
  async removeForToday(studentId: string, plaza?: string): Promise<void> {
    await this.#presence.setex(removedKey(studentId, plaza), this.#today(), 26 * 60 * 60);
  }

  async isRemovedToday(studentId: string, plaza?: string): Promise<boolean> {
    return (await this.#presence.get(removedKey(studentId, plaza))) === this.#today();
  }

  /**
   * The lesson on now in a space, for its door (whichever process the door's request reaches).
   * Kept for a school day at most; the door shows it only while the space is open (routes.ts), and
   * a space that opens again clears what a process that died mid-lesson left (SpaceRoom.onCreate),
   * so the mark never outlives its lesson for a child to act on.
   */
  async lessonOn(space: string, lesson: LessonSummary): Promise<void> {
    await this.#presence.setex(lessonKey(space), JSON.stringify(lesson), 12 * 60 * 60);
  }

  async lessonOff(space: string): Promise<void> {
    await this.#presence.del(lessonKey(space));
  }

  async lessonOf(space: string): Promise<LessonSummary | null> {
    const kept = await this.#presence.get(lessonKey(space));
    if (typeof kept !== "string") return null;
    try {
      const parsed = LessonSummary.safeParse(JSON.parse(kept));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /**
   * A welcome session (issue 18) in a space, for its door wherever the request lands; kept for a
   * school day at most, and cleared when the space opens again (SpaceRoom.onCreate).
   */
  async welcome(space: string, on: boolean): Promise<void> {
    if (on) await this.#presence.setex(welcomeKey(space), "1", 12 * 60 * 60);
    else await this.#presence.del(welcomeKey(space));
  }

  async isWelcome(space: string): Promise<boolean> {
    return (await this.#presence.get(welcomeKey(space))) === "1";
  }

  /** Whether an instant falls on the school's today (its time zone). */
  isToday(ms: number): boolean {
    return dayIn(this.#timeZone, ms) === this.#today();
  }

  /** Stops telling (the process is shutting down); the spaces' marks expire by themselves. */
  dispose(): void {
    for (const timer of this.#heartbeats.values()) clearInterval(timer);
    this.#heartbeats.clear();
  }

  #announceOpen(org: string): void {
    const tell = () => void this.#presence.setex(openKey(org), "1", OPEN_TTL_SECONDS);
    tell();
    const timer = setInterval(tell, HEARTBEAT_MS);
    timer.unref();
    this.#heartbeats.set(org, timer);
  }
}

const openKey = (org: string) => `hidamari:open:${org}`;
const lessonKey = (space: string) => `hidamari:lesson:${space}`;
const welcomeKey = (space: string) => `hidamari:welcome:${space}`;
const removedKey = (studentId: string, plaza?: string) => `hidamari:removed-today:${plaza ? `${plaza}:` : ""}${studentId}`;
