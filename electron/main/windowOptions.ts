import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/**
 * Options for Punie's two windows (type-only use of Electron: this file runs
 * in plain Node). Every window gets the same locked-down web preferences:
 * context isolation, the sandbox, no Node, web security on, no webviews, and
 * only the bridge preload.
 */

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    // Middle-click would otherwise try to open links in new windows (refused anyway by the window-open handler).
    disableBlinkFeatures: 'Auxclick',
    safeDialogs: true,
    spellcheck: true,
  };
}

export const QUICK_ASK_SIZE = { width: 680, height: 440 } as const;

export function mainWindowOptions(input: { preloadPath: string; iconPath?: string; platform: string }): BrowserWindowConstructorOptions {
  return {
    width: 1180,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: 'Punie',
    show: false,
    ...(input.platform === 'darwin' ? { titleBarStyle: 'hiddenInset' as const } : {}),
    ...(input.iconPath === undefined || input.platform === 'darwin' ? {} : { icon: input.iconPath }),
    webPreferences: secureWebPreferences(input.preloadPath),
  };
}

export function quickAskWindowOptions(input: { preloadPath: string; platform: string }): BrowserWindowConstructorOptions {
  return {
    ...QUICK_ASK_SIZE,
    title: 'Punie Quick Ask',
    show: false,
    frame: false,
    resizable: false,
    movable: true,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    ...(input.platform === 'darwin' ? { type: 'panel', vibrancy: 'popover' as const } : {}),
    webPreferences: secureWebPreferences(input.preloadPath),
  };
}
