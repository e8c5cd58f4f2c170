import { describe, expect, it } from 'vitest';
import { HeadTailBuffer } from './headTailBuffer';

describe('HeadTailBuffer', () => {
  it('keeps everything under the cap', () => {
    const b = new HeadTailBuffer(10);
    b.push('abc');
    b.push('def');
    expect(b.toString()).toBe('abcdef');
    expect(b.truncated).toBe(false);
  });

  it('keeps the first and last halves past the cap, across many small chunks', () => {
    const b = new HeadTailBuffer(6);
    for (const c of 'abcdefghijklmnop') b.push(c);
    expect(b.truncated).toBe(true);
    expect(b.totalChars).toBe(16);
    expect(b.toString()).toBe('abc\n[… 10 characters cut from the middle of the output …]\nnop');
  });

  it('keeps the tail of one large chunk', () => {
    const b = new HeadTailBuffer(4);
    b.push('0123456789');
    expect(b.toString()).toBe('01\n[… 6 characters cut from the middle of the output …]\n89');
  });
});
