import { describe, expect, it } from 'vitest';
import { flushRate, frameStats, longTaskStats, mib } from './rendererStats';

describe('frame statistics from requestAnimationFrame timestamps', () => {
  it('measures the intervals between frames, not the timestamps', () => {
    // 60 Hz with one frame that took three vsyncs.
    const stamps = [0, 16.7, 33.4, 83.5, 100.2, 116.9];
    const stats = frameStats(stamps);
    expect(stats.frames).toBe(5);
    expect(stats.medianMs).toBeCloseTo(16.7);
    expect(stats.maxMs).toBeCloseTo(50.1);
    expect(stats.over20).toBe(1);
    expect(stats.over50).toBe(1);
    expect(stats.p95Ms).toBeGreaterThan(16.7);
  });

  it('gives NaN figures, not zeros, when fewer than two frames were seen', () => {
    for (const stamps of [[], [5]]) {
      const stats = frameStats(stamps);
      expect(stats.frames).toBe(0);
      expect(stats.p95Ms).toBeNaN();
      expect(stats.maxMs).toBeNaN();
    }
  });

  it('puts the 95th percentile on the slow frames once more than 5% of them are slow', () => {
    const stamps = [0];
    for (let i = 1; i <= 100; i++) stamps.push((stamps.at(-1) as number) + (i % 10 === 0 ? 33.3 : 16.7));
    expect(frameStats(stamps).p95Ms).toBeCloseTo(33.3);
  });
});

describe('long tasks', () => {
  it('counts them, keeps the longest and sums the time past 50 ms', () => {
    const stats = longTaskStats([
      { startMs: 10, durationMs: 60 },
      { startMs: 500, durationMs: 250 },
    ]);
    expect(stats).toEqual({ count: 2, longestMs: 250, totalMs: 310, blockingMs: 210 });
  });

  it('reads as zero when there were none', () => {
    expect(longTaskStats([])).toEqual({ count: 0, longestMs: 0, totalMs: 0, blockingMs: 0 });
  });
});

describe('flush rate', () => {
  const flush = (at: number, textChars = 10, ended = false) => ({ at, textChars, ended });

  it('counts only flushes carrying text, over the span from the first to the last', () => {
    // 51 text flushes 20 ms apart (1 s), plus a run-start and a run-finish without text.
    const flushes = [flush(-100, 0), ...Array.from({ length: 51 }, (_, i) => flush(i * 20)), flush(1200, 0, true)];
    const rate = flushRate(flushes);
    expect(rate.textFlushes).toBe(51);
    expect(rate.seconds).toBeCloseTo(1);
    expect(rate.perSecond).toBeCloseTo(50);
    expect(rate.textChars).toBe(510);
  });

  it('finds the busiest second when flushes arrive bunched after a stall', () => {
    const steady = Array.from({ length: 20 }, (_, i) => flush(i * 50));
    const bunched = Array.from({ length: 70 }, (_, i) => flush(2000 + i * 5));
    const rate = flushRate([...bunched, ...steady]);
    expect(rate.busiestSecond).toBe(70);
    expect(rate.textFlushes).toBe(90);
  });

  it('has no rate for a single flush', () => {
    const rate = flushRate([flush(5)]);
    expect(rate.seconds).toBeNaN();
    expect(rate.perSecond).toBeNaN();
    expect(rate.busiestSecond).toBe(1);
  });
});

describe('mib', () => {
  it('turns bytes into MiB', () => {
    expect(mib(150 * 1024 * 1024)).toBe(150);
  });
});
