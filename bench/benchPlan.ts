import { benchRowSchema, type BenchRow } from './benchRow';

/**
 * Which benchmarks `npm run bench` runs, in the order of the table. One of
 * them missing from the checkout leaves a row saying so, so a lost file is
 * seen in the table rather than silently dropped. Any other `*.bench.ts` in
 * bench/ runs too, after these.
 */

export interface BenchEntry {
  /** File name in bench/. */
  file: string;
  /** Longest a run may take before it is stopped (building llama-server the first time takes minutes). */
  timeoutMs: number;
}

const MINUTE = 60_000;

export const BENCHES: readonly BenchEntry[] = [
  { file: 'engine.bench.ts', timeoutMs: 10 * MINUTE },
  { file: 'stream.bench.ts', timeoutMs: 10 * MINUTE },
  { file: 'llama.bench.ts', timeoutMs: 40 * MINUTE },
  { file: 'renderer.bench.ts', timeoutMs: 15 * MINUTE },
  { file: 'ipc.bench.ts', timeoutMs: 10 * MINUTE },
  { file: 'probe.bench.ts', timeoutMs: 10 * MINUTE },
  { file: 'history.bench.ts', timeoutMs: 15 * MINUTE },
  { file: 'abort.bench.ts', timeoutMs: 10 * MINUTE },
  { file: 'acp.bench.ts', timeoutMs: 15 * MINUTE },
  { file: 'mcp.bench.ts', timeoutMs: 10 * MINUTE },
  { file: 'cliStart.bench.ts', timeoutMs: 10 * MINUTE },
  { file: 'growth.bench.ts', timeoutMs: 15 * MINUTE },
  { file: 'historyPage.bench.ts', timeoutMs: 15 * MINUTE },
];

const DEFAULT_TIMEOUT_MS = 10 * MINUTE;

export type PlannedBench = { kind: 'run'; file: string; timeoutMs: number } | { kind: 'missing'; file: string; rows: BenchRow[] };

/**
 * The plan for the files present in bench/: the known benchmarks in order
 * (a row saying so for one that is missing), then any other `*.bench.ts`, sorted.
 * `only` (names with or without `.bench.ts`) keeps just those.
 */
export function planBenches(present: readonly string[], only?: readonly string[], entries: readonly BenchEntry[] = BENCHES): PlannedBench[] {
  const have = new Set(present);
  const known = new Set(entries.map((e) => e.file));
  const wanted = only?.length ? new Set(only.map((n) => (n.endsWith('.bench.ts') ? n : `${n}.bench.ts`))) : undefined;
  const plan: PlannedBench[] = [];
  for (const entry of entries) {
    if (wanted && !wanted.has(entry.file)) continue;
    if (have.has(entry.file)) plan.push({ kind: 'run', file: entry.file, timeoutMs: entry.timeoutMs });
    else plan.push({ kind: 'missing', file: entry.file, rows: [missingRow(entry.file)] });
  }
  const extra = present.filter((f) => f.endsWith('.bench.ts') && !known.has(f) && (!wanted || wanted.has(f))).sort();
  for (const file of extra) plan.push({ kind: 'run', file, timeoutMs: DEFAULT_TIMEOUT_MS });
  return plan;
}

function missingRow(file: string): BenchRow {
  return benchRowSchema.parse({ figure: `bench/${file}`, value: null, note: `not run: bench/${file} is missing from this checkout.` });
}

/** The row a benchmark that could not run leaves in the table, with its own one-line reason. */
export function failureRow(file: string, outcome: { code: number | null; signal: string | null; timedOut: boolean; stderr: string }): BenchRow {
  const lines = outcome.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const said = [...lines].reverse().find((l) => /cannot run/i.test(l)) ?? lines.at(-1);
  const how = outcome.timedOut ? 'was stopped after its time limit' : outcome.signal ? `was killed (${outcome.signal})` : `exited with code ${outcome.code}`;
  return benchRowSchema.parse({
    figure: `bench/${file}`,
    value: null,
    note: `could not run: it ${how}${said ? `: ${said.slice(0, 300)}` : ''}`,
  });
}
