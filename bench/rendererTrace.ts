import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { z } from 'zod';
import { bounded } from './rendererBounded';

/**
 * A Chromium trace of the page (the DevTools timeline categories) while the
 * renderer benchmark streams, written as `renderer-stream.trace.json` (open
 * it in Chrome DevTools' Performance panel or ui.perfetto.dev) and
 * summarised as where the page's main thread spent its time by kind of work
 * (style, layout, paint, script, …), with self time (an event's time minus
 * the events nested inside it), how many elements each style recalculation
 * touched and how many objects each layout laid out.
 */

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'];

const eventSchema = z.object({
  name: z.string(),
  ph: z.string(),
  pid: z.number(),
  tid: z.number(),
  ts: z.number(),
  dur: z.number().optional(),
  args: z.record(z.string(), z.unknown()).optional(),
});
export type TraceEvent = z.infer<typeof eventSchema>;

export interface TraceWork {
  name: string;
  count: number;
  selfMs: number;
  totalMs: number;
  /** UpdateLayoutTree: elements whose style was recalculated; Layout: objects laid out (summed). */
  items: number;
}

export interface TraceSummary {
  /** The page's main thread (CrRendererMain) busy time, in ms. */
  busyMs: number;
  work: TraceWork[];
  /** Layouts forced from script (a layout read inside a JS call), and their time. */
  forcedLayouts: { count: number; ms: number };
}

export async function startTrace(browser: Browser, page: Page): Promise<{ stop(dir: string): Promise<string> }> {
  await bounded(browser.startTracing(page, { categories: CATEGORIES }), 'Tracing.start');
  return {
    async stop(dir) {
      const buffer = await bounded(browser.stopTracing(), 'Tracing.end', 120_000);
      await mkdir(dir, { recursive: true });
      const path = join(dir, 'renderer-stream.trace.json');
      await writeFile(path, buffer);
      const parsed = z.object({ traceEvents: z.array(z.unknown()) }).parse(JSON.parse(buffer.toString('utf8')));
      const events = parsed.traceEvents.flatMap((e) => {
        const r = eventSchema.safeParse(e);
        return r.success ? [r.data] : [];
      });
      return formatTraceSummary(summariseTrace(events), path);
    },
  };
}

/** Which thread is the page's main thread: the CrRendererMain with the most complete events. */
function mainThread(events: readonly TraceEvent[]): { pid: number; tid: number } | undefined {
  const named = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && (e.args as { name?: unknown } | undefined)?.name === 'CrRendererMain');
  let best: { pid: number; tid: number; n: number } | undefined;
  for (const t of named) {
    const n = events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.ph === 'X').length;
    if (!best || n > best.n) best = { pid: t.pid, tid: t.tid, n };
  }
  return best && { pid: best.pid, tid: best.tid };
}

function itemsOf(e: TraceEvent): number {
  const args = e.args ?? {};
  if (e.name === 'UpdateLayoutTree') {
    const count = (args as { elementCount?: unknown }).elementCount;
    return typeof count === 'number' ? count : 0;
  }
  if (e.name === 'Layout') {
    const begin = (args as { beginData?: { dirtyObjects?: unknown } }).beginData;
    return typeof begin?.dirtyObjects === 'number' ? begin.dirtyObjects : 0;
  }
  return 0;
}

/** Self and total time per event name on the page's main thread; complete ('X') events only. */
export function summariseTrace(events: readonly TraceEvent[]): TraceSummary {
  const thread = mainThread(events);
  const own = events
    .filter((e) => e.ph === 'X' && e.dur !== undefined && (!thread || (e.pid === thread.pid && e.tid === thread.tid)))
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const byName = new Map<string, TraceWork>();
  const stack: Array<{ event: TraceEvent; end: number; childUs: number; inScript: boolean }> = [];
  let busyUs = 0;
  let forced = { count: 0, ms: 0 };
  const close = () => {
    const top = stack.pop();
    if (!top) return;
    const work = byName.get(top.event.name) as TraceWork;
    work.selfMs += Math.max(0, (top.event.dur ?? 0) - top.childUs) / 1000;
  };
  for (const e of own) {
    const dur = e.dur ?? 0;
    while (stack.length && (stack.at(-1) as { end: number }).end <= e.ts) close();
    const parent = stack.at(-1);
    if (parent) parent.childUs += dur;
    else busyUs += dur;
    const work = byName.get(e.name) ?? { name: e.name, count: 0, selfMs: 0, totalMs: 0, items: 0 };
    byName.set(e.name, work);
    work.count += 1;
    work.totalMs += dur / 1000;
    work.items += itemsOf(e);
    const inScript = (parent?.inScript ?? false) || e.name === 'FunctionCall' || e.name === 'EvaluateScript';
    if (inScript && (e.name === 'Layout' || e.name === 'UpdateLayoutTree')) forced = { count: forced.count + 1, ms: forced.ms + dur / 1000 };
    stack.push({ event: e, end: e.ts + dur, childUs: 0, inScript });
  }
  while (stack.length) close();
  return { busyMs: busyUs / 1000, work: [...byName.values()].sort((a, b) => b.selfMs - a.selfMs), forcedLayouts: forced };
}

export function formatTraceSummary(summary: TraceSummary, path: string, top = 14): string {
  const line = (w: TraceWork) =>
    `  ${w.selfMs.toFixed(0).padStart(7)} ms self ${w.totalMs.toFixed(0).padStart(7)} ms total ${String(w.count).padStart(7)}×  ${w.name}${w.items ? `  (${Math.round(w.items / w.count)} a time on average)` : ''}`;
  return [
    `Trace of the page during the stream: ${path}`,
    `main thread busy ${summary.busyMs.toFixed(0)} ms; style or layout forced from script ${summary.forcedLayouts.count} times, ${summary.forcedLayouts.ms.toFixed(0)} ms`,
    ...summary.work.slice(0, top).map(line),
  ].join('\n');
}
