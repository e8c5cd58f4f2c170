import { describe, expect, it } from 'vitest';
import { BENCHES, failureRow, planBenches, type BenchEntry } from './benchPlan';

const entries: BenchEntry[] = [
  { file: 'a.bench.ts', timeoutMs: 1 },
  { file: 'later.bench.ts', timeoutMs: 2, missing: [{ figure: 'later figure', value: null, note: 'not written yet' }] },
  { file: 'b.bench.ts', timeoutMs: 3 },
];

describe('the benchmark plan', () => {
  it('runs the known benchmarks in order, shows placeholders for missing ones, then any others', () => {
    const plan = planBenches(['b.bench.ts', 'zeta.bench.ts', 'a.bench.ts', 'stats.ts', 'alpha.bench.ts', 'run.mjs'], undefined, entries);
    expect(plan).toEqual([
      { kind: 'run', file: 'a.bench.ts', timeoutMs: 1 },
      { kind: 'missing', file: 'later.bench.ts', rows: [{ figure: 'later figure', baseline: null, value: null, unit: '', target: '', met: null, note: 'not written yet' }] },
      { kind: 'run', file: 'b.bench.ts', timeoutMs: 3 },
      { kind: 'run', file: 'alpha.bench.ts', timeoutMs: 600_000 },
      { kind: 'run', file: 'zeta.bench.ts', timeoutMs: 600_000 },
    ]);
  });

  it('runs a placeholder’s file once it exists, and skips a missing file that has no placeholder', () => {
    expect(planBenches(['later.bench.ts'], undefined, entries)).toEqual([{ kind: 'run', file: 'later.bench.ts', timeoutMs: 2 }]);
  });

  it('keeps only the benchmarks asked for, by name with or without the suffix', () => {
    const plan = planBenches(['a.bench.ts', 'b.bench.ts', 'zeta.bench.ts'], ['b', 'zeta.bench.ts'], entries);
    expect(plan.map((p) => p.file)).toEqual(['b.bench.ts', 'zeta.bench.ts']);
  });

  it('lists the issue’s rows: renderer and probe rounds wait for their files', () => {
    const plan = planBenches(['engine.bench.ts', 'llama.bench.ts', 'ipc.bench.ts', 'history.bench.ts', 'abort.bench.ts']);
    expect(plan.map((p) => `${p.kind} ${p.file}`)).toEqual([
      'run engine.bench.ts',
      'run llama.bench.ts',
      'missing renderer.bench.ts',
      'run ipc.bench.ts',
      'missing probe.bench.ts',
      'run history.bench.ts',
      'run abort.bench.ts',
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
