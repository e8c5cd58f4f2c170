/**
 * IPC messages per second: the renderer sink (electron/main/eventSink.ts)
 * driven with a run's text deltas at several token rates, each flush
 * serialised to JSON as IPC would carry it. The baseline is the token rate
 * itself; the target is at most 60 flushes a second whatever the rate.
 *
 *   node --expose-gc --import tsx bench/ipc.bench.ts [--seconds 2] [--reps 3]
 *
 * Tokens are pushed on 1 ms timer ticks, as many per tick as the rate asks
 * for by then, so the event loop keeps running the sink's own timer.
 * Prints BENCH rows; exits non-zero only when it cannot run.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { AgentEvent } from '../shared/agentEvents';
import { createEventSink, SINK_INTERVAL_MS, SINK_MAX_CHARS } from '../electron/main/eventSink';
import { atMost, printRow } from './benchRow';
import { formatNumber } from './benchTable';
import { markdownTokens } from './markdownTokens';
import { collectGarbage, finite, interleave, median } from './stats';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '2' }, reps: { type: 'string', default: '3' } } });
const SECONDS = Number(values.seconds);
const REPS = Number(values.reps);
const RATES = [500, 5_000, 50_000] as const;
const MAX_FLUSHES_PER_SECOND = 60;
const runId = 'run-bench';

interface RateRun {
  /** Tokens pushed per second, as measured. */
  tokensPerSecond: number;
  /** Flushes carrying text per second of streaming. */
  flushesPerSecond: number;
  tokensPerFlush: number;
  bytesPerSecond: number;
}

async function drive(rate: number): Promise<RateRun> {
  const tokens = markdownTokens(Math.ceil(rate * SECONDS) + 1);
  let textFlushes = 0;
  let bytes = 0;
  const sink = createEventSink({
    send: (events: AgentEvent[]) => {
      bytes += JSON.stringify(events).length;
      if (events.some((e) => e.type === 'text-delta')) textFlushes++;
    },
  });
  sink.push({ type: 'run-start', runId, conversationId: 'c', model: { spec: 'local:', provider: 'local', modelId: 'bench' }, prompt: 'p', startedAt: Date.now() });
  const startedAt = performance.now();
  const endAt = startedAt + SECONDS * 1000;
  let sent = 0;
  // Bounded by the token list: the loop ends when the time is up or the tokens run out.
  while (sent < tokens.length) {
    const now = performance.now();
    if (now >= endAt) break;
    const due = Math.min(tokens.length, Math.floor(((now - startedAt) / 1000) * rate));
    for (; sent < due; sent++) sink.push({ type: 'text-delta', runId, delta: tokens[sent] as string });
    await sleep(1);
  }
  const elapsed = (performance.now() - startedAt) / 1000;
  sink.push({ type: 'run-finish', runId, finishReason: 'stop', text: '', stats: { durationMs: elapsed * 1000, turns: 1 } });
  sink.dispose();
  return {
    tokensPerSecond: sent / elapsed,
    flushesPerSecond: textFlushes / elapsed,
    tokensPerFlush: textFlushes ? sent / textFlushes : Number.NaN,
    bytesPerSecond: bytes / elapsed,
  };
}

async function main(): Promise<void> {
  const contenders = Object.fromEntries(RATES.map((r) => [String(r), () => drive(r)])) as Record<string, () => Promise<RateRun>>;
  const runs = await interleave(contenders, { reps: REPS, warmup: 0, beforeEach: collectGarbage });
  for (const rate of RATES) {
    const list = runs[String(rate)] ?? [];
    const flushes = finite(median(list.map((r) => r.flushesPerSecond)));
    printRow({
      figure: `IPC: renderer sink flushes per second while text streams at ${formatNumber(rate)} tokens/s`,
      baseline: `${formatNumber(rate)} tokens/s pushed (measured ${formatNumber(median(list.map((r) => r.tokensPerSecond)))})`,
      value: flushes,
      unit: 'flushes/s',
      target: `≤ ${MAX_FLUSHES_PER_SECOND} flushes/s`,
      met: atMost(flushes, MAX_FLUSHES_PER_SECOND),
      detail: `${formatNumber(median(list.map((r) => r.tokensPerFlush)))} tokens a flush, ${formatNumber(median(list.map((r) => r.bytesPerSecond)) / 1024)} KiB of JSON a second; median of ${REPS} runs of ${SECONDS} s`,
      ...(flushes !== null && flushes > MAX_FLUSHES_PER_SECOND
        ? {
            note: `the sink keeps flushes carrying deltas at least ${SINK_INTERVAL_MS} ms apart by its clock (at most ${formatNumber(1000 / SINK_INTERVAL_MS)} a second); more means flushes forced by its size cap (${formatNumber(SINK_MAX_CHARS / 1024)} KiB of text) or by other events.`,
          }
        : {}),
    });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`ipc.bench: cannot run: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
