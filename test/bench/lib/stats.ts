/**
 * Small statistics for the benchmark: a fixed-resolution histogram (so thousands of bots can
 * record every patch gap without keeping them), means with their spread, and text tables.
 */

/** Durations in milliseconds, bucketed at 0.5 ms up to 10 s (everything longer lands in the last bucket). */
export class Histogram {
  static readonly RESOLUTION_MS = 0.5;
  readonly #buckets = new Uint32Array(20_001);
  #count = 0;
  #max = 0;
  #sum = 0;

  add(ms: number): void {
    const i = Math.min(this.#buckets.length - 1, Math.max(0, Math.round(ms / Histogram.RESOLUTION_MS)));
    this.#buckets[i] = (this.#buckets[i] ?? 0) + 1;
    this.#count++;
    this.#sum += ms;
    if (ms > this.#max) this.#max = ms;
  }

  get count(): number {
    return this.#count;
  }

  get max(): number {
    return this.#max;
  }

  get mean(): number {
    return this.#count ? this.#sum / this.#count : Number.NaN;
  }

  /** The q-quantile (0..1), to the histogram's resolution; NaN when empty. */
  quantile(q: number): number {
    if (this.#count === 0) return Number.NaN;
    const rank = Math.ceil(q * this.#count);
    let seen = 0;
    for (let i = 0; i < this.#buckets.length; i++) {
      seen += this.#buckets[i] ?? 0;
      if (seen >= rank) return i * Histogram.RESOLUTION_MS;
    }
    return this.#max;
  }

  reset(): void {
    this.#buckets.fill(0);
    this.#count = 0;
    this.#max = 0;
    this.#sum = 0;
  }
}

export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
}

export function median(values: readonly number[]): number {
  if (!values.length) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Half the range of the runs, as a fraction of their mean: "± x %" over interleaved runs. */
export function spread(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  return (Math.max(...values) - Math.min(...values)) / 2 / Math.abs(mean(values));
}

/** A number with about three significant figures. */
export function fmt(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return "—";
  if (value === 0) return "0";
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return value.toLocaleString("en-GB", { maximumFractionDigits: decimals, minimumFractionDigits: 0 });
}

/** "1.23 ±4 %" from repeated runs. */
export function fmtRuns(values: readonly number[], unit = "", digits = 3): string {
  const s = spread(values);
  const base = `${fmt(mean(values), digits)}${unit ? ` ${unit}` : ""}`;
  return Number.isFinite(s) ? `${base} ±${Math.round(s * 100)} %` : base;
}

export function ratio(ours: number, baseline: number): string {
  if (!Number.isFinite(ours) || !Number.isFinite(baseline) || baseline === 0) return "—";
  return `${fmt(ours / baseline, 2)}×`;
}

export const MB = 1_000_000;
export const KB = 1_000;

/** Left-aligned text columns; the first row is the header. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (row: readonly string[]) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  const [head, ...body] = rows;
  if (!head) return "";
  return [line(head), widths.map((w) => "─".repeat(w)).join("  "), ...body.map(line)].join("\n");
}
