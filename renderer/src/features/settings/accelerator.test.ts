import { describe, expect, it } from 'vitest';
import { acceleratorFromKey, formatAccelerator, type AcceleratorKey } from './accelerator';

const press = (code: string, mods: Partial<AcceleratorKey> = {}): AcceleratorKey => ({
  key: '',
  code,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('acceleratorFromKey', () => {
  it('records the primary modifier as CommandOrControl', () => {
    expect(acceleratorFromKey(press('Space', { ctrlKey: true, shiftKey: true }), false)).toBe('CommandOrControl+Shift+Space');
    expect(acceleratorFromKey(press('Space', { metaKey: true, shiftKey: true }), true)).toBe('CommandOrControl+Shift+Space');
    expect(acceleratorFromKey(press('KeyK', { altKey: true }), false)).toBe('Alt+K');
    expect(acceleratorFromKey(press('ArrowUp', { ctrlKey: true, metaKey: true }), true)).toBe('CommandOrControl+Control+Up');
  });

  it('waits for a real key and needs a modifier except for function keys', () => {
    expect(acceleratorFromKey(press('ShiftLeft', { shiftKey: true }), false)).toBeUndefined();
    expect(acceleratorFromKey(press('KeyA'), false)).toBeUndefined();
    expect(acceleratorFromKey(press('KeyA', { shiftKey: true }), false)).toBeUndefined();
    expect(acceleratorFromKey(press('F9'), false)).toBe('F9');
  });
});

describe('formatAccelerator', () => {
  it('writes symbols on macOS and names elsewhere', () => {
    expect(formatAccelerator('CommandOrControl+Shift+Space', true)).toBe('⌘⇧Space');
    expect(formatAccelerator('CommandOrControl+Shift+Space', false)).toBe('Ctrl+Shift+Space');
    expect(formatAccelerator('Alt+K', false)).toBe('Alt+K');
  });
});
