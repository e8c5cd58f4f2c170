import { describe, expect, it } from 'vitest';
import { clipText, oneLine, titleFromPrompt } from './text';

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
