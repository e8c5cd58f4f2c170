/**
 * Statistics for noisy machines: medians, percentiles, and an interleaved
 * runner so a figure and its baseline share the same noise (each repetition
 * runs every contender once, in a rotating order).
 */

/** The median; NaN for no values. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/**
 * The p-th percentile (0–100), interpolating between the two nearest ranks;
 * NaN for no values.
 */
export function percentile(values: readonly number[], p: number): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const clamped = Math.min(100, Math.max(0, p));
  const rank = (clamped / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lo = sorted[low] as number;
  const hi = sorted[high] as number;
  return lo + (hi - lo) * (rank - low);
}

/** Element-wise a[i] / b[i] over the common length (one ratio per repetition). */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.min(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((a[i] as number) / (b[i] as number));
  return out;
}

/** Element-wise a[i] − b[i] over the common length (one difference per repetition). */
export function pairedDifferences(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.min(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((a[i] as number) - (b[i] as number));
  return out;
}

/** The number, or null when it is not finite (for a row's `value`). */
export function finite(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}

export interface InterleaveOptions {
  /** Measured repetitions (each runs every contender once). */
  reps: number;
  /** Repetitions run first and thrown away (JIT, caches, connections). */
  warmup?: number;
  /** Called before every single run, e.g. to collect garbage. */
  beforeEach?: () => void;
  /** Stops between runs. */
  signal?: AbortSignal;
}

/** Named runs to compare; an undefined entry is left out (a client missing on this machine). */
export type Contenders = Readonly<Record<string, (() => Promise<unknown>) | undefined>>;
/** Each contender's results, in repetition order. */
export type InterleaveResults<C extends Contenders> = { -readonly [K in keyof C]: Awaited<ReturnType<NonNullable<C[K]>>>[] };

/**
 * Runs every contender `reps` times, interleaved: repetition i starts with
 * contender i mod n and goes round, so no contender always runs first or
 * last. Returns each contender's results in repetition order (index i of
 * every list comes from the same repetition).
 */
export async function interleave<C extends Contenders>(contenders: C, options: InterleaveOptions): Promise<InterleaveResults<C>> {
  const entries = Object.entries(contenders).filter((e): e is [string, () => Promise<unknown>] => e[1] !== undefined);
  const results: Record<string, unknown[]> = Object.fromEntries(entries.map(([name]) => [name, []]));
  const warmup = Math.max(0, options.warmup ?? 0);
  const total = warmup + Math.max(0, options.reps);
  for (let rep = 0; rep < total; rep++) {
    for (let j = 0; j < entries.length; j++) {
      options.signal?.throwIfAborted();
      const [name, run] = entries[(rep + j) % entries.length] as [string, () => Promise<unknown>];
      options.beforeEach?.();
      const result = await run();
      if (rep >= warmup) results[name]?.push(result);
    }
  }
  return results as InterleaveResults<C>;
}

/** Runs the garbage collector when the process was started with --expose-gc; otherwise nothing. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function') gc();
}
