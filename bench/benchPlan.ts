import { benchRowSchema, type BenchRow, type BenchRowInput } from './benchRow';

/**
 * Which benchmarks `npm run bench` runs, in the order of the table. A
 * benchmark that is not written yet shows its rows as "not run", with the
 * reason; once its file exists it runs like the others. Any other
 * `*.bench.ts` in bench/ runs too, after these.
 */

export interface BenchEntry {
  /** File name in bench/. */
  file: string;
  /** Longest a run may take before it is stopped (building llama-server the first time takes minutes). */
  timeoutMs: number;
  /** Rows shown while the file does not exist yet. */
  missing?: BenchRowInput[];
}

const MINUTE = 60_000;

export const BENCHES: readonly BenchEntry[] = [
  { file: 'engine.bench.ts', timeoutMs: 10 * MINUTE },
  { file: 'llama.bench.ts', timeoutMs: 40 * MINUTE },
  {
    file: 'renderer.bench.ts',
    timeoutMs: 15 * MINUTE,
    missing: [
      {
        figure: 'Renderer: 10,000 tokens of Markdown with code blocks at 500 tokens/s into a conversation of 1,000 messages (Debian’s Chromium, browser host)',
        baseline: 'the same page idle',
        value: null,
        target: 'no main-thread task > 50 ms; 95th-percentile frame < 20 ms; JS heap afterwards < 150 MB',
        note: 'not run yet: it needs the browser host wired to the real main handlers, which another engineer is finishing; bench/renderer.bench.ts slots in here once it exists.',
      },
    ],
  },
  { file: 'ipc.bench.ts', timeoutMs: 10 * MINUTE },
  {
    file: 'probe.bench.ts',
    timeoutMs: 10 * MINUTE,
    missing: [
      {
        figure: 'One probe round: both ports closed / one port accepting but silent / servers up',
        value: null,
        target: '< 20 ms / ≤ 600 ms / < 50 ms',
        note: 'not run yet: bench/probe.bench.ts (engineer G) is not written yet; it runs here once it exists.',
      },
    ],
  },
  { file: 'history.bench.ts', timeoutMs: 15 * MINUTE },
  { file: 'abort.bench.ts', timeoutMs: 10 * MINUTE },
];

const DEFAULT_TIMEOUT_MS = 10 * MINUTE;

export type PlannedBench = { kind: 'run'; file: string; timeoutMs: number } | { kind: 'missing'; file: string; rows: BenchRow[] };

/**
 * The plan for the files present in bench/: the known benchmarks in order
 * (placeholders for missing ones), then any other `*.bench.ts`, sorted.
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
    else if (entry.missing) plan.push({ kind: 'missing', file: entry.file, rows: entry.missing.map((r) => benchRowSchema.parse(r)) });
  }
  const extra = present.filter((f) => f.endsWith('.bench.ts') && !known.has(f) && (!wanted || wanted.has(f))).sort();
  for (const file of extra) plan.push({ kind: 'run', file, timeoutMs: DEFAULT_TIMEOUT_MS });
  return plan;
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
