import { app, screen, type BrowserWindow } from 'electron';
import { decideQuickAskToggle, quickAskBounds } from '../quickAskPolicy';
import { QUICK_ASK_SIZE } from '../windowOptions';

/**
 * The quick-ask window: created hidden ahead of time, shown near the cursor's
 * display, focused and ready to type; hidden on blur and on Esc; never shown
 * over a permission card waiting in the focused main window.
 */

export interface QuickAskController {
  /** Creates the window hidden so the first shortcut press shows it at once. */
  prepare(): void;
  toggle(): void;
  show(): void;
  hide(): void;
  isFocused(): boolean;
  destroy(): void;
}

export interface QuickAskControllerOptions {
  createWindow(): BrowserWindow;
  mainWindow(): BrowserWindow | undefined;
  mainHasPendingPermission(): boolean;
  /** The window was shown: ask the page to focus its input. */
  onShown(): void;
  /** The shortcut was pressed while a permission card waits in the focused main window. */
  onKeptMain(): void;
  platform: string;
}

export function createQuickAskController(options: QuickAskControllerOptions): QuickAskController {
  let window: BrowserWindow | undefined;

  const live = () => (window && !window.isDestroyed() ? window : undefined);

  const ensure = (): BrowserWindow => {
    const existing = live();
    if (existing) return existing;
    const created = options.createWindow();
    created.on('blur', () => {
      if (!created.webContents.isDevToolsOpened()) hide();
    });
    created.webContents.on('before-input-event', (_event, input) => {
      const plain = !input.control && !input.meta && !input.alt && !input.shift;
      if (input.type === 'keyDown' && input.key === 'Escape' && plain && !input.isComposing) hide();
    });
    created.once('closed', () => {
      if (window === created) window = undefined;
    });
    if (options.platform === 'darwin') created.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
    window = created;
    return created;
  };

  const show = () => {
    const w = ensure();
    const display = screen.getDisplayNearestPoint(screen.getCursorScreenPoint());
    w.setBounds(quickAskBounds(display.workArea, QUICK_ASK_SIZE));
    w.show();
    w.focus();
    if (options.platform === 'darwin') app.focus({ steal: true });
    options.onShown();
  };

  const hide = () => {
    const w = live();
    if (!w || !w.isVisible()) return;
    w.hide();
    // macOS: hand focus back to the app the user came from when Punie has nothing else on screen.
    const main = options.mainWindow();
    if (options.platform === 'darwin' && !(main && !main.isDestroyed() && main.isVisible())) app.hide();
  };

  return {
    prepare: () => void ensure(),
    show,
    hide,
    isFocused: () => live()?.isFocused() ?? false,
    toggle() {
      const w = live();
      const main = options.mainWindow();
      const decision = decideQuickAskToggle({
        quickVisible: w?.isVisible() ?? false,
        quickFocused: w?.isFocused() ?? false,
        mainFocused: main !== undefined && !main.isDestroyed() && main.isFocused(),
        mainHasPendingPermission: options.mainHasPendingPermission(),
      });
      if (decision === 'hide') hide();
      else if (decision === 'show') show();
      else options.onKeptMain();
    },
    destroy() {
      const w = live();
      if (w) w.destroy();
      window = undefined;
    },
  };
}
