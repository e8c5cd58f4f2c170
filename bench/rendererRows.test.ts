import { describe, expect, it } from 'vitest';
import { benchRowSchema } from './benchRow';
import { rendererRows, rendererSummary, type MeasuredWindow, type RendererMeasurements } from './rendererRows';

const MiB = 1024 * 1024;

/** A window of `seconds` with frames `frameMs` apart, text flushes `flushMs` apart, and these long tasks. */
function window(seconds: number, frameMs: number, flushMs: number | undefined, tasks: number[] = [], layouts = 0): MeasuredWindow {
  const frames = Array.from({ length: Math.floor((seconds * 1000) / frameMs) + 1 }, (_, i) => i * frameMs);
  const flushes = flushMs === undefined ? [] : Array.from({ length: Math.floor((seconds * 1000) / flushMs) + 1 }, (_, i) => ({ at: i * flushMs, textChars: 40, ended: false }));
  return {
    recorded: { frames, flushes, tasks: tasks.map((durationMs, i) => ({ startMs: i * 1000, durationMs })) },
    durationMs: seconds * 1000,
    work: { taskMs: seconds * 300, scriptMs: 100, styleMs: 100, layoutMs: 100, styleCount: layouts, layoutCount: layouts },
  };
}

function measurements(over: Partial<RendererMeasurements> = {}): RendererMeasurements {
  const mainFlushes = Array.from({ length: 201 }, (_, i) => ({ at: i * 20, textChars: 40, ended: false }));
  return {
    tokens: 2_000,
    rate: 500,
    messages: 1_000,
    expectedChars: 8_000,
    stream: window(4, 16.7, 20),
    idle: window(4, 16.7, undefined),
    main: { deltas: 2_000, firstDeltaAt: 0, lastDeltaAt: 4_000, flushes: mainFlushes },
    heapBeforeBytes: 8 * MiB,
    heapAfterBytes: 12 * MiB,
    nodesBefore: 1_200,
    nodesAfter: 9_000,
    ...over,
  };
}

describe('renderer rows', () => {
  it('prints four valid rows, all met on a smooth page, with the idle page as the baseline', () => {
    const rows = rendererRows(measurements());
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(benchRowSchema.safeParse(row).success).toBe(true);
    const [tasks, frames, heap, ipc] = rows;
    expect(tasks).toMatchObject({ value: 0, unit: 'tasks', met: true });
    expect(tasks?.baseline).toContain('the same page idle for 4.0 s: 0');
    expect(frames).toMatchObject({ value: 16.7, unit: 'ms', met: true });
    expect(heap).toMatchObject({ value: 12, unit: 'MiB', met: true });
    expect(ipc).toMatchObject({ value: 50, unit: 'flushes/s', met: true });
    expect(ipc?.baseline).toContain('500 tokens/s reaching the page');
    expect(rows.every((r) => r.note === undefined)).toBe(true);
  });

  it('misses the task and frame targets with a note saying how busy the page was', () => {
    const stream = window(4, 50, 20, [120, 80], 600);
    const [tasks, frames] = rendererRows(measurements({ stream }));
    expect(tasks).toMatchObject({ value: 2, met: false });
    expect(tasks?.detail).toContain('longest 120 ms');
    expect(tasks?.note).toContain('main thread was busy 30% of the stream');
    // 600 layouts for 80 frames: more than one a frame means layout forced from script.
    expect(tasks?.note).toContain('(7.5 a frame: forced from script)');
    expect(frames).toMatchObject({ value: 50, met: false });
    expect(frames?.note).toContain('for the reasons under the long-task row');
  });

  it('says when the page fell behind main, and why it received fewer flushes than main sent', () => {
    // The page got the same text over 8 s that main got over 4 s.
    const stream = window(8, 16.7, 40, [70]);
    const rows = rendererRows(measurements({ stream }));
    expect(rows[0]?.note).toContain('the page fell 4.0 s behind the stream');
    const ipc = rows[3];
    expect(ipc?.value).toBe(25);
    expect(ipc?.met).toBe(true);
    expect(ipc?.note).toContain('browser host delivers each flush');
    expect(ipc?.detail).toContain("main's sink sent 50.0 a second");
  });

  it('misses the heap target over 150 MB and the flush target over 60 a second', () => {
    const stream = window(4, 16.7, 10);
    const rows = rendererRows(measurements({ stream, heapAfterBytes: 200 * MiB }));
    expect(rows[2]).toMatchObject({ value: 200, met: false });
    expect(rows[2]?.note).toContain('grew from 8.0 MiB to 200.0 MiB');
    expect(rows[3]).toMatchObject({ value: 100, met: false });
  });

  it('reports no frame figure, not a false one, when no frames were seen', () => {
    const stream = window(4, 16.7, 20);
    stream.recorded.frames = [];
    const frames = rendererRows(measurements({ stream }))[1];
    expect(frames).toMatchObject({ value: null, met: null });
  });

  it('summarises both windows for people', () => {
    const text = rendererSummary(measurements());
    expect(text).toContain('tasks > 50 ms');
    expect(text).toContain('main 500, page 500');
  });
});
