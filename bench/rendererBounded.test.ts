import { afterEach, describe, expect, it, vi } from 'vitest';
import { bounded } from './rendererBounded';

describe('bounded', () => {
  afterEach(() => vi.useRealTimers());

  it('answers what the promise answers', async () => {
    await expect(bounded(Promise.resolve(42), 'the page')).resolves.toBe(42);
    await expect(bounded(Promise.reject(new Error('gone')), 'the page')).rejects.toThrow('gone');
  });

  it('gives up after its time, naming what did not answer', async () => {
    vi.useFakeTimers();
    const never = new Promise<never>(() => undefined);
    const result = expect(bounded(never, 'Runtime.getHeapUsage', 1_000)).rejects.toThrow('Runtime.getHeapUsage did not answer within 1 s');
    await vi.advanceTimersByTimeAsync(1_000);
    await result;
  });
});
