import { clipText } from '../../shared/text';
/**
 * Pure decisions behind the quick-ask window: what the shortcut does, where
 * the window appears, and when a permission request deserves a system
 * notification.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type QuickAskToggle = 'show' | 'hide' | 'keep-main';

export interface QuickAskToggleState {
  quickVisible: boolean;
  quickFocused: boolean;
  mainFocused: boolean;
  /** A permission card is waiting in the main window. */
  mainHasPendingPermission: boolean;
}

/**
 * The shortcut hides a focused quick-ask window and shows it otherwise, but
 * never takes focus from the main window while a permission card waits there
 * (the user is about to answer it; the main window is flashed instead).
 */
export function decideQuickAskToggle(state: QuickAskToggleState): QuickAskToggle {
  if (state.quickVisible && state.quickFocused) return 'hide';
  if (state.mainFocused && state.mainHasPendingPermission) return 'keep-main';
  return 'show';
}

/** Centred horizontally in the work area of the cursor's display, a fifth of the way down, never off-screen. */
export function quickAskBounds(workArea: Rect, size: { width: number; height: number }): Rect {
  const width = Math.min(size.width, workArea.width);
  const height = Math.min(size.height, workArea.height);
  const x = Math.round(workArea.x + (workArea.width - width) / 2);
  const y = Math.round(workArea.y + Math.min(workArea.height * 0.2, workArea.height - height));
  return { x, y, width, height };
}

/** The system notification for a permission request, when the window showing its card is not focused. */
export function permissionNotification(input: { summary: string; tool: string; windowFocused: boolean }): { title: string; body: string } | undefined {
  if (input.windowFocused) return undefined;
  const summary = clipText(input.summary, 120);
  return { title: 'Punie is waiting for you', body: `Allow ${summary || input.tool}?` };
}
