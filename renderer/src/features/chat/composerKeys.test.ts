import { describe, expect, it } from 'vitest';
import { composerKeyAction, permissionShortcut, type KeyLike } from './composerKeys';

const key = (k: string, extra: Partial<KeyLike> = {}): KeyLike => ({ key: k, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, ...extra });

describe('composerKeyAction', () => {
  it('sends on Enter and adds a line on Shift+Enter', () => {
    expect(composerKeyAction(key('Enter'))).toBe('send');
    expect(composerKeyAction(key('Enter', { shiftKey: true }))).toBe('newline');
    expect(composerKeyAction(key('a'))).toBe('none');
  });

  it('never sends while an input method is composing', () => {
    expect(composerKeyAction(key('Enter', { isComposing: true }))).toBe('none');
    expect(composerKeyAction(key('Enter', { keyCode: 229 }))).toBe('none');
  });

  it('leaves modified Enter to other shortcuts', () => {
    expect(composerKeyAction(key('Enter', { ctrlKey: true }))).toBe('none');
    expect(composerKeyAction(key('Enter', { metaKey: true, shiftKey: true }))).toBe('none');
  });
});

describe('permissionShortcut', () => {
  it('uses Ctrl elsewhere and ⌘ on macOS', () => {
    expect(permissionShortcut(key('Enter', { ctrlKey: true }), false)).toBe('once');
    expect(permissionShortcut(key('Enter', { ctrlKey: true, shiftKey: true }), false)).toBe('conversation');
    expect(permissionShortcut(key('Enter', { metaKey: true }), true)).toBe('once');
    expect(permissionShortcut(key('Enter', { metaKey: true }), false)).toBeUndefined();
    expect(permissionShortcut(key('Enter', { ctrlKey: true }), true)).toBeUndefined();
  });

  it('denies on a bare Escape only, and ignores plain Enter and composition', () => {
    expect(permissionShortcut(key('Escape'), false)).toBe('deny');
    expect(permissionShortcut(key('Escape', { shiftKey: true }), false)).toBeUndefined();
    expect(permissionShortcut(key('Enter'), false)).toBeUndefined();
    expect(permissionShortcut(key('Enter', { ctrlKey: true, isComposing: true }), false)).toBeUndefined();
  });
});
