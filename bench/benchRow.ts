import { z } from 'zod';

/**
 * The one row format every benchmark prints, so `npm run bench` can gather
 * them into a table: one JSON object per line on stdout, prefixed `BENCH `.
 * Everything else a benchmark prints is for people and is passed through.
 *
 *   BENCH {"figure":"engine throughput ÷ bare SDK","baseline":"openai SDK: 182,000 tok/s","value":0.97,"unit":"×","target":"≥ 0.95","met":true}
 *
 * See bench/README.md for what each field means.
 */

export const BENCH_PREFIX = 'BENCH ';

export const benchRowSchema = z.object({
  /** What is measured, in words a reader understands without the code. */
  figure: z.string().min(1),
  /** What the figure is compared with, measured in the same run, with its value ("bare openai SDK: 180,000 tok/s"); a bare number is read in `unit`. */
  baseline: z.union([z.string(), z.number()]).nullable().default(null),
  /** The measured figure (a ratio, a difference or a time); null when it was not measured. */
  value: z.number().nullable(),
  /** Unit of `value`: `×` for ratios, `ms`, `flushes/s`, … */
  unit: z.string().default(''),
  /** The target in words (`≥ 0.95`, `< 50 ms`); empty when there is none. */
  target: z.string().default(''),
  /** Whether the target is met; null when there is no target or no value. */
  met: z.boolean().nullable().default(null),
  /** The raw numbers behind a ratio or a difference ("engine 176,000 tok/s"). */
  detail: z.string().optional(),
  /** Why a target is not met, or why the row was not run. */
  note: z.string().optional(),
});

/** A row as a benchmark writes it (defaults may be left out). */
export type BenchRowInput = z.input<typeof benchRowSchema>;
/** A row as the runner reads it. */
export type BenchRow = z.output<typeof benchRowSchema>;

/** One `BENCH …` line (with its newline) for a row. */
export function formatBenchLine(row: BenchRowInput): string {
  return `${BENCH_PREFIX}${JSON.stringify(benchRowSchema.parse(row))}\n`;
}

/** Prints a row on stdout in the runner's format. */
export function printRow(row: BenchRowInput): void {
  process.stdout.write(formatBenchLine(row));
}

export type BenchLine = { kind: 'row'; row: BenchRow } | { kind: 'invalid'; line: string; reason: string } | { kind: 'text'; line: string };

/** Reads one line of a benchmark's stdout: a row, a malformed row, or text for people. */
export function parseBenchLine(line: string): BenchLine {
  const trimmed = line.replace(/\r$/, '');
  if (!trimmed.startsWith(BENCH_PREFIX)) return { kind: 'text', line: trimmed };
  let json: unknown;
  try {
    json = JSON.parse(trimmed.slice(BENCH_PREFIX.length));
  } catch {
    return { kind: 'invalid', line: trimmed, reason: 'not JSON' };
  }
  const parsed = benchRowSchema.safeParse(json);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join('.') || '(row)'}: ${i.message}`).join('; ');
    return { kind: 'invalid', line: trimmed, reason };
  }
  return { kind: 'row', row: parsed.data };
}

/** Every row in a benchmark's stdout, and the `BENCH` lines that could not be read. */
export function parseBenchOutput(stdout: string): { rows: BenchRow[]; invalid: Array<{ line: string; reason: string }> } {
  const rows: BenchRow[] = [];
  const invalid: Array<{ line: string; reason: string }> = [];
  for (const line of stdout.split('\n')) {
    const parsed = parseBenchLine(line);
    if (parsed.kind === 'row') rows.push(parsed.row);
    else if (parsed.kind === 'invalid') invalid.push({ line: parsed.line, reason: parsed.reason });
  }
  return { rows, invalid };
}

/** `met` for a figure that should be at least `target`; null without a value. */
export function atLeast(value: number | null, target: number): boolean | null {
  return value === null || Number.isNaN(value) ? null : value >= target;
}

/** `met` for a figure that should be at most `target`; null without a value. */
export function atMost(value: number | null, target: number): boolean | null {
  return value === null || Number.isNaN(value) ? null : value <= target;
}

/** `met` for a figure that should stay under `target`; null without a value. */
export function under(value: number | null, target: number): boolean | null {
  return value === null || Number.isNaN(value) ? null : value < target;
}
