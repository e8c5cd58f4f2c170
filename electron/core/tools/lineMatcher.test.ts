import { describe, expect, it } from 'vitest';
import { compilePattern } from './lineMatcher';

describe('line matcher', () => {
  it('compiles patterns, (?i) as ignore-case, invalid ones as literal text', () => {
    expect(compilePattern('fo+').regex.test('foo')).toBe(true);
    expect(compilePattern('(?i)FOO').regex.test('foo')).toBe(true);
    const literal = compilePattern('call(');
    expect(literal.literalBecause).toBeTruthy();
    expect(literal.regex.test('a call( b')).toBe(true);
  });
});
