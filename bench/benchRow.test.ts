import { describe, expect, it } from 'vitest';
import { atLeast, atMost, BENCH_PREFIX, formatBenchLine, parseBenchLine, parseBenchOutput, under } from './benchRow';

describe('bench rows', () => {
  it('round-trips a row through its BENCH line, filling the defaults', () => {
    const line = formatBenchLine({ figure: 'abort to socket closed', value: 3.2, unit: 'ms' });
    expect(line.startsWith(BENCH_PREFIX)).toBe(true);
    expect(line.endsWith('\n')).toBe(true);
    expect(parseBenchLine(line.trimEnd())).toEqual({
      kind: 'row',
      row: { figure: 'abort to socket closed', baseline: null, value: 3.2, unit: 'ms', target: '', met: null },
    });
  });

  it('keeps every field a benchmark gives', () => {
    const row = { figure: 'f', baseline: 'SDK: 100 tok/s', value: 0.97, unit: '×', target: '≥ 0.95', met: true, detail: 'engine 97 tok/s', note: 'n' };
    expect(parseBenchLine(formatBenchLine(row))).toEqual({ kind: 'row', row });
  });

  it('passes other lines through as text, and reports malformed rows with a reason', () => {
    expect(parseBenchLine('| a | b |')).toEqual({ kind: 'text', line: '| a | b |' });
    expect(parseBenchLine('BENCH {nope')).toMatchObject({ kind: 'invalid', reason: 'not JSON' });
    const missing = parseBenchLine('BENCH {"value":1}');
    expect(missing.kind).toBe('invalid');
    expect(missing.kind === 'invalid' && missing.reason).toContain('figure');
    expect(parseBenchLine('BENCH {"figure":"x","value":"fast"}').kind).toBe('invalid');
  });

  it('refuses to print a row whose value is not a finite number', () => {
    expect(() => formatBenchLine({ figure: 'x', value: Number.NaN })).toThrow();
  });

  it('collects rows from a whole stdout, CRLF included', () => {
    const out = ['hello', formatBenchLine({ figure: 'a', value: 1 }).trimEnd(), 'BENCH [1]', `${formatBenchLine({ figure: 'b', value: null }).trimEnd()}\r`, ''].join('\n');
    const { rows, invalid } = parseBenchOutput(out);
    expect(rows.map((r) => r.figure)).toEqual(['a', 'b']);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]?.line).toBe('BENCH [1]');
  });

  it('decides targets, and says nothing without a value', () => {
    expect(atLeast(0.96, 0.95)).toBe(true);
    expect(atLeast(0.94, 0.95)).toBe(false);
    expect(atMost(60, 60)).toBe(true);
    expect(atMost(61, 60)).toBe(false);
    expect(under(50, 50)).toBe(false);
    expect(under(49.9, 50)).toBe(true);
    expect(atLeast(null, 1)).toBeNull();
    expect(under(Number.NaN, 1)).toBeNull();
  });
});
