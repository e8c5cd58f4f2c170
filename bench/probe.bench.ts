/**
 * Discovery's probe round: how long one round takes with both ports closed,
 * with one port that accepts connections and never answers, and with
 * servers up (LM Studio and llama.cpp fakes, each in its own process).
 * Each figure is the median of several rounds, interleaved with a baseline
 * measured in the same run: a bare connection attempt (closed ports) or one
 * bare GET /v1/models per server (servers up). Rounds use the timeouts
 * `punie status` uses.
 *
 *   npx tsx bench/probe.bench.ts [--reps 21] [--silent-reps 3]
 *
 * Prints BENCH rows and a Markdown table; never fails on a figure.
 */
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { closedPort } from '../e2e/fake-server/closedPort';
import { getJson } from '../electron/core/servers/httpJson';
import { INTERACTIVE_TIMEOUTS, probeServers } from '../electron/core/servers/probeServers';
import { resolveLocal } from '../electron/core/servers/resolveLocal';
import type { ServerKind } from '../shared/serverStatus';
import { atMost, printRow, under, type BenchRowInput } from './benchRow';
import { formatNumber, renderTable } from './benchTable';
import { benchRowSchema } from './benchRow';
import { finite, interleave, median, pairedRatios } from './stats';
import { startServerChild, type ServerChild } from './probeFakeServers';

const { values } = parseArgs({ options: { reps: { type: 'string', default: '21' }, 'silent-reps': { type: 'string', default: '3' } } });
const REPS = Number(values.reps);
const SILENT_REPS = Number(values['silent-reps']);
if (!Number.isInteger(REPS) || REPS < 1 || REPS > 1000 || !Number.isInteger(SILENT_REPS) || SILENT_REPS < 1 || SILENT_REPS > 100) {
  process.stderr.write('probe.bench: --reps takes 1–1000, --silent-reps 1–100\n');
  process.exit(2);
}

const signal = new AbortController().signal;
const rows: BenchRowInput[] = [];
const ms = (n: number) => `${formatNumber(n)} ms`;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** A connection attempt to a closed port: what the OS alone costs. */
function bareConnect(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = () => {
      socket.destroy();
      resolve();
    };
    socket.once('error', done);
    socket.once('connect', done);
  });
}

function row(figure: string, baselineText: string, probe: number[], baseline: number[], detail?: string): void {
  rows.push({
    figure,
    baseline: `${baselineText}: ${ms(median(baseline))}`,
    value: finite(median(pairedRatios(probe, baseline))),
    unit: '×',
    detail: detail ?? `round ${ms(median(probe))}`,
  });
}

/** A round against the target: the round's time is the figure, the ratio to the baseline its detail. */
function targetRow(figure: string, baselineText: string, probe: number[], baseline: number[], targetMs: number, note: string): void {
  const value = finite(median(probe));
  const met = under(value, targetMs);
  rows.push({
    figure,
    baseline: `${baselineText}: ${ms(median(baseline))}`,
    value,
    unit: 'ms',
    target: `< ${targetMs} ms`,
    met,
    detail: `${formatNumber(median(pairedRatios(probe, baseline)))}× the baseline; median of ${probe.length} rounds`,
    ...(met === false ? { note } : {}),
  });
}

async function main(): Promise<void> {
  const children: ServerChild[] = [];
  try {
    // Both ports closed.
    const closed = [await closedPort(), await closedPort()];
    const closedURLs = closed.map((p) => `http://127.0.0.1:${p}/v1`);
    const offline = await interleave(
      {
        probe: () => timed(() => probeServers({ endpoints: closedURLs, signal, ...INTERACTIVE_TIMEOUTS })),
        baseline: () => timed(() => Promise.all(closed.map(bareConnect))),
      },
      { reps: REPS, warmup: 2 },
    );
    targetRow(
      'Probe round, both ports closed',
      'two bare connects, refused',
      offline.probe,
      offline.baseline,
      20,
      'a refused connection is reported at once; the rest is the machine’s load (the baseline shows what the OS alone took).',
    );

    // One port that accepts and never answers, beside a closed one: the round ends at its bound.
    const silent = await startServerChild(['--hang']);
    children.push(silent);
    const silentRounds: number[] = [];
    for (let i = 0; i < SILENT_REPS; i++) silentRounds.push(await timed(() => probeServers({ endpoints: [closedURLs[0]!, silent.baseURL], signal, ...INTERACTIVE_TIMEOUTS })));
    const silentMedian = median(silentRounds);
    const silentMet = atMost(finite(silentMedian), 600);
    rows.push({
      figure: 'Probe round with one port that accepts and never answers (the timeouts punie status uses)',
      baseline: `request bound ${ms(INTERACTIVE_TIMEOUTS.requestTimeoutMs)}, round bound ${ms(INTERACTIVE_TIMEOUTS.roundTimeoutMs)}`,
      value: finite(silentMedian),
      unit: 'ms',
      target: '≤ 600 ms',
      met: silentMet,
      detail: `median of ${SILENT_REPS} rounds`,
      ...(silentMet === false ? { note: `the round waits for the request bound (${ms(INTERACTIVE_TIMEOUTS.requestTimeoutMs)}) on the silent port; more than that is the machine's load delaying the timer.` } : {}),
    });

    // Servers up: LM Studio and llama.cpp, first round (full detection) and steady rounds (kind hints, as the watcher probes).
    const lms = await startServerChild(['--profile', 'lmstudio']);
    children.push(lms);
    const llama = await startServerChild(['--profile', 'llama.cpp']);
    children.push(llama);
    const up = [lms.baseURL, llama.baseURL];
    const hints = new Map<string, ServerKind>([
      [lms.baseURL, 'lmstudio'],
      [llama.baseURL, 'llama.cpp'],
    ]);
    const bareGets = () => timed(() => Promise.all(up.map((u) => getJson(`${u}/models`, { signal }))));
    const upRounds = await interleave(
      {
        detect: () => timed(() => probeServers({ endpoints: up, signal, ...INTERACTIVE_TIMEOUTS })),
        hinted: () => timed(() => probeServers({ endpoints: up, signal, kindHints: hints, ...INTERACTIVE_TIMEOUTS })),
        resolve: () => timed(() => resolveLocal({}, { endpoints: up, signal })),
        baseline: bareGets,
      },
      { reps: REPS, warmup: 3 },
    );
    const bare = 'one bare GET /v1/models per server';
    const upNote = 'a round asks each server for its listing and the paths that tell its kind, in parallel; the baseline is one bare GET a server, so the difference is the extra requests on a loaded machine.';
    targetRow('Probe round, LM Studio + llama.cpp up, kinds unknown', bare, upRounds.detect, upRounds.baseline, 50, upNote);
    targetRow('Probe round, LM Studio + llama.cpp up, kinds known (the watcher’s steady state)', bare, upRounds.hinted, upRounds.baseline, 50, upNote);
    row('Resolving local: with LM Studio + llama.cpp up (what punie ask pays first) (÷ bare GETs)', bare, upRounds.resolve, upRounds.baseline, `resolve ${ms(median(upRounds.resolve))}`);
  } finally {
    await Promise.all(children.map((c) => c.close()));
  }
  for (const r of rows) printRow(r);
  process.stdout.write(`\n### Discovery probe rounds (median of ${REPS} rounds; ${SILENT_REPS} with the silent port)\n\n${renderTable(rows.map((r) => benchRowSchema.parse(r)))}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`probe.bench: could not run: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
