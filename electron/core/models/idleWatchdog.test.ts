import { describe, expect, it } from 'vitest';
import { createIdleWatchdog } from './idleWatchdog';

describe('idle watchdog', () => {
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

  it('labels its timeout for messages', () => {
    const signal = new AbortController().signal;
    expect(createIdleWatchdog(signal).label).toBe('5 min');
    expect(createIdleWatchdog(signal, 1500).label).toBe('2 s');
    expect(createIdleWatchdog(signal, 100).label).toBe('100 ms');
  });
});
