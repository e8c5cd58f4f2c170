import type { Page } from '@playwright/test';
import { z } from 'zod';
import { bounded } from './rendererBounded';
import type { LongTask, ReceivedFlush } from './rendererStats';

/**
 * What the renderer benchmark records inside the page, from the moment it is
 * installed: every requestAnimationFrame timestamp (a rAF loop that always
 * asks for the next frame, so an idle page paints at its refresh rate too),
 * every long task the PerformanceObserver reports, and every `agent.events`
 * message the page receives through the real preload's `on()` (a listener
 * beside the app's own). `take(from, to)` returns what fell inside a window
 * of the page's clock.
 *
 * The script is text, not a function: tsx rewrites functions with helpers
 * (`__name`) the page does not have.
 */

/** Most entries kept per list (a minute at 60 frames a second is 3,600). */
const MAX_ENTRIES = 200_000;

const GLOBAL = '__punieRendererBench';

const RECORDER_SCRIPT = `(() => {
  if (window.${GLOBAL}) return true;
  const max = ${MAX_ENTRIES};
  const frames = [];
  const tasks = [];
  const flushes = [];
  const push = (list, entry) => { if (list.length < max) list.push(entry); };
  const tick = (t) => { push(frames, t); requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) push(tasks, { startMs: e.startTime, durationMs: e.duration });
  }).observe({ type: 'longtask', buffered: false });
  let runError = null;
  window.punie.on('agent.events', (events) => {
    const at = performance.now();
    let textChars = 0;
    let ended = false;
    for (const e of Array.isArray(events) ? events : []) {
      if (e && e.type === 'text-delta' && typeof e.delta === 'string') textChars += e.delta.length;
      if (e && (e.type === 'run-finish' || e.type === 'run-error' || e.type === 'run-abort')) ended = true;
      if (e && e.type === 'run-error') runError = String((e.error && e.error.message) || 'run-error');
      if (e && e.type === 'run-abort') runError = 'the run was aborted';
    }
    push(flushes, { at, textChars, ended });
  });
  const inside = (from, to) => (t) => t >= from && t <= to;
  Object.defineProperty(window, '${GLOBAL}', {
    value: Object.freeze({
      now: () => performance.now(),
      ended: () => ({ ended: flushes.some((f) => f.ended), error: runError }),
      take: (from, to) => ({
        frames: frames.filter(inside(from, to)),
        tasks: tasks.filter((t) => inside(from, to)(t.startMs)),
        flushes: flushes.filter((f) => inside(from, to)(f.at)),
      }),
    }),
  });
  return true;
})()`;

const windowSchema = z.object({
  frames: z.array(z.number()),
  tasks: z.array(z.object({ startMs: z.number(), durationMs: z.number() })),
  flushes: z.array(z.object({ at: z.number(), textChars: z.number(), ended: z.boolean() })),
});

/** What the page recorded inside one window. */
export interface RecordedWindow {
  frames: number[];
  tasks: LongTask[];
  flushes: ReceivedFlush[];
}

export interface Recorder {
  /** The page's clock now. */
  now(): Promise<number>;
  /** Whether the page has received the end of a run, and its error if it failed. */
  ended(): Promise<{ ended: boolean; error: string | null }>;
  /** What was recorded between two readings of the page's clock. */
  take(from: number, to: number): Promise<RecordedWindow>;
}

/** Installs the recorder in a page that has loaded Punie (window.punie must exist). */
export async function installRecorder(page: Page): Promise<Recorder> {
  await bounded(page.evaluate(RECORDER_SCRIPT), 'the page (installing the recorder)');
  const call = (expression: string) => bounded(page.evaluate(`window.${GLOBAL}.${expression}`), `the page's recorder (${expression})`);
  return {
    now: async () => z.number().parse(await call('now()')),
    ended: async () => z.object({ ended: z.boolean(), error: z.string().nullable() }).parse(await call('ended()')),
    take: async (from, to) => windowSchema.parse(await call(`take(${Number(from)}, ${Number(to)})`)),
  };
}
