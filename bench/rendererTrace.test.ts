import { describe, expect, it } from 'vitest';
import { formatTraceSummary, summariseTrace, type TraceEvent } from './rendererTrace';

const MAIN = { pid: 7, tid: 1 };
const x = (name: string, ts: number, dur: number, args?: Record<string, unknown>, where = MAIN): TraceEvent => ({ name, ph: 'X', ts, dur, ...where, ...(args ? { args } : {}) });

const events: TraceEvent[] = [
  { name: 'thread_name', ph: 'M', ts: 0, ...MAIN, args: { name: 'CrRendererMain' } },
  { name: 'thread_name', ph: 'M', ts: 0, pid: 9, tid: 1, args: { name: 'CrRendererMain' } },
  // A frame task: script that forces a layout, then the frame's own style and paint.
  x('RunTask', 0, 10_000),
  x('FunctionCall', 100, 5_000),
  x('Layout', 1_000, 3_000, { beginData: { dirtyObjects: 20 } }),
  x('UpdateLayoutTree', 6_000, 1_000, { elementCount: 150 }),
  x('Paint', 7_500, 2_000),
  // A task with nothing traced inside.
  x('RunTask', 20_000, 500),
  // Another page's main thread (fewer events): left out.
  x('RunTask', 0, 99_000, undefined, { pid: 9, tid: 1 }),
];

describe('trace summary', () => {
  it('picks the busiest renderer main thread and splits its time into self time per kind of work', () => {
    const summary = summariseTrace(events);
    expect(summary.busyMs).toBeCloseTo(10.5);
    const byName = new Map(summary.work.map((w) => [w.name, w]));
    expect(byName.get('FunctionCall')).toMatchObject({ count: 1, selfMs: 2, totalMs: 5 });
    expect(byName.get('Layout')).toMatchObject({ count: 1, selfMs: 3, items: 20 });
    expect(byName.get('UpdateLayoutTree')).toMatchObject({ selfMs: 1, items: 150 });
    expect(byName.get('RunTask')).toMatchObject({ count: 2, selfMs: 2.5, totalMs: 10.5 });
  });

  it('counts style and layout forced from script', () => {
    expect(summariseTrace(events).forcedLayouts).toEqual({ count: 1, ms: 3 });
  });

  it('prints the summary with the trace file', () => {
    const text = formatTraceSummary(summariseTrace(events), '/tmp/t.json');
    expect(text).toContain('/tmp/t.json');
    expect(text).toContain('forced from script 1 times, 3 ms');
    expect(text).toContain('(150 a time on average)');
  });
});
