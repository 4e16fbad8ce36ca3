const WRAP = 65_536;
const mod = (n: number) => ((n % WRAP) + WRAP) % WRAP;
const signed = (n: number) => ((mod(n) + WRAP / 2) % WRAP) - WRAP / 2;

/**
 * The server's clock as this page sees it. The state stamps each walk with the server's
 * milliseconds modulo 65,536 (shared/state/SpaceState.ts). A stamp reaches the page some time
 * after it was made, never before, so the smallest (arrival − stamp) seen is the clocks' offset
 * plus the fastest delivery: walks are replayed on this page's clock, shifted by that much.
 * Only stamps of walks in progress are observed: they are never older than 30 s (the server
 * writes a long walk again), where a standing avatar's stamp may be hours old and wrapped.
 */
export class ServerClock {
  /** (arrival − stamp) mod 2^16 of the first observation, and the least seen since, relative to it. */
  #first: number | null = null;
  #least = 0;

  observe(stamp: number, localNow: number): void {
    const d = mod(localNow - stamp);
    if (this.#first === null) this.#first = d;
    else this.#least = Math.min(this.#least, signed(d - this.#first));
  }

  /** This page's time (performance.now()) at which the server made `stamp`, a stamp of the last half-minute. */
  toLocal(stamp: number, localNow: number): number {
    if (this.#first === null) return localNow;
    const offset = this.#first + this.#least;
    return localNow - signed(localNow - offset - stamp);
  }
}
