import { describe, expect, it } from 'vitest';
import { PunieError } from '../errors';
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

  it('stops waiting when aborted during the backoff', async () => {
    const controller = new AbortController();
    let calls = 0;
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
    await expect(run).rejects.toBeDefined();
    expect(controller.signal.aborted).toBe(true);
    expect(calls).toBe(1);
  });
});
