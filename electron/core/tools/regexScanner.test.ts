import { describe, expect, it } from 'vitest';
import { createRegexScanner } from './regexScanner';

describe('regexScanner', () => {
  const never = new AbortController().signal;

  it('returns the matching lines up to a maximum, cut to a length, reusing its worker', async () => {
    const scanner = createRegexScanner(/x/u);
    try {
      expect(await scanner.scan('x1\na\nx2\r\nx3', 2, 100, 5_000, never)).toEqual({ ok: true, hits: [{ index: 0, text: 'x1' }, { index: 2, text: 'x2' }] });
      expect(await scanner.scan('b\nxxxxxxxx', 10, 3, 5_000, never)).toEqual({ ok: true, hits: [{ index: 1, text: 'xxx' }] });
    } finally {
      await scanner.close();
    }
  });

  it('terminates a worker stuck in a catastrophic pattern, and the next scan gets a new one', async () => {
    const scanner = createRegexScanner(/^(a+)+$/u);
    try {
      const started = performance.now();
      expect(await scanner.scan(`${'a'.repeat(40)}!`, 10, 100, 200, never)).toEqual({ ok: false, reason: 'timeout' });
      expect(performance.now() - started).toBeLessThan(3_000);
      expect(await scanner.scan('aaa', 10, 100, 5_000, never)).toEqual({ ok: true, hits: [{ index: 0, text: 'aaa' }] });
    } finally {
      await scanner.close();
    }
  });

  it('a g or y flag does not carry lastIndex from one line to the next', async () => {
    const scanner = createRegexScanner(/a/gy);
    try {
      expect(await scanner.scan('a\na', 10, 100, 5_000, never)).toEqual({ ok: true, hits: [{ index: 0, text: 'a' }, { index: 1, text: 'a' }] });
    } finally {
      await scanner.close();
    }
  });
});
