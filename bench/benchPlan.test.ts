import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BENCHES, failureRow, planBenches, type BenchEntry } from './benchPlan';

const entries: BenchEntry[] = [
  { file: 'a.bench.ts', timeoutMs: 1 },
  { file: 'later.bench.ts', timeoutMs: 2 },
  { file: 'b.bench.ts', timeoutMs: 3 },
];

describe('the benchmark plan', () => {
  it('runs the known benchmarks in order, a row for each missing one, then any others', () => {
    const plan = planBenches(['b.bench.ts', 'zeta.bench.ts', 'a.bench.ts', 'stats.ts', 'alpha.bench.ts', 'run.mjs'], undefined, entries);
    expect(plan).toEqual([
      { kind: 'run', file: 'a.bench.ts', timeoutMs: 1 },
      {
        kind: 'missing',
        file: 'later.bench.ts',
        rows: [{ figure: 'bench/later.bench.ts', baseline: null, value: null, unit: '', target: '', met: null, note: 'not run: bench/later.bench.ts is missing from this checkout.' }],
      },
      { kind: 'run', file: 'b.bench.ts', timeoutMs: 3 },
      { kind: 'run', file: 'alpha.bench.ts', timeoutMs: 600_000 },
      { kind: 'run', file: 'zeta.bench.ts', timeoutMs: 600_000 },
    ]);
  });

  it('runs a known file once it exists', () => {
    expect(planBenches(['later.bench.ts'], ['later'], entries)).toEqual([{ kind: 'run', file: 'later.bench.ts', timeoutMs: 2 }]);
  });

  it('keeps only the benchmarks asked for, by name with or without the suffix', () => {
    const plan = planBenches(['a.bench.ts', 'b.bench.ts', 'zeta.bench.ts'], ['b', 'zeta.bench.ts'], entries);
    expect(plan.map((p) => p.file)).toEqual(['b.bench.ts', 'zeta.bench.ts']);
  });

  it('runs every row of the issue, from the files in bench/', () => {
    const present = readdirSync(dirname(fileURLToPath(import.meta.url)));
    const plan = planBenches(present);
    expect(plan.map((p) => `${p.kind} ${p.file}`)).toEqual([
      'run engine.bench.ts',
      'run stream.bench.ts',
      'run llama.bench.ts',
      'run renderer.bench.ts',
      'run ipc.bench.ts',
      'run probe.bench.ts',
      'run history.bench.ts',
      'run abort.bench.ts',
      'run acp.bench.ts',
      'run mcp.bench.ts',
      'run cliStart.bench.ts',
      'run growth.bench.ts',
      'run historyPage.bench.ts',
    ]);
    expect(BENCHES.every((b) => b.timeoutMs > 0)).toBe(true);
  });
});

describe('a benchmark that could not run', () => {
  it('leaves a row with its own reason', () => {
    const row = failureRow('llama.bench.ts', { code: 3, signal: null, timedOut: false, stderr: 'warming up\nllama.bench: cannot run here: missing cmake\n(node) a warning\n' });
    expect(row).toMatchObject({ figure: 'bench/llama.bench.ts', value: null, met: null });
    expect(row.note).toBe('could not run: it exited with code 3: llama.bench: cannot run here: missing cmake');
  });

  it('says when it was stopped or killed, with the last thing it said', () => {
    expect(failureRow('x.bench.ts', { code: null, signal: 'SIGKILL', timedOut: true, stderr: 'step 3\n' }).note).toBe('could not run: it was stopped after its time limit: step 3');
    expect(failureRow('x.bench.ts', { code: null, signal: 'SIGSEGV', timedOut: false, stderr: '' }).note).toBe('could not run: it was killed (SIGSEGV)');
  });
});
