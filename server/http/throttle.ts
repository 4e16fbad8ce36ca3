import type { Presence } from "@colyseus/core";

/**
 * Counts failed attempts per key (a device at the door, a user name at sign-in) in a sliding
 * window; sign-in and code entry use it. Kept in the presence, so several processes count
 * together: ten wrong codes are ten wherever they were typed. The window slides in tenths: a
 * failure counts until the tenth of the window it fell in has passed out of it. Each failure is
 * one atomic increment (Redis HINCRBY), so failures arriving together are all counted.
 */
export class Throttle {
  readonly #presence: Presence;
  readonly #slice: number;

  constructor(
    presence: Presence,
    readonly limit = 10,
    readonly windowMs = 10 * 60 * 1000,
  ) {
    this.#presence = presence;
    this.#slice = windowMs / 10;
  }

  async blocked(key: string): Promise<boolean> {
    const counts = (await this.#presence.hgetall(throttleKey(key))) ?? {};
    const oldest = this.#sliceOf(Date.now()) - 9;
    let recent = 0;
    for (const [slice, count] of Object.entries(counts)) {
      if (Number(slice) >= oldest) recent += Number(count);
      else await this.#presence.hdel(throttleKey(key), slice); // out of the window for good
    }
    return recent >= this.limit;
  }

  async failed(key: string): Promise<void> {
    await this.#presence.hincrbyex(throttleKey(key), String(this.#sliceOf(Date.now())), 1, Math.ceil((2 * this.windowMs) / 1000));
  }

  async succeeded(key: string): Promise<void> {
    await this.#presence.del(throttleKey(key));
  }

  #sliceOf(at: number): number {
    return Math.floor(at / this.#slice);
  }
}

const throttleKey = (key: string) => `hidamari:throttle:${key}`;
