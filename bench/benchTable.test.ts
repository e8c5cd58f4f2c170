import { describe, expect, it } from 'vitest';
import { benchRowSchema, type BenchRowInput } from './benchRow';
import { cell, formatNumber, formatValue, renderReport, renderTable } from './benchTable';
import type { MachineInfo } from './machine';

const row = (r: BenchRowInput) => benchRowSchema.parse(r);
const machine: MachineInfo = { cpu: 'Test CPU @ 2.0GHz', cores: 2, ramGiB: 7.8, os: 'Debian GNU/Linux 12 (bookworm) (Linux 6.1)', node: '20.20.2', date: '2025-11-25 13:00 UTC' };

describe('benchmark table', () => {
  it('formats numbers readably at every size', () => {
    expect(formatNumber(182_345.6)).toBe('182,346');
    expect(formatNumber(412.4)).toBe('412');
    expect(formatNumber(37.54)).toBe('37.5');
    expect(formatNumber(0.973)).toBe('0.97');
    expect(formatNumber(0)).toBe('0.00');
    expect(formatNumber(0.0123)).toBe('0.012');
    expect(formatNumber(-2.5)).toBe('-2.50');
    expect(formatValue(0.97, '×')).toBe('0.97×');
    expect(formatValue(12.44, 'ms')).toBe('12.4 ms');
    expect(formatValue(3, '')).toBe('3.00');
  });

  it('keeps cells on one line and escapes pipes', () => {
    expect(cell(' a | b\nc ')).toBe('a \\| b c');
  });

  it('renders one row per figure with baseline, measured value and detail, target and verdict', () => {
    const table = renderTable([
      row({ figure: 'engine throughput ÷ SDK', baseline: 'bare SDK: 180,000 tok/s', value: 0.971, unit: '×', target: '≥ 0.95', met: true, detail: 'engine 174,800 tok/s' }),
      row({ figure: 'abort', baseline: 2.1, value: 3.4, unit: 'ms', target: '< 50 ms', met: false }),
      row({ figure: 'start-up', value: 120, unit: 'ms' }),
      row({ figure: 'renderer', target: '< 20 ms', value: null, note: 'not run yet' }),
    ]);
    expect(table.split('\n')).toEqual([
      '| figure | baseline (same run) | measured | target | met? |',
      '|---|---|---|---|---|',
      '| engine throughput ÷ SDK | bare SDK: 180,000 tok/s | 0.97× (engine 174,800 tok/s) | ≥ 0.95 | yes |',
      '| abort | 2.10 ms | 3.40 ms | < 50 ms | **no** |',
      '| start-up | — | 120 ms | — | n/a |',
      '| renderer | — | not run | < 20 ms | — |',
    ]);
  });

  it('says plainly which targets are not met and which rows did not run, with their reasons, then the machine', () => {
    const report = renderReport(
      [
        row({ figure: 'ttft', value: 17, unit: 'ms', target: '≤ 2 ms', met: false, note: 'the sink holds the first delta 16 ms' }),
        row({ figure: 'abort', value: 3, unit: 'ms', target: '< 50 ms', met: true }),
        row({ figure: 'renderer', value: null, note: 'needs the browser host' }),
      ],
      machine,
    );
    const [table, notMet, notRun, line] = report.split('\n\n');
    expect(table).toContain('| ttft |');
    expect(notMet).toBe('Not met yet:\n- ttft: the sink holds the first delta 16 ms');
    expect(notRun).toBe('Not run:\n- renderer: needs the browser host');
    expect(line).toBe('Measured on Test CPU @ 2.0GHz, 2 cores, 7.8 GiB RAM, Debian GNU/Linux 12 (bookworm) (Linux 6.1), Node 20.20.2, 2025-11-25 13:00 UTC.');
  });

  it('says so when every measured target is met', () => {
    const report = renderReport([row({ figure: 'abort', value: 3, unit: 'ms', target: '< 50 ms', met: true })], machine);
    expect(report).toContain('Every target that was measured is met.');
    expect(report).not.toContain('Not run:');
  });
});
