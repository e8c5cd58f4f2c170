import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFrameScheduler } from './frameScheduler';

/** Animation frames the test releases by hand (by id, as the browser keeps them); timers are Vitest's fake ones. */
let frames = new Map<number, () => void>();
let nextId = 1;
let visibility = 'visible';

beforeEach(() => {
  vi.useFakeTimers();
  frames = new Map();
  visibility = 'visible';
  vi.stubGlobal('requestAnimationFrame', (cb: () => void) => {
    frames.set(nextId, cb);
    return nextId++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => frames.delete(id));
  vi.stubGlobal('document', {
    get visibilityState() {
      return visibility;
    },
  });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const runFrames = () => {
  const due = [...frames.values()];
  frames.clear();
  for (const f of due) f();
};

describe('createFrameScheduler', () => {
  it('runs once at the next frame however often it is asked', () => {
    const callback = vi.fn();
    const s = createFrameScheduler(callback, { now: () => Date.now() });
    s.schedule();
    s.schedule();
    s.schedule({ urgent: false });
    expect(callback).not.toHaveBeenCalled();
    runFrames();
    expect(callback).toHaveBeenCalledTimes(1);
    // The backstop timer was cleared with the frame.
    vi.advanceTimersByTime(500);
    expect(callback).toHaveBeenCalledTimes(1);
  });

  it('gives work that can wait its interval after the last run, then a frame', () => {
    const callback = vi.fn();
    const s = createFrameScheduler(callback, { minIntervalMs: 33, now: () => Date.now() });
    s.schedule();
    runFrames();
    s.schedule({ urgent: false });
    expect(frames.size).toBe(0);
    vi.advanceTimersByTime(16);
    expect(frames.size).toBe(0);
    vi.advanceTimersByTime(1);
    expect(frames.size).toBe(1);
    runFrames();
    expect(callback).toHaveBeenCalledTimes(2);
  });

  it('asks for a frame at once for waiting work when the interval has already passed', () => {
    const callback = vi.fn();
    const s = createFrameScheduler(callback, { minIntervalMs: 33, now: () => Date.now() });
    s.schedule({ urgent: false });
    expect(frames.size).toBe(1);
    runFrames();
    vi.advanceTimersByTime(40);
    s.schedule({ urgent: false });
    expect(frames.size).toBe(1);
  });

  it('lets urgent work jump the wait, taking the waiting work with it', () => {
    const callback = vi.fn();
    const s = createFrameScheduler(callback, { minIntervalMs: 33, now: () => Date.now() });
    s.schedule();
    runFrames();
    s.schedule({ urgent: false });
    s.schedule({ urgent: true });
    expect(frames.size).toBe(1);
    runFrames();
    expect(callback).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(200);
    expect(frames.size).toBe(0);
    expect(callback).toHaveBeenCalledTimes(2);
  });

  it('uses a timer where no frames come: a hidden window, or a frame withheld', () => {
    const callback = vi.fn();
    const s = createFrameScheduler(callback, { hiddenDelayMs: 100, now: () => Date.now() });
    visibility = 'hidden';
    s.schedule();
    expect(frames.size).toBe(0);
    vi.advanceTimersByTime(100);
    expect(callback).toHaveBeenCalledTimes(1);
    visibility = 'visible';
    s.schedule();
    vi.advanceTimersByTime(100);
    expect(callback).toHaveBeenCalledTimes(2);
  });

  it('cancel drops whatever was asked for', () => {
    const callback = vi.fn();
    const s = createFrameScheduler(callback, { minIntervalMs: 33, now: () => Date.now() });
    s.schedule();
    runFrames();
    s.schedule({ urgent: false });
    s.cancel();
    vi.advanceTimersByTime(500);
    runFrames();
    expect(callback).toHaveBeenCalledTimes(1);
  });
});
