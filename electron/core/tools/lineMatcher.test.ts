import { describe, expect, it } from 'vitest';
import { compilePattern, createLineScanner } from './lineMatcher';

describe('line matcher', () => {
  it('compiles patterns, (?i) as ignore-case, invalid ones as literal text', () => {
    expect(compilePattern('fo+').regex.test('foo')).toBe(true);
    expect(compilePattern('(?i)FOO').regex.test('foo')).toBe(true);
    const literal = compilePattern('call(');
    expect(literal.literalBecause).toBeTruthy();
    expect(literal.regex.test('a call( b')).toBe(true);
  });

  it('returns matching line indexes up to a maximum, reusing one scanner', () => {
    const scan = createLineScanner(/x/);
    expect(scan(['x', 'a', 'x', 'x'], 2, 1_000)).toEqual({ ok: true, hits: [0, 2] });
    expect(scan(['b', 'x'], 10, 1_000)).toEqual({ ok: true, hits: [1] });
  });

  it('stops a catastrophic pattern at the time limit', () => {
    const scan = createLineScanner(/(a+)+b/);
    expect(scan(['a'.repeat(40) + 'c'], 10, 100)).toEqual({ ok: false, reason: 'timeout' });
  });
});
