/**
 * The renderer under a streaming answer, in Debian's Chromium through the
 * browser host (the built renderer and preload, the real main and engine in
 * this process): 10,000 tokens of Markdown with code blocks, streamed at
 * 500 tokens/s by a fake llama.cpp server in its own process, into a
 * conversation that already holds 1,000 messages. The baseline is the same
 * page idle, measured in the same run for as long as the stream's window.
 *
 *   node --expose-gc --import tsx bench/renderer.bench.ts [--tokens 10000] [--rate 500] [--messages 1000]
 *        [--renderer DIR] [--profile DIR]
 *
 * Rows: main-thread tasks over 50 ms (PerformanceObserver 'longtask'), the
 * 95th-percentile frame (requestAnimationFrame intervals), the page's JS
 * heap afterwards (after a full GC, over CDP), and the `agent.events`
 * flushes a second the page received against the token rate.
 *
 * `--renderer DIR` serves another build of the renderer (to measure a
 * change). `--profile DIR` serves an unminified build with source maps
 * (built into DIR/renderer, unless `--renderer` names one), records a CPU profile and a trace of the page
 * during the stream into DIR, and prints where the time went; the figures
 * of such a run are slower, as profiling costs time.
 *
 * Needs `npm run build`. Takes about a minute. Exits non-zero only when it
 * cannot run.
 */
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { CDPSession } from '@playwright/test';
import { printRow } from './benchRow';
import { markdownTokens } from './markdownTokens';
import { tapMain } from './rendererMainTap';
import { startCpuProfile } from './rendererProfile';
import { installRecorder, type Recorder } from './rendererRecorder';
import { rendererRows, rendererSummary, type MeasuredWindow, type PageWork } from './rendererRows';
import { heapAfterGc, missingPrerequisite, openSession, pageMetrics, sendPrompt } from './rendererSession';
import { createSourceMapper } from './rendererSourceMap';
import { startTrace } from './rendererTrace';

const { values } = parseArgs({
  options: {
    tokens: { type: 'string', default: '10000' },
    rate: { type: 'string', default: '500' },
    messages: { type: 'string', default: '1000' },
    renderer: { type: 'string' },
    profile: { type: 'string' },
  },
});
const TOKENS = Number(values.tokens);
const RATE = Number(values.rate);
const MESSAGES = Number(values.messages);
const PROFILE_DIR = values.profile === undefined ? undefined : resolve(values.profile);
const PROMPT = 'Walk me through the whole build, with the code for each step.';
/** Time for the page to settle after opening the conversation, and after the run. */
const SETTLE_MS = 1_500;
/** Kept in the stream's window after the run's end reached the page: the page stores and refreshes the conversation then. */
const TAIL_MS = 1_000;
const POLL_MS = 250;

/** The page's work between two readings of its metrics. */
function workBetween(before: Record<string, number>, after: Record<string, number>): PageWork {
  const ms = (name: string) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
  const count = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
  return {
    taskMs: ms('TaskDuration'),
    scriptMs: ms('ScriptDuration'),
    styleMs: ms('RecalcStyleDuration'),
    layoutMs: ms('LayoutDuration'),
    styleCount: count('RecalcStyleCount'),
    layoutCount: count('LayoutCount'),
  };
}

/** Records the page through `during` (which resolves when the window should close). */
async function measure(cdp: CDPSession, recorder: Recorder, during: () => Promise<void>): Promise<MeasuredWindow> {
  const before = await pageMetrics(cdp);
  const from = await recorder.now();
  await during();
  const to = await recorder.now();
  const after = await pageMetrics(cdp);
  return { recorded: await recorder.take(from, to), durationMs: to - from, work: workBetween(before, after) };
}

/** Waits until the run's end (run-finish, run-error or run-abort) reached the page; a failed run cannot be measured. */
async function untilRunEnds(recorder: Recorder, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  // Bounded by the deadline.
  for (;;) {
    signal.throwIfAborted();
    const state = await recorder.ended();
    if (state.error) throw new Error(`the streamed run failed: ${state.error}`);
    if (state.ended) return;
    if (performance.now() > deadline) throw new Error(`the streamed run did not end within ${Math.round(timeoutMs / 1000)} s`);
    await sleep(POLL_MS);
  }
}

async function main(): Promise<void> {
  const counts = [TOKENS, MESSAGES];
  if (!counts.every((n) => Number.isInteger(n) && n >= 1) || !(RATE > 0) || MESSAGES < 2) {
    throw new Error(`bad options: --tokens ${values.tokens} --rate ${values.rate} --messages ${values.messages}`);
  }
  const rendererDir = values.renderer === undefined ? undefined : resolve(values.renderer);
  const missing = await missingPrerequisite(process.cwd(), rendererDir);
  if (missing) throw new Error(missing);
  const streamTimeoutMs = (TOKENS / RATE) * 5_000 + 60_000;
  const signal = AbortSignal.timeout(streamTimeoutMs * 3 + 180_000);

  // Profiling serves an unminified build with source maps (unless told which build), so the profile names the renderer's own functions.
  const served = rendererDir ?? (PROFILE_DIR ? await (await import('./rendererBuild')).buildProfilingRenderer(join(PROFILE_DIR, 'renderer')) : undefined);
  const session = await openSession({ tokens: TOKENS, rate: RATE, messages: MESSAGES, signal, ...(served ? { rendererDir: served } : {}) });
  try {
    const { page, cdp } = session;
    const recorder = await installRecorder(page);
    await sleep(SETTLE_MS);
    const heapBefore = await heapAfterGc(cdp);
    const nodesBefore = (await pageMetrics(cdp)).Nodes ?? Number.NaN;

    const tap = tapMain(session.host);
    const cpu = PROFILE_DIR && served ? await startCpuProfile(cdp, createSourceMapper(served)) : undefined;
    const trace = PROFILE_DIR ? await startTrace(session.browser, page) : undefined;
    const stream = await measure(cdp, recorder, async () => {
      await sendPrompt(page, PROMPT);
      await untilRunEnds(recorder, streamTimeoutMs, signal);
      await sleep(TAIL_MS);
    });
    const main = tap.stop();
    // A page that failed is not measured: its figures would describe the failure.
    if (session.pageErrors.length) throw new Error(`the page reported errors: ${session.pageErrors.slice(0, 3).join(' | ')}`);
    const traceSummary = trace && PROFILE_DIR ? await trace.stop(PROFILE_DIR) : undefined;
    const cpuSummary = cpu && PROFILE_DIR ? await cpu.stop(PROFILE_DIR) : undefined;

    await sleep(SETTLE_MS);
    const heapAfter = await heapAfterGc(cdp);
    const nodesAfter = (await pageMetrics(cdp)).Nodes ?? Number.NaN;
    const idle = await measure(cdp, recorder, () => sleep(stream.durationMs, undefined, { signal }));

    const measured = {
      tokens: TOKENS,
      rate: RATE,
      messages: MESSAGES,
      expectedChars: markdownTokens(TOKENS).join('').length,
      stream,
      idle,
      main,
      heapBeforeBytes: heapBefore.usedBytes,
      heapAfterBytes: heapAfter.usedBytes,
      nodesBefore,
      nodesAfter,
    };
    for (const row of rendererRows(measured)) printRow(row);
    process.stdout.write(`\n${rendererSummary(measured)}\n`);
    if (traceSummary) process.stdout.write(`\n${traceSummary}\n`);
    if (cpuSummary) process.stdout.write(`\n${cpuSummary}\n`);
  } finally {
    await session.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`renderer.bench: cannot run: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
