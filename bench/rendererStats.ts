import { percentile } from './stats';

/**
 * The renderer benchmark's arithmetic, kept apart from the browser so it can
 * be tested: frame times from requestAnimationFrame timestamps, long tasks,
 * and the rate of `agent.events` flushes a page received.
 */

/** A task the page's PerformanceObserver reported as long (over 50 ms). */
export interface LongTask {
  startMs: number;
  durationMs: number;
}

/** One `agent.events` message as the page received it. */
export interface ReceivedFlush {
  /** Page clock (performance.now). */
  at: number;
  /** Characters of answer text it carried (text-delta events). */
  textChars: number;
  /** Whether it ended the run (run-finish, run-error or run-abort). */
  ended: boolean;
}

export interface FrameStats {
  /** Frame intervals measured (one fewer than the timestamps). */
  frames: number;
  medianMs: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Intervals over 20 ms (missed the target) and over 50 ms (visible stalls). */
  over20: number;
  over50: number;
}

/** A browser reports a long task when it runs over 50 ms. */
export const LONG_TASK_MS = 50;

/**
 * Frame times: the intervals between consecutive requestAnimationFrame
 * timestamps. A frame the main thread was too busy to produce shows up as a
 * longer interval. NaN figures for fewer than two timestamps.
 */
export function frameStats(timestamps: readonly number[]): FrameStats {
  const deltas: number[] = [];
  for (let i = 1; i < timestamps.length; i++) deltas.push((timestamps[i] as number) - (timestamps[i - 1] as number));
  return {
    frames: deltas.length,
    medianMs: percentile(deltas, 50),
    p95Ms: percentile(deltas, 95),
    p99Ms: percentile(deltas, 99),
    maxMs: deltas.length ? Math.max(...deltas) : Number.NaN,
    over20: deltas.filter((d) => d > 20).length,
    over50: deltas.filter((d) => d > LONG_TASK_MS).length,
  };
}

export interface LongTaskStats {
  count: number;
  /** 0 when there was none. */
  longestMs: number;
  /** Sum of their durations. */
  totalMs: number;
  /** Sum of the time each spent over 50 ms (Lighthouse's total blocking time). */
  blockingMs: number;
}

export function longTaskStats(tasks: readonly LongTask[]): LongTaskStats {
  let longestMs = 0;
  let totalMs = 0;
  let blockingMs = 0;
  for (const t of tasks) {
    longestMs = Math.max(longestMs, t.durationMs);
    totalMs += t.durationMs;
    blockingMs += Math.max(0, t.durationMs - LONG_TASK_MS);
  }
  return { count: tasks.length, longestMs, totalMs, blockingMs };
}

export interface FlushRate {
  /** Flushes that carried answer text. */
  textFlushes: number;
  /** From the first text flush to the last, in seconds (NaN for fewer than two). */
  seconds: number;
  /** Text flushes per second over that span: intervals ÷ time, so n flushes spread evenly over 1 s read as n − 1. */
  perSecond: number;
  /** The most text flushes that arrived within any one second. */
  busiestSecond: number;
  /** Characters of text received. */
  textChars: number;
}

/** How often a page received flushes carrying text while a run streamed. */
export function flushRate(flushes: readonly ReceivedFlush[]): FlushRate {
  const text = flushes.filter((f) => f.textChars > 0).map((f) => f.at);
  text.sort((a, b) => a - b);
  const textChars = flushes.reduce((n, f) => n + f.textChars, 0);
  const seconds = text.length >= 2 ? ((text.at(-1) as number) - (text[0] as number)) / 1000 : Number.NaN;
  const perSecond = seconds > 0 ? (text.length - 1) / seconds : Number.NaN;
  // Two pointers over the sorted times: the largest count inside [t, t + 1000).
  let busiestSecond = 0;
  for (let lo = 0, hi = 0; lo < text.length; lo++) {
    while (hi < text.length && (text[hi] as number) < (text[lo] as number) + 1000) hi++;
    busiestSecond = Math.max(busiestSecond, hi - lo);
  }
  return { textFlushes: text.length, seconds, perSecond, busiestSecond, textChars };
}

/** Bytes as MiB. */
export function mib(bytes: number): number {
  return bytes / (1024 * 1024);
}
