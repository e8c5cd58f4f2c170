import { describe, expect, it } from 'vitest';
import { finite, interleave, median, pairedDifferences, pairedRatios, percentile } from './stats';

describe('statistics helpers', () => {
  it('takes the median of odd and even counts without changing the input', () => {
    const values = [5, 1, 3];
    expect(median(values)).toBe(3);
    expect(values).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });

  it('interpolates percentiles between ranks and clamps p', () => {
    const values = [10, 20, 30, 40, 50];
    expect(percentile(values, 0)).toBe(10);
    expect(percentile(values, 100)).toBe(50);
    expect(percentile(values, 95)).toBeCloseTo(48);
    expect(percentile(values, 150)).toBe(50);
    expect(percentile([1, Number.NaN, 3], 50)).toBe(2);
  });

  it('pairs repetitions for ratios and differences', () => {
    expect(pairedRatios([2, 9, 4], [1, 3])).toEqual([2, 3]);
    expect(pairedDifferences([5, 7], [1, 2, 3])).toEqual([4, 5]);
  });

  it('turns non-finite numbers into null', () => {
    expect(finite(1.5)).toBe(1.5);
    expect(finite(Number.NaN)).toBeNull();
    expect(finite(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('interleaves contenders in a rotating order and drops the warm-up', async () => {
    const order: string[] = [];
    let beforeEach = 0;
    let n = 0;
    const results = await interleave(
      {
        a: async () => {
          order.push('a');
          return ++n;
        },
        b: async () => {
          order.push('b');
          return ++n;
        },
        c: async () => {
          order.push('c');
          return ++n;
        },
      },
      { reps: 2, warmup: 1, beforeEach: () => beforeEach++ },
    );
    expect(order).toEqual(['a', 'b', 'c', 'b', 'c', 'a', 'c', 'a', 'b']);
    expect(beforeEach).toBe(9);
    expect(results).toEqual({ a: [6, 8], b: [4, 9], c: [5, 7] });
  });

  it('stops between runs when aborted', async () => {
    const controller = new AbortController();
    let runs = 0;
    const run = interleave(
      {
        a: async () => {
          runs++;
          controller.abort(new Error('stop'));
        },
      },
      { reps: 5, signal: controller.signal },
    );
    await expect(run).rejects.toThrow('stop');
    expect(runs).toBe(1);
  });
});
