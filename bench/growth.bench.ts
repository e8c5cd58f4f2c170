/**
 * Nothing grows: a long-running main process must not keep what its runs
 * left behind. 1,000 runs of the built-in test model through the composed
 * engine as the app composes it (composeEngine: history on disk, the status
 * watcher, MCP, the agent service), the renderer's event sink attached and
 * each flush serialised as IPC would carry it, and the sidebar's list read
 * every 10 runs. After the first 50 runs and after the last, two full
 * collections, then: the heap used, the open file descriptors
 * (/proc/self/fd), the active handles and requests (timers, sockets, files)
 * and the listeners on `process`.
 *
 *   node --expose-gc --import tsx bench/growth.bench.ts [--runs 1000]
 *
 * Prints BENCH rows; exits non-zero only when it cannot run.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isTerminalEvent, type AgentEvent } from '../shared/agentEvents';
import { defaultSettings, type Settings } from '../shared/settings';
import { createLogger } from '../electron/core/log';
import { createKeySource } from '../electron/core/models/keySource';
import { composeEngine } from '../electron/main/composeEngine';
import { createEventSink } from '../electron/main/eventSink';
import type { SettingsPort } from '../electron/main/services';
import { atMost, printRow } from './benchRow';
import { formatNumber } from './benchTable';
import { collectGarbage } from './stats';
import { checkedModelSpec } from '../electron/core/models/checkedSpec';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '1000' } } });
const RUNS = Number(values.runs);
const FIRST = 50;
const MB = 1024 * 1024;

interface Snapshot {
  heapMB: number;
  fds: number;
  handles: number;
  requests: number;
  processListeners: number;
}

async function snapshot(): Promise<Snapshot> {
  // Twice, with a turn of the event loop between: finalizers and weak callbacks run after the first.
  collectGarbage();
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
  const p = process as unknown as { _getActiveHandles(): unknown[]; _getActiveRequests(): unknown[] };
  const processListeners = process.eventNames().reduce((n, name) => n + process.listenerCount(name), 0);
  return {
    heapMB: process.memoryUsage().heapUsed / MB,
    fds: (await readdir('/proc/self/fd')).length,
    handles: p._getActiveHandles().length,
    requests: p._getActiveRequests().length,
    processListeners,
  };
}

function memorySettings(workspace: string): SettingsPort {
  const value: Settings = { ...defaultSettings(), workspace };
  return { get: () => value, update: async () => value, notice: () => undefined, subscribe: () => () => undefined } as SettingsPort;
}

async function main(): Promise<void> {
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') throw new Error('run with --expose-gc');
  const dataDir = await mkdtemp(join(tmpdir(), 'punie-bench-growth-'));
  const workspace = await mkdtemp(join(tmpdir(), 'punie-bench-growth-ws-'));
  const life = new AbortController();
  const engine = await composeEngine({
    dataDir,
    settings: memorySettings(workspace),
    keys: createKeySource({}),
    signal: life.signal,
    log: createLogger('bench'),
    env: {},
    home: dataDir,
    testModel: { wordDelayMs: 0 },
  });
  let flushedBytes = 0;
  const sink = createEventSink({ send: (events: AgentEvent[]) => void (flushedBytes += JSON.stringify(events).length) });
  const ends = new Map<string, (event: AgentEvent) => void>();
  const endedEarly = new Map<string, AgentEvent>();
  const unsubscribe = engine.agent.subscribe((event) => {
    sink.push(event);
    if (!isTerminalEvent(event)) return;
    const waiting = ends.get(event.runId);
    if (waiting) waiting(event);
    // The run ended before its id was known here.
    else endedEarly.set(event.runId, event);
  });
  let first: Snapshot | undefined;
  let failures = 0;
  const started = performance.now();
  try {
    for (let i = 0; i < RUNS; i++) {
      const { runId } = await engine.agent.start({ prompt: `Question ${i}: how is this project built?`, model: checkedModelSpec('test'), workspace }, life.signal);
      const end = endedEarly.get(runId) ?? (await new Promise<AgentEvent>((resolve) => ends.set(runId, resolve)));
      ends.delete(runId);
      endedEarly.delete(runId);
      if (end.type !== 'run-finish') failures++;
      if (i % 10 === 9) await engine.conversations.list({}, AbortSignal.timeout(30_000));
      if (i === FIRST - 1) first = await snapshot();
    }
    // The last flush of the sink and the store's writers settle.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const last = await snapshot();
    const seconds = (performance.now() - started) / 1000;
    if (!first) throw new Error(`fewer than ${FIRST} runs`);
    if (failures) throw new Error(`${failures} of ${RUNS} runs did not finish`);
    const heapDelta = last.heapMB - first.heapMB;
    const detail = `after ${FIRST} runs ${formatNumber(first.heapMB)} MB, after ${formatNumber(RUNS)} ${formatNumber(last.heapMB)} MB (heap used after two full collections); ${formatNumber(RUNS)} runs of the test model in ${formatNumber(seconds)} s, each a new conversation on disk, the list read every 10 runs, ${formatNumber(flushedBytes / MB)} MB of sink flushes`;
    printRow({
      figure: `Nothing grows: main's heap after ${formatNumber(RUNS)} runs through the composed engine (history on disk, the renderer sink attached), against after the first ${FIRST}`,
      baseline: `after ${FIRST} runs: ${formatNumber(first.heapMB)} MB`,
      value: heapDelta,
      unit: 'MB',
      target: '≤ 5 MB more',
      met: atMost(heapDelta, 5),
      detail,
    });
    const grown = (a: number, b: number) => b - a;
    const fdsDelta = grown(first.fds, last.fds);
    const handlesDelta = grown(first.handles + first.requests, last.handles + last.requests);
    const listenersDelta = grown(first.processListeners, last.processListeners);
    printRow({
      figure: `Nothing grows: open file descriptors, active handles and requests, and process listeners after ${formatNumber(RUNS)} runs, against after the first ${FIRST}`,
      baseline: `after ${FIRST} runs: ${first.fds} fds, ${first.handles + first.requests} handles and requests, ${first.processListeners} listeners`,
      value: Math.max(fdsDelta, handlesDelta, listenersDelta),
      unit: 'more (the largest of the three)',
      target: '0 more',
      met: atMost(Math.max(fdsDelta, handlesDelta, listenersDelta), 0),
      detail: `after ${formatNumber(RUNS)}: ${last.fds} fds (${fdsDelta >= 0 ? '+' : ''}${fdsDelta}), ${last.handles + last.requests} handles and requests (${handlesDelta >= 0 ? '+' : ''}${handlesDelta}), ${last.processListeners} listeners (${listenersDelta >= 0 ? '+' : ''}${listenersDelta})`,
    });
  } finally {
    unsubscribe();
    sink.dispose();
    await engine.dispose();
    life.abort();
    await rm(dataDir, { recursive: true, force: true });
    await rm(workspace, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`growth.bench: cannot run: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
