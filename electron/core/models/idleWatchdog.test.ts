import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIdleWatchdog } from './idleWatchdog';

describe('idle watchdog', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('aborts after the silence, and says it fired', async () => {
    const w = createIdleWatchdog(new AbortController().signal, 20);
    w.arm();
    await new Promise<void>((resolve) => w.signal.addEventListener('abort', () => resolve(), { once: true }));
    expect(w.fired()).toBe(true);
  });

  it('follows the outer signal without claiming to have fired', () => {
    const outer = new AbortController();
    const w = createIdleWatchdog(outer.signal, 60_000);
    w.arm();
    outer.abort();
    w.stop();
    expect(w.signal.aborted).toBe(true);
    expect(w.fired()).toBe(false);
  });

  it('stays quiet once stopped', async () => {
    const w = createIdleWatchdog(new AbortController().signal, 10);
    w.arm();
    w.stop();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(w.signal.aborted).toBe(false);
  });

  it('gives up exactly the idle time after the last arm, however often it was armed', () => {
    vi.useFakeTimers();
    const clock = { now: () => Date.now() };
    const w = createIdleWatchdog(new AbortController().signal, 1_000, clock);
    w.arm();
    // A chunk every 100 ms for 5 s keeps it alive.
    for (let i = 0; i < 50; i++) {
      vi.advanceTimersByTime(100);
      w.arm();
    }
    expect(w.signal.aborted).toBe(false);
    vi.advanceTimersByTime(999);
    expect(w.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(w.signal.aborted).toBe(true);
    expect(w.fired()).toBe(true);
  });

  it('keeps one timer however many chunks arrive', () => {
    vi.useFakeTimers();
    const w = createIdleWatchdog(new AbortController().signal, 1_000, { now: () => Date.now() });
    for (let i = 0; i < 10_000; i++) w.arm();
    expect(vi.getTimerCount()).toBe(1);
    w.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('can be armed again after a stop', () => {
    vi.useFakeTimers();
    const w = createIdleWatchdog(new AbortController().signal, 500, { now: () => Date.now() });
    w.arm();
    vi.advanceTimersByTime(400);
    w.stop();
    vi.advanceTimersByTime(1_000);
    expect(w.signal.aborted).toBe(false);
    w.arm();
    vi.advanceTimersByTime(499);
    expect(w.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(w.signal.aborted).toBe(true);
  });

  it('labels its timeout for messages', () => {
    const signal = new AbortController().signal;
    expect(createIdleWatchdog(signal).label).toBe('5 min');
    expect(createIdleWatchdog(signal, 1500).label).toBe('2 s');
    expect(createIdleWatchdog(signal, 100).label).toBe('100 ms');
  });
});
