import { describe, expect, it } from 'vitest';
import { clipText, formatBytes, hostOf, markdownFence, oneLine, shellWord, titleFromPrompt } from './text';
import { asRecord, isRecord } from './isRecord';

describe('oneLine', () => {
  it('collapses every run of whitespace, newlines included, and trims', () => {
    expect(oneLine('  Fix the\n\n  build\tplease  ')).toBe('Fix the build please');
  });
});

describe('clipText', () => {
  it('keeps text that fits, and cuts what does not with an ellipsis within the limit', () => {
    expect(clipText('short', 5)).toBe('short');
    expect(clipText('a longer line', 8)).toBe('a longe…');
    expect(clipText('a longer line', 8)).toHaveLength(8);
  });

  it('never leaves a space before the ellipsis nor half a surrogate pair', () => {
    expect(clipText('one two three', 5)).toBe('one…');
    const clipped = clipText('ab😀cd', 4);
    expect(clipped).toBe('ab…');
  });
});

describe('titleFromPrompt', () => {
  it("is the prompt's first line with text, on one line, clipped to 80 characters", () => {
    expect(titleFromPrompt('\n\n  Explain   the project\nin detail')).toBe('Explain the project');
    const long = titleFromPrompt('x'.repeat(200));
    expect(long).toHaveLength(80);
    expect(long.endsWith('…')).toBe(true);
    expect(titleFromPrompt('   ')).toBe('');
    expect(titleFromPrompt('a'.repeat(78) + '😀😀😀')).toBe('a'.repeat(78) + '…');
  });
});

describe('the small text helpers every face shares', () => {
  it('hostOf: host and port of a URL, the text itself when it is none', () => {
    expect(hostOf('http://127.0.0.1:1234/v1')).toBe('127.0.0.1:1234');
    expect(hostOf('not a url')).toBe('not a url');
  });

  it('formatBytes: bytes, then KB and MB with one decimal', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(3 * 1024 * 1024)]).toEqual(['512 B', '1.5 KB', '3.0 MB']);
  });

  it('shellWord: bare when a shell reads it back unchanged, else single-quoted with quotes escaped', () => {
    expect(shellWord('src/app.ts')).toBe('src/app.ts');
    expect(shellWord("it's $HOME")).toBe(`'it'\\''s $HOME'`);
  });

  it('markdownFence: longer than any backtick run inside', () => {
    expect(markdownFence('a ```` b', 'ts')).toBe('`````ts\na ```` b\n`````');
  });

  it('isRecord / asRecord: plain objects only', () => {
    expect([isRecord({}), isRecord([]), isRecord(null), isRecord('x')]).toEqual([true, false, false, false]);
    expect(asRecord([1])).toBeUndefined();
    expect(asRecord({ a: 1 })).toEqual({ a: 1 });
  });
});
