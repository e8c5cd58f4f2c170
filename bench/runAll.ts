/**
 * `npm run bench`: runs every benchmark (bench/benchPlan.ts), each in its own
 * process, gathers their BENCH rows, prints the table, and on a full run
 * writes bench/results/latest.md and latest.json and replaces the README's
 * block between `<!-- bench:start -->` and `<!-- bench:end -->`.
 *
 *   npm run bench
 *   npm run bench -- --only engine,ipc     (prints the table; writes nothing)
 *
 * Exits 1 when a benchmark could not run (after writing what it has), never
 * because of a figure.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { failureRow, planBenches } from './benchPlan';
import { runBenchFile } from './benchProcess';
import type { BenchRow } from './benchRow';
import { renderReport } from './benchTable';
import { describeMachine } from './machine';
import { BENCH_END, BENCH_START, replaceBenchBlock } from './readmeBlock';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH_DIR);
const RESULTS = join(BENCH_DIR, 'results');

interface BenchRecord {
  file: string;
  status: 'ran' | 'failed' | 'missing';
  durationMs?: number;
  code?: number | null;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const only = values.only
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const plan = planBenches(await readdir(BENCH_DIR), only);
  const rows: BenchRow[] = [];
  const record: BenchRecord[] = [];
  const env = { ...process.env, PUNIE_LOG: process.env.PUNIE_LOG ?? 'error' };

  for (const step of plan) {
    if (step.kind === 'missing') {
      process.stderr.write(`bench: ${step.file} is missing; its row says so\n`);
      rows.push(...step.rows);
      record.push({ file: step.file, status: 'missing' });
      continue;
    }
    process.stderr.write(`bench: running ${step.file}\n`);
    const outcome = await runBenchFile(join(BENCH_DIR, step.file), { cwd: ROOT, timeoutMs: step.timeoutMs, env });
    rows.push(...outcome.rows);
    for (const bad of outcome.invalid) process.stderr.write(`bench: ${step.file} printed a row that could not be read (${bad.reason}): ${bad.line}\n`);
    const failed = outcome.code !== 0 || outcome.timedOut;
    if (failed) rows.push(failureRow(step.file, { ...outcome, signal: outcome.signal ?? null }));
    record.push({ file: step.file, status: failed ? 'failed' : 'ran', durationMs: Math.round(outcome.durationMs), code: outcome.code });
    process.stderr.write(`bench: ${step.file} ${failed ? 'could not run' : 'done'} in ${(outcome.durationMs / 1000).toFixed(1)} s\n`);
  }

  const machine = describeMachine();
  const report = renderReport(rows, machine);
  process.stdout.write(`\n${report}\n`);
  if (only?.length) {
    process.stderr.write('bench: a partial run (--only) writes no results and leaves README.md alone\n');
  } else {
    await mkdir(RESULTS, { recursive: true });
    await writeFile(join(RESULTS, 'latest.md'), `# Benchmarks: latest run\n\nWritten by \`npm run bench\` (see bench/README.md).\n\n${report}\n`);
    await writeFile(join(RESULTS, 'latest.json'), `${JSON.stringify({ machine, benches: record, rows }, null, 2)}\n`);
    const readmePath = join(ROOT, 'README.md');
    const readme = await readFile(readmePath, 'utf8');
    const { text, replaced } = replaceBenchBlock(readme, report);
    if (!replaced) process.stderr.write(`bench: README.md has no ${BENCH_START} … ${BENCH_END} block; left it alone\n`);
    else if (text !== readme) await writeFile(readmePath, text);
    process.stderr.write(`bench: wrote bench/results/latest.md and latest.json${replaced ? ' and the README table' : ''}\n`);
  }
  return record.some((r) => r.status === 'failed') ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
