import { describe, expect, it } from 'vitest';
import { colorEnabled, createPalette } from './terminalStyle';

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe('colour', () => {
  it('is on for a terminal and off for a pipe by default', () => {
    expect(colorEnabled(tty, {})).toBe(true);
    expect(colorEnabled(pipe, {})).toBe(false);
  });

  it('honours NO_COLOR (non-empty) and TERM=dumb', () => {
    expect(colorEnabled(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled(tty, { NO_COLOR: '' })).toBe(true);
    expect(colorEnabled(tty, { TERM: 'dumb' })).toBe(false);
  });

  it('honours FORCE_COLOR, which wins over NO_COLOR', () => {
    expect(colorEnabled(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled(pipe, { FORCE_COLOR: '' })).toBe(true);
    expect(colorEnabled(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorEnabled(tty, { FORCE_COLOR: 'false' })).toBe(false);
    expect(colorEnabled(pipe, { FORCE_COLOR: '3', NO_COLOR: '1' })).toBe(true);
  });

  it('paints only when enabled', () => {
    expect(createPalette(true).paint('green', 'ok')).toBe('\u001b[32mok\u001b[0m');
    expect(createPalette(false).paint('green', 'ok')).toBe('ok');
    expect(createPalette(false).open('dim') + createPalette(false).close()).toBe('');
  });
});
