import { describe, expect, it } from 'vitest';
import { clipToWidth, padToWidth, textWidth } from './textWidth';

describe('textWidth', () => {
  it('counts ASCII one column a character', () => {
    expect(textWidth('hello world')).toBe(11);
    expect(textWidth('')).toBe(0);
  });

  it('counts CJK, kana, Hangul and fullwidth forms two columns', () => {
    expect(textWidth('修复登录')).toBe(8);
    expect(textWidth('テスト')).toBe(6);
    expect(textWidth('한국어')).toBe(6);
    expect(textWidth('ＡＢ')).toBe(4);
    expect(textWidth('a中b')).toBe(4);
  });

  it('counts an emoji two columns, however many code points it is made of', () => {
    expect(textWidth('🚀')).toBe(2);
    expect(textWidth('👨‍👩‍👧')).toBe(2); // ZWJ family
    expect(textWidth('👍🏽')).toBe(2); // skin tone
    expect(textWidth('🇫🇷')).toBe(2); // flag
    expect(textWidth('❤️')).toBe(2); // text symbol with VS16
    expect(textWidth('fix 🐛 now')).toBe(10);
  });

  it('gives combining marks and zero-width characters no column', () => {
    expect(textWidth('e\u0301')).toBe(1); // é as e + combining acute
    expect(textWidth('a\u200bb')).toBe(2);
    expect(textWidth('Ω')).toBe(1);
    expect(textWidth('é')).toBe(1);
  });
});

describe('clipToWidth', () => {
  it('leaves text that fits alone', () => {
    expect(clipToWidth('short', 5)).toBe('short');
    expect(clipToWidth('中文', 4)).toBe('中文');
  });

  it('cuts to the width with an ellipsis, never splitting a wide character or a cluster', () => {
    expect(clipToWidth('abcdefgh', 5)).toBe('abcd…');
    expect(clipToWidth('中文标题很长', 6)).toBe('中文…'); // 4 + 1, a third ideograph would make 7
    expect(textWidth(clipToWidth('中文标题很长', 6))).toBeLessThanOrEqual(6);
    expect(clipToWidth('👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧', 4)).toBe('👨‍👩‍👧…');
    expect(clipToWidth('anything', 0)).toBe('');
  });
});

describe('padToWidth', () => {
  it('pads by display columns', () => {
    expect(padToWidth('中', 4)).toBe('中  ');
    expect(padToWidth('7', 3, 'start')).toBe('  7');
    expect(padToWidth('too wide', 3)).toBe('too wide');
  });
});
