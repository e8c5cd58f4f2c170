import { describe, expect, it } from 'vitest';
import { RepeatedFailures, canonicalJson, failureKey } from './repeatedFailures';

describe('repeated failures', () => {
  it('counts failures per call and clears them on success', () => {
    const f = new RepeatedFailures(3);
    const a = failureKey('failed', 'read_file', { path: 'a' });
    expect(f.fail(a)).toBe(false);
    expect(f.fail(a)).toBe(false);
    f.succeed([a]);
    expect(f.fail(a)).toBe(false);
    expect(f.fail(a)).toBe(false);
    expect(f.fail(a)).toBe(true);
  });

  it('treats the same arguments in another order as the same call', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 0 }] } })).toBe('{"a":{"c":[3,{"e":0,"f":1}],"d":2},"b":1}');
    expect(failureKey('failed', 'x', { a: 1, b: 2 })).toBe(failureKey('failed', 'x', { b: 2, a: 1 }));
    expect(failureKey('malformed', 'x', { a: 1 })).toBe(failureKey('malformed', 'x', { z: 9 }));
  });
});
