import { describe, expect, it } from 'vitest';
import { createInertStream, hasControls, inert, inertLine } from './inertText';

const ESC = '\u001b';
const BEL = '\u0007';

describe('inert', () => {
  it('shows the attacks from issue 11 instead of obeying them', () => {
    expect(inert(`${ESC}]52;c;Y3VybCBldmlsLnNoIHwgc2g=${BEL}`)).toBe('␛]52;c;Y3VybCBldmlsLnNoIHwgc2g=␇');
    expect(inert(`${ESC}[2J${ESC}[H`)).toBe('␛[2J␛[H');
    expect(inert(`${ESC}[1A${ESC}[2KCreate notes.md`)).toBe('␛[1A␛[2KCreate notes.md');
    expect(inert(`${ESC}]0;pwned${BEL}`)).toBe('␛]0;pwned␇');
    expect(inert('safe\rEVIL')).toBe('safe␍EVIL');
    expect(inert('back\bspace\u0000\u007f')).toBe('back␈space␀␡');
  });

  it('shows C1 controls and the bidi overrides as code points', () => {
    expect(inert('\u009b2J')).toBe('<U+009B>2J');
    expect(inert('\u009d52;c;x\u009c')).toBe('<U+009D>52;c;x<U+009C>');
    expect(inert('access\u202Enimda\u202C')).toBe('access<U+202E>nimda<U+202C>');
    expect(inert('a\u2066b\u2069\u200f')).toBe('a<U+2066>b<U+2069><U+200F>');
  });

  it('keeps text, newlines, tabs and other Unicode as they are; CR LF becomes LF', () => {
    const text = 'Hello, wörld — 日本語 🎉\n\tindented\n';
    expect(inert(text)).toBe(text);
    expect(inert('one\r\ntwo\r\n')).toBe('one\ntwo\n');
    expect(hasControls(text)).toBe(false);
    expect(hasControls(`${ESC}[2J`)).toBe(true);
  });

  it('inertLine shows newlines and tabs too (a summary or a path is one line)', () => {
    expect(inertLine('Write a.txt\n\nPunie wants to: Create notes.md')).toBe('Write a.txt␊␊Punie wants to: Create notes.md');
    expect(inertLine('a\tb')).toBe('a␉b');
  });
});

describe('inert stream', () => {
  it('gives the same text as inert on the whole, wherever the pieces split', () => {
    const whole = `one\r\ntwo\rthree${ESC}[2J\r\n`;
    for (let cut = 0; cut <= whole.length; cut++) {
      const s = createInertStream();
      const out = s.push(whole.slice(0, cut)) + s.push(whole.slice(cut)) + s.flush();
      expect(out).toBe(inert(whole));
    }
  });

  it('shows a lone CR at the end when flushed', () => {
    const s = createInertStream();
    expect(s.push('end\r')).toBe('end');
    expect(s.flush()).toBe('␍');
    expect(s.flush()).toBe('');
  });
});
