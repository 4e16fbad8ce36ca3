import type { Room } from "@colyseus/core";

/** The part of @colyseus/timer's ClockTimer this needs: where it reads the time, and its tick. */
interface HeldClock {
  now: () => number;
  currentTime: number;
  tick(): void;
}

/**
 * A space's own clock (Colyseus's `room.clock`) held still, and moved only by `advance()`. It times
 * the seat kept for a dropped link, the minute a space stays open without staff, and (read through
 * SpaceRoom's #now) walks, message budgets and mutes: the real code, at its real durations, runs
 * the moment a test says the time has come.
 *
 * Only where the clock reads the time is replaced. The room still ticks it with every patch; held,
 * those ticks move nothing. Everything else (sockets, matchmaking, the test's own waiting) keeps
 * real time, so people can join and reconnect while the space's time stands still.
 */
export function holdClock(space: Room) {
  const clock = space.clock as unknown as HeldClock;
  let now = clock.now();
  clock.now = () => now;
  // Timers already running count the time until this moment, as they would have; from here on a
  // tick adds only what advance() added.
  clock.tick();
  return {
    /** Moves the space's time on by `ms` and runs every timer that is then due. */
    advance(ms: number): void {
      now += ms;
      clock.tick();
    },
  };
}
