import { describe, expect, it } from 'vitest';
import { decideQuickAskToggle, permissionNotification, quickAskBounds } from './quickAskPolicy';

const idle = { quickVisible: false, quickFocused: false, mainFocused: false, mainHasPendingPermission: false };

describe('quick-ask policy', () => {
  it('shows when hidden and hides when focused', () => {
    expect(decideQuickAskToggle(idle)).toBe('show');
    expect(decideQuickAskToggle({ ...idle, quickVisible: true, quickFocused: true })).toBe('hide');
    expect(decideQuickAskToggle({ ...idle, quickVisible: true, quickFocused: false })).toBe('show');
  });

  it('never takes focus from a permission card waiting in the focused main window', () => {
    expect(decideQuickAskToggle({ ...idle, mainFocused: true, mainHasPendingPermission: true })).toBe('keep-main');
    expect(decideQuickAskToggle({ ...idle, mainFocused: true })).toBe('show');
    expect(decideQuickAskToggle({ ...idle, mainFocused: false, mainHasPendingPermission: true })).toBe('show');
  });

  it('places the window centred near the top of the cursor display, inside its work area', () => {
    expect(quickAskBounds({ x: 1920, y: 25, width: 1440, height: 875 }, { width: 640, height: 420 })).toEqual({ x: 2320, y: 200, width: 640, height: 420 });
    expect(quickAskBounds({ x: 0, y: 0, width: 500, height: 300 }, { width: 640, height: 420 })).toEqual({ x: 0, y: 0, width: 500, height: 300 });
  });

  it('notifies only when the window with the card is not focused', () => {
    expect(permissionNotification({ summary: 'Write notes.txt', tool: 'write_file', windowFocused: true })).toBeUndefined();
    expect(permissionNotification({ summary: 'Write notes.txt', tool: 'write_file', windowFocused: false })).toEqual({
      title: 'Punie is waiting for you',
      body: 'Allow Write notes.txt?',
    });
  });
});
