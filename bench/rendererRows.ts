import { atMost, under, type BenchRowInput } from './benchRow';
import { formatNumber } from './benchTable';
import type { MainTapResult } from './rendererMainTap';
import type { RecordedWindow } from './rendererRecorder';
import { flushRate, frameStats, longTaskStats, mib, type FlushRate, type FrameStats, type LongTaskStats } from './rendererStats';
import { finite } from './stats';

/**
 * The renderer benchmark's rows (in the runner's format) and its summary for
 * people, from what one run measured: the stream's window and the idle
 * window of the same length on the same page, and what main did meanwhile.
 */

/** The main thread's work inside a window, from Chromium's page metrics (ms, and counts). */
export interface PageWork {
  taskMs: number;
  scriptMs: number;
  styleMs: number;
  layoutMs: number;
  styleCount: number;
  layoutCount: number;
}

export interface MeasuredWindow {
  recorded: RecordedWindow;
  durationMs: number;
  work: PageWork;
}

export interface RendererMeasurements {
  tokens: number;
  /** The rate the server was asked for (tokens/s). */
  rate: number;
  messages: number;
  /** Characters the stream carries (to check that all of it arrived). */
  expectedChars: number;
  stream: MeasuredWindow;
  idle: MeasuredWindow;
  /** What main's engine and a window's sink did meanwhile. */
  main: MainTapResult;
  heapBeforeBytes: number;
  heapAfterBytes: number;
  nodesBefore: number;
  nodesAfter: number;
}

export const FRAME_TARGET_MS = 20;
export const HEAP_TARGET_MIB = 150;
export const FLUSH_TARGET = 60;

/** A whole number with thousands separators (counts, milliseconds). */
const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const one = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const seconds = (ms: number) => `${one(ms / 1000)} s`;
const rounded = (n: number | null) => (n === null ? null : Number(n.toFixed(1)));

interface Derived {
  frames: FrameStats;
  idleFrames: FrameStats;
  tasks: LongTaskStats;
  idleTasks: LongTaskStats;
  /** Flushes as the page received them, and as main's sink sent them. */
  pageFlushes: FlushRate;
  mainFlushes: FlushRate;
  /** Tokens a second as the text reached the page, and as main's engine received it from the server. */
  pageTokensPerSecond: number;
  mainTokensPerSecond: number;
  mainSeconds: number;
}

function derive(m: RendererMeasurements): Derived {
  const pageFlushes = flushRate(m.stream.recorded.flushes);
  const mainSeconds = (m.main.lastDeltaAt - m.main.firstDeltaAt) / 1000;
  return {
    frames: frameStats(m.stream.recorded.frames),
    idleFrames: frameStats(m.idle.recorded.frames),
    tasks: longTaskStats(m.stream.recorded.tasks),
    idleTasks: longTaskStats(m.idle.recorded.tasks),
    pageFlushes,
    mainFlushes: flushRate(m.main.flushes),
    pageTokensPerSecond: m.tokens / pageFlushes.seconds,
    mainTokensPerSecond: m.main.deltas / mainSeconds,
    mainSeconds,
  };
}

const pct = (part: number, whole: number) => `${Math.round((100 * part) / whole)}%`;

/** Why frames and tasks ran long, in measured terms: how the busy page spent its time, layouts beyond one a frame, and how far it fell behind. */
function whyBusy(m: RendererMeasurements, d: Derived): string {
  const w = m.stream.work;
  const frames = d.frames.frames;
  const forced = frames > 0 && w.layoutCount > frames * 1.2;
  const behind = d.pageFlushes.seconds - d.mainSeconds;
  const rest = Math.max(0, w.taskMs - w.scriptMs - w.styleMs - w.layoutMs);
  return (
    `the page’s main thread was busy ${pct(w.taskMs, m.stream.durationMs)} of the stream (idle page: ${pct(m.idle.work.taskMs, m.idle.durationMs)}): ` +
    `style ${int(w.styleMs)} ms in ${int(w.styleCount)} recalcs, layout ${int(w.layoutMs)} ms in ${int(w.layoutCount)} layouts` +
    (forced ? ` (${one(w.layoutCount / frames)} a frame: forced from script)` : '') +
    `, script ${int(w.scriptMs)} ms, and ${int(rest)} ms of other work (paint, compositing, IPC)` +
    (behind > 1 ? `; the page fell ${one(behind)} s behind the stream (text took ${one(d.pageFlushes.seconds)} s to reach it, ${one(d.mainSeconds)} s to reach main)` : '') +
    '. `node --import tsx bench/renderer.bench.ts --profile DIR` shows where the time goes.'
  );
}

export function rendererRows(m: RendererMeasurements): BenchRowInput[] {
  const d = derive(m);
  const what = `${int(m.tokens)} tokens of Markdown with code blocks stream at ${int(m.rate)} tokens/s into a conversation of ${int(m.messages)} messages`;
  const idleFor = `the same page idle for ${seconds(m.idle.durationMs)}`;
  const p95 = finite(d.frames.p95Ms);
  const heap = finite(mib(m.heapAfterBytes));
  const rate = finite(d.pageFlushes.perSecond);
  const mainRate = d.mainFlushes.perSecond;
  const bridgeNote =
    Number.isFinite(mainRate) && rate !== null && mainRate > rate * 1.15
      ? `The page received fewer a second than main's sink sent (${one(mainRate)}): the browser host delivers each flush with a page.evaluate and waits for it before sending the next, so a busy page takes about one per gap between its tasks; Electron queues IPC messages without that round trip.`
      : '';

  return [
    {
      figure: `Renderer: main-thread tasks over 50 ms while ${what} (Debian’s Chromium, browser host)`,
      baseline: `${idleFor}: ${d.idleTasks.count}${d.idleTasks.count ? ` (longest ${int(d.idleTasks.longestMs)} ms)` : ''}`,
      value: d.tasks.count,
      unit: 'tasks',
      target: 'none (no main-thread task > 50 ms)',
      met: d.tasks.count === 0,
      detail: `longest ${int(d.tasks.longestMs)} ms, ${int(d.tasks.blockingMs)} ms blocking in all; main thread busy ${seconds(m.stream.work.taskMs)} of ${seconds(m.stream.durationMs)} (idle: ${seconds(m.idle.work.taskMs)})`,
      ...(d.tasks.count > 0 ? { note: `${d.tasks.count} tasks over 50 ms (longest ${int(d.tasks.longestMs)} ms): ${whyBusy(m, d)}` } : {}),
    },
    {
      figure: `Renderer: 95th-percentile frame while ${what}`,
      baseline: `${idleFor}: ${one(d.idleFrames.p95Ms)} ms (median ${one(d.idleFrames.medianMs)} ms)`,
      value: rounded(p95),
      unit: 'ms',
      target: `< ${FRAME_TARGET_MS} ms`,
      met: under(p95, FRAME_TARGET_MS),
      detail: `${int(d.frames.frames)} frames: median ${one(d.frames.medianMs)} ms, p99 ${one(d.frames.p99Ms)} ms, longest ${int(d.frames.maxMs)} ms, ${int(d.frames.over20)} over 20 ms (idle: ${int(d.idleFrames.frames)} frames, longest ${one(d.idleFrames.maxMs)} ms)`,
      ...(p95 !== null && p95 >= FRAME_TARGET_MS
        ? { note: `${int(d.frames.over20)} of ${int(d.frames.frames)} frames took over 20 ms${d.tasks.count > 0 ? ', for the reasons under the long-task row' : `: ${whyBusy(m, d)}`}.` }
        : {}),
    },
    {
      figure: 'Renderer: the page’s JS heap after that stream (after a full GC)',
      baseline: `the same page before the stream: ${one(mib(m.heapBeforeBytes))} MiB`,
      value: rounded(heap),
      unit: 'MiB',
      target: `< ${HEAP_TARGET_MIB} MB`,
      met: under(heap, HEAP_TARGET_MIB),
      detail: `Runtime.getHeapUsage after HeapProfiler.collectGarbage; DOM nodes ${int(m.nodesBefore)} → ${int(m.nodesAfter)}`,
      ...(heap !== null && heap >= HEAP_TARGET_MIB ? { note: `the heap grew from ${one(mib(m.heapBeforeBytes))} MiB to ${one(heap)} MiB over the stream.` } : {}),
    },
    {
      figure: 'IPC: agent.events flushes carrying text, per second, received by the page during that stream',
      baseline: `${formatNumber(d.pageTokensPerSecond)} tokens/s reaching the page (main: ${formatNumber(d.mainTokensPerSecond)})`,
      value: rounded(rate),
      unit: 'flushes/s',
      target: `≤ ${FLUSH_TARGET} flushes/s`,
      met: atMost(rate, FLUSH_TARGET),
      detail:
        `${int(d.pageFlushes.textFlushes)} text flushes over ${one(d.pageFlushes.seconds)} s, ${one(m.tokens / Math.max(d.pageFlushes.textFlushes, 1))} tokens each, busiest second ${d.pageFlushes.busiestSecond}; ` +
        `main's sink sent ${one(mainRate)} a second (busiest second ${d.mainFlushes.busiestSecond}); ${int(d.pageFlushes.textChars)} of ${int(m.expectedChars)} characters arrived`,
      ...(rate !== null && rate > FLUSH_TARGET
        ? { note: `the page received ${one(rate)} text flushes a second; main's sink should send at most ${FLUSH_TARGET}.${bridgeNote ? ` ${bridgeNote}` : ''}` }
        : bridgeNote
          ? { note: bridgeNote }
          : {}),
    },
  ];
}

/** A few lines for people reading the output. */
export function rendererSummary(m: RendererMeasurements): string {
  const d = derive(m);
  return [
    `renderer: ${int(m.tokens)} tokens at ${int(m.rate)} tokens/s into ${int(m.messages)} messages`,
    `                 stream                  idle`,
    `  window         ${seconds(m.stream.durationMs).padEnd(24)}${seconds(m.idle.durationMs)}`,
    `  tasks > 50 ms  ${`${d.tasks.count} (longest ${int(d.tasks.longestMs)} ms)`.padEnd(24)}${d.idleTasks.count}`,
    `  frame p95      ${`${one(d.frames.p95Ms)} ms`.padEnd(24)}${one(d.idleFrames.p95Ms)} ms`,
    `  busy           ${`${int(m.stream.work.taskMs)} ms`.padEnd(24)}${int(m.idle.work.taskMs)} ms`,
    `  heap           ${one(mib(m.heapBeforeBytes))} MiB before, ${one(mib(m.heapAfterBytes))} MiB after`,
    `  tokens/s       main ${formatNumber(d.mainTokensPerSecond)}, page ${formatNumber(d.pageTokensPerSecond)}`,
    `  flushes/s      main's sink ${one(d.mainFlushes.perSecond)}, page ${one(d.pageFlushes.perSecond)} (busiest second ${d.pageFlushes.busiestSecond})`,
  ].join('\n');
}
