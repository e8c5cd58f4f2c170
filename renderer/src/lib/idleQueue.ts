/**
 * Work done in the page's idle time, one job at a time, so it never lengthens
 * a frame: each idle period runs jobs while it has time left (at least one
 * when the period was forced by the timeout). Jobs are keyed: asking again for
 * a key already queued adds a listener instead of a second job. Where the
 * page has no requestIdleCallback (tests, old engines) a zero timer stands in.
 */
export interface IdleQueue {
  /** Queues `work` under `key` (once however often asked); `onDone` runs after it. Returns the cancel for this listener. */
  request(key: string, work: () => void, onDone: () => void): () => void;
  /** Jobs waiting. */
  readonly size: number;
}

export interface IdleQueueOptions {
  /** The longest a job waits for an idle period before it runs anyway. */
  timeoutMs?: number;
  /** A job starts only while the idle period has at least this much left. */
  minRemainingMs?: number;
  /** Most jobs kept waiting; past this the oldest are dropped (their listeners are not called). */
  maxJobs?: number;
}

interface Job {
  work: () => void;
  listeners: Set<() => void>;
}

interface IdleDeadlineLike {
  didTimeout: boolean;
  timeRemaining(): number;
}

type IdleScheduler = (run: (deadline: IdleDeadlineLike) => void, timeoutMs: number) => void;

const defaultScheduler: IdleScheduler = (run, timeoutMs) => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: timeoutMs });
  else setTimeout(() => run({ didTimeout: true, timeRemaining: () => 0 }), 0);
};

export function createIdleQueue(options: IdleQueueOptions = {}, schedule: IdleScheduler = defaultScheduler): IdleQueue {
  const timeoutMs = options.timeoutMs ?? 1_000;
  const minRemainingMs = options.minRemainingMs ?? 4;
  const maxJobs = options.maxJobs ?? 500;
  const jobs = new Map<string, Job>();
  let scheduled = false;

  const runSome = (deadline: IdleDeadlineLike) => {
    scheduled = false;
    let ran = 0;
    // Bounded by the queue's length: every pass removes one job.
    for (const [key, job] of jobs) {
      if (ran > 0 && deadline.timeRemaining() < minRemainingMs) break;
      if (ran === 0 && !deadline.didTimeout && deadline.timeRemaining() < minRemainingMs) break;
      jobs.delete(key);
      ran++;
      try {
        job.work();
      } catch (e) {
        console.error('[punie] idle work failed', e);
      }
      for (const listener of job.listeners) listener();
    }
    if (jobs.size > 0) ensureScheduled();
  };

  const ensureScheduled = () => {
    if (scheduled) return;
    scheduled = true;
    schedule(runSome, timeoutMs);
  };

  return {
    request(key, work, onDone) {
      let job = jobs.get(key);
      if (!job) {
        job = { work, listeners: new Set() };
        jobs.set(key, job);
        if (jobs.size > maxJobs) jobs.delete(jobs.keys().next().value!);
      }
      const listener = () => onDone();
      job.listeners.add(listener);
      ensureScheduled();
      return () => {
        const current = jobs.get(key);
        if (!current) return;
        current.listeners.delete(listener);
        if (current.listeners.size === 0) jobs.delete(key);
      };
    },
    get size() {
      return jobs.size;
    },
  };
}
