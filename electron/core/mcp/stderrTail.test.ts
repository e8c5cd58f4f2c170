import { describe, expect, it } from 'vitest';
import { inert, StderrTail } from './stderrTail';

describe('StderrTail', () => {
  it('keeps the last lines, across chunks, with the unfinished one', () => {
    const tail = new StderrTail(3);
    tail.push('one\ntw');
    tail.push('o\nthree\r\nfour\nfi');
    expect(tail.snapshot()).toEqual(['three', 'four', 'fi']);
  });

  it('counts a line repeated at once (a server restarted, failing the same way)', () => {
    const tail = new StderrTail();
    tail.push('fatal: no db\nfatal: no db\nfatal: no db\nother\n');
    expect(tail.snapshot()).toEqual(['fatal: no db  (×3)', 'other']);
  });

  it('makes a server\'s text inert: no escapes, no control characters, bounded lines', () => {
    expect(inert('\u001b[2J\u001b]52;c;ZXZpbA==\u0007ok\u0008!')).toBe('ok\uFFFD!');
    expect(inert('x'.repeat(900)).length).toBe(500);
  });
});
