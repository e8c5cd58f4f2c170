import { describe, expect, it } from 'vitest';
import { isAbortError, PunieError } from '../errors';
import { withRetry } from './retry';

const classify = (e: unknown) => (e instanceof PunieError ? e : new PunieError('internal', String(e)));

describe('withRetry', () => {
  it('retries retryable errors with growing delays, then succeeds', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls += 1;
        if (calls < 3) throw new PunieError('server-error', 'busy');
        return 'ok';
      },
      classify,
      new AbortController().signal,
      { random: () => 1, baseDelayMs: 100, sleep: async (ms) => void delays.push(ms) },
    );
    expect(result).toBe('ok');
    expect(delays).toEqual([100, 200]);
  });

  it('gives up after maxAttempts and throws the classified error', async () => {
    let calls = 0;
    const run = withRetry(
      async () => {
        calls += 1;
        throw new PunieError('rate-limited', 'slow down');
      },
      classify,
      new AbortController().signal,
      { maxAttempts: 3, sleep: async () => {} },
    );
    await expect(run).rejects.toMatchObject({ code: 'rate-limited' });
    expect(calls).toBe(3);
  });

  it('does not retry errors that are not retryable', async () => {
    let calls = 0;
    const run = withRetry(
      async () => {
        calls += 1;
        throw new PunieError('auth-failed', 'no');
      },
      classify,
      new AbortController().signal,
      { sleep: async () => {} },
    );
    await expect(run).rejects.toMatchObject({ code: 'auth-failed' });
    expect(calls).toBe(1);
  });

  it('stops waiting when aborted during the backoff, with an abort error, at once', async () => {
    const controller = new AbortController();
    let calls = 0;
    const started = performance.now();
    const run = withRetry(
      async () => {
        calls += 1;
        setTimeout(() => controller.abort(), 5);
        throw new PunieError('server-error', 'busy');
      },
      classify,
      controller.signal,
      { baseDelayMs: 60_000, maxDelayMs: 60_000 },
    );
    const error: unknown = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAbortError(error)).toBe(true);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(calls).toBe(1);
  });

  it("waits what the server's Retry-After asks, within the cap, and jitters its own backoff between half and all of it", async () => {
    const delays: number[] = [];
    const busy = new PunieError('rate-limited', 'slow down', { cause: Object.assign(new Error('429'), { status: 429, headers: new Headers({ 'retry-after': '3' }) }) });
    let calls = 0;
    await withRetry(
      async () => {
        if (++calls < 2) throw busy;
        return 'ok';
      },
      classify,
      new AbortController().signal,
      { sleep: async (ms) => void delays.push(ms), maxDelayMs: 8_000 },
    );
    expect(delays).toEqual([3_000]);

    const jittered: number[] = [];
    for (const r of [0, 0.5, 1]) {
      let n = 0;
      await withRetry(
        async () => {
          if (++n < 2) throw new PunieError('server-error', 'busy');
          return 'ok';
        },
        classify,
        new AbortController().signal,
        { random: () => r, baseDelayMs: 400, sleep: async (ms) => void jittered.push(ms) },
      );
    }
    expect(jittered).toEqual([200, 300, 400]);
  });
});
