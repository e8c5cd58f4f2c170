import { describe, expect, it, vi } from 'vitest';
import { createIdleQueue } from './idleQueue';

/** A scheduler the test drives: each call to `idle(ms, timedOut)` runs the pending period with that much time. */
function manualScheduler() {
  let pending: ((d: { didTimeout: boolean; timeRemaining(): number }) => void) | undefined;
  return {
    schedule: (run: typeof pending & {}) => {
      pending = run;
    },
    get scheduled() {
      return pending !== undefined;
    },
    idle(remaining: () => number, didTimeout = false) {
      const run = pending!;
      pending = undefined;
      run({ didTimeout, timeRemaining: remaining });
    },
  };
}

describe('createIdleQueue', () => {
  it('runs a key once however often it is asked for, and tells every listener', () => {
    const s = manualScheduler();
    const q = createIdleQueue({}, s.schedule);
    const work = vi.fn();
    const a = vi.fn();
    const b = vi.fn();
    q.request('block', work, a);
    q.request('block', work, b);
    expect(q.size).toBe(1);
    s.idle(() => 50);
    expect(work).toHaveBeenCalledTimes(1);
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);
    expect(q.size).toBe(0);
    expect(s.scheduled).toBe(false);
  });

  it('stops when the idle period runs short and goes on in the next one', () => {
    const s = manualScheduler();
    const q = createIdleQueue({ minRemainingMs: 4 }, s.schedule);
    const done: string[] = [];
    for (const k of ['a', 'b', 'c']) q.request(k, () => done.push(k), () => {});
    let left = 10;
    s.idle(() => (left -= 5)); // 5 left before the first job, 0 before the second
    expect(done).toEqual(['a']);
    expect(s.scheduled).toBe(true);
    s.idle(() => 0); // no time and not timed out: nothing runs
    expect(done).toEqual(['a']);
    s.idle(() => 0, true); // timed out: one job runs anyway
    expect(done).toEqual(['a', 'b']);
    s.idle(() => 50);
    expect(done).toEqual(['a', 'b', 'c']);
  });

  it('drops a job whose last listener cancelled, and keeps going after a job that throws', () => {
    const s = manualScheduler();
    const q = createIdleQueue({}, s.schedule);
    const dropped = vi.fn();
    const cancel = q.request('gone', dropped, () => {});
    cancel();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const after = vi.fn();
    q.request('boom', () => {
      throw new Error('bad block');
    }, () => {});
    q.request('next', after, () => {});
    s.idle(() => 50);
    expect(dropped).not.toHaveBeenCalled();
    expect(after).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledTimes(1);
    error.mockRestore();
  });

  it('keeps at most maxJobs waiting, dropping the oldest', () => {
    const s = manualScheduler();
    const q = createIdleQueue({ maxJobs: 2 }, s.schedule);
    const ran: string[] = [];
    for (const k of ['a', 'b', 'c']) q.request(k, () => ran.push(k), () => {});
    expect(q.size).toBe(2);
    s.idle(() => 50);
    expect(ran).toEqual(['b', 'c']);
  });
});
