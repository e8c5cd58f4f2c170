import { setTimeout } from 'node:timers/promises';
import { isRetryable } from '../../../shared/errors';
import { PunieError } from '../errors';
import { retryAfterMs } from './classifyError';

/**
 * Retries an operation that failed with a retryable error (rate-limited,
 * server-error), with exponential backoff and jitter, a bounded number of
 * times, honouring Retry-After and the abort signal. Only ever wrap the part
 * of a request before any output arrived.
 */
export interface RetryOptions {
  /** Attempts in total, including the first. Default 3. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** For tests. */
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Told before each retry (for logging). */
  onRetry?: (error: PunieError, attempt: number, delayMs: number) => void;
}

export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  classify: (e: unknown) => PunieError,
  signal: AbortSignal,
  options: RetryOptions = {},
): Promise<T> {
  const max = Math.max(1, Math.min(options.maxAttempts ?? 3, 10));
  const base = options.baseDelayMs ?? 500;
  const cap = options.maxDelayMs ?? 8_000;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? ((ms: number, signal: AbortSignal) => setTimeout(ms, undefined, { signal }));
  for (let n = 1; ; n++) {
    signal.throwIfAborted();
    try {
      return await attempt(n);
    } catch (e) {
      const error = classify(e);
      if (n >= max || !isRetryable(error.code) || signal.aborted) throw error;
      const backoff = Math.min(cap, base * 2 ** (n - 1)) * (0.5 + random() / 2);
      const delay = Math.min(cap, retryAfterMs(error) ?? backoff);
      options.onRetry?.(error, n, delay);
      await sleep(delay, signal);
    }
  }
}
