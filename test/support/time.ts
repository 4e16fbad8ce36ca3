import type { Room } from "@colyseus/core";

/** The part of @colyseus/timer's ClockTimer this needs: where it reads the time, and its tick. */
interface HeldClock {
  now: () => number;
  currentTime: number;
  tick(): void;
}

/**
 * A space's own clock (Colyseus's `room.clock`, which times the seat kept for a dropped link and
 * the minute a space stays open without staff) held still, and moved only by `advance()`: the
 * real timers, at their real durations, fire the moment a test says the time has come.
 *
 * Only where the clock reads the time is replaced. The room still ticks it with every patch; held,
 * those ticks move nothing. Everything else (sockets, matchmaking, the test's own waiting) keeps
 * real time, so people can join and reconnect while the space's time stands still.
 */
export function holdClock(space: Room) {
  const clock = space.clock as unknown as HeldClock;
  let now = clock.currentTime;
  clock.now = () => now;
  return {
    /** Moves the space's time on by `ms` and runs every timer that is then due. */
    advance(ms: number): void {
      now += ms;
      clock.tick();
    },
  };
}
