import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * A stand-in for the `electron` module, for unit tests of the shell's
 * Electron adapters in plain Node (`vi.mock('electron', () => import('./testing/fakeElectron'))`).
 * It keeps what the code under test did (windows created with their options,
 * IPC handlers, shortcuts, tray state, notifications) so tests can assert on
 * it, and lets tests fire Electron's events.
 */

export class FakeEvent {
  defaultPrevented = false;
  constructor(readonly url = '', readonly isMainFrame = true) {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

let nextContentsId = 1;

export class FakeFrame {
  parent: FakeFrame | null = null;
  constructor(public url: string) {}
}

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly sent: { channel: string; payload: unknown }[] = [];
  destroyed = false;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  readonly mainFrame = new FakeFrame('');
  send(channel: string, payload: unknown): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isDevToolsOpened(): boolean {
    return false;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly all: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  url: string | undefined;
  visible = false;
  focused = false;
  destroyed = false;
  minimized = false;
  bounds: { x: number; y: number; width: number; height: number } | undefined;
  constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
    super();
    BrowserWindow.all.push(this);
    fakeApp.emit('web-contents-created', new FakeEvent(), this.webContents);
  }
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.all.filter((w) => !w.destroyed);
  }
  loadURL(url: string): Promise<void> {
    this.url = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
    this.focus();
  }
  hide(): void {
    const wasFocused = this.focused;
    this.visible = false;
    this.focused = false;
    if (wasFocused) this.emit('blur');
  }
  focus(): void {
    for (const other of BrowserWindow.all) if (other !== this && other.focused) other.blur();
    this.focused = true;
    this.emit('focus');
  }
  blur(): void {
    this.focused = false;
    this.emit('blur');
  }
  isVisible(): boolean {
    return this.visible;
  }
  isFocused(): boolean {
    return this.focused;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  setBounds(bounds: { x: number; y: number; width: number; height: number }): void {
    this.bounds = bounds;
  }
  setVisibleOnAllWorkspaces(): void {}
  flashFrame(): void {}
  /** Like a user closing the window: `close` can be prevented, then `closed`. */
  close(): void {
    const event = new FakeEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.focused = false;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  singleInstance = true;
  ready = false;
  readonly paths = new Map<string, string>();
  readonly quit = vi.fn(() => {
    const event = new FakeEvent();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.emit('will-quit', new FakeEvent());
  });
  readonly exit = vi.fn();
  readonly focus = vi.fn();
  readonly hide = vi.fn();
  readonly setAppUserModelId = vi.fn();
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  whenReady(): Promise<void> {
    this.ready = true;
    return Promise.resolve();
  }
  isReady(): boolean {
    return this.ready;
  }
  getPath(name: string): string {
    const p = this.paths.get(name);
    if (p === undefined) throw new Error(`no path ${name} in the fake`);
    return p;
  }
  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }
  getVersion(): string {
    return '0.1.0-test';
  }
  getAppPath(): string {
    return this.paths.get('appPath') ?? process.cwd();
  }
}

export const fakeApp = new FakeApp();
export const app = fakeApp;

export const ipcMain = {
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  handle(channel: string, handler: (event: unknown, ...args: unknown[]) => unknown): void {
    if (ipcMain.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcMain.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    ipcMain.handlers.delete(channel);
  },
};

export const protocol = { registerSchemesAsPrivileged: vi.fn() };

export const session = {
  defaultSession: {
    protocol: { handle: vi.fn() },
    permissionRequestHandler: undefined as undefined | ((wc: unknown, permission: string, callback: (ok: boolean) => void) => void),
    permissionCheckHandler: undefined as undefined | ((wc: unknown, permission: string) => boolean),
    headersListener: undefined as undefined | ((details: { url: string; responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void),
    setPermissionRequestHandler(h: (wc: unknown, permission: string, callback: (ok: boolean) => void) => void) {
      session.defaultSession.permissionRequestHandler = h;
    },
    setPermissionCheckHandler(h: (wc: unknown, permission: string) => boolean) {
      session.defaultSession.permissionCheckHandler = h;
    },
    webRequest: {
      onHeadersReceived(h: (details: { url: string; responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void) {
        session.defaultSession.headersListener = h;
      },
    },
  },
};

export const globalShortcut = {
  registered: new Map<string, () => void>(),
  taken: new Set<string>(),
  register(accelerator: string, callback: () => void): boolean {
    if (globalShortcut.taken.has(accelerator)) return false;
    globalShortcut.registered.set(accelerator, callback);
    return true;
  },
  unregister(accelerator: string): void {
    globalShortcut.registered.delete(accelerator);
  },
  unregisterAll(): void {
    globalShortcut.registered.clear();
  },
};

export const safeStorage = {
  isEncryptionAvailable: () => true,
  encryptString: (plain: string) => Buffer.from(`enc:${Buffer.from(plain).toString('hex')}`),
  decryptString: (b: Buffer) => Buffer.from(b.toString().slice(4), 'hex').toString(),
  getSelectedStorageBackend: () => 'gnome_libsecret',
};

export const screen = {
  getCursorScreenPoint: () => ({ x: 2000, y: 300 }),
  getDisplayNearestPoint: () => ({ workArea: { x: 1920, y: 0, width: 1600, height: 1000 } }),
};

export const nativeTheme = { themeSource: 'system' as 'system' | 'light' | 'dark' };

export const shell = { openExternal: vi.fn(async () => {}), openPath: vi.fn(async () => '') };

export const clipboard = { writeText: vi.fn((_text: string) => {}) };

export const dialog = {
  showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] as string[] })),
  showSaveDialog: vi.fn(async () => ({ canceled: true, filePath: '' })),
  /** Answers Cancel (button 1) unless a test scripts another response. */
  showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 1, checkboxChecked: false })),
  showErrorBox: vi.fn(),
};

export const nativeImage = {
  createFromPath: (path: string) => ({ path, template: false, setTemplateImage(v: boolean) { this.template = v; } }),
};

export const Menu = {
  buildFromTemplate: (template: unknown[]) => ({ template }),
  setApplicationMenu: vi.fn(),
};

export class Tray extends EventEmitter {
  static readonly all: Tray[] = [];
  tooltip = '';
  menu: { template: unknown[] } | undefined;
  destroyed = false;
  constructor(public image: { path: string }) {
    super();
    Tray.all.push(this);
  }
  setImage(image: { path: string }): void {
    this.image = image;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: { template: unknown[] }): void {
    this.menu = menu;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class Notification extends EventEmitter {
  static readonly shown: Notification[] = [];
  closed = false;
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  static isSupported(): boolean {
    return true;
  }
  show(): void {
    Notification.shown.push(this);
  }
  close(): void {
    this.closed = true;
  }
}

/** Forgets every window, tray, notification, handler and listener between tests. */
export function resetFakeElectron(): void {
  BrowserWindow.all.length = 0;
  Tray.all.length = 0;
  Notification.shown.length = 0;
  ipcMain.handlers.clear();
  globalShortcut.registered.clear();
  globalShortcut.taken.clear();
  fakeApp.removeAllListeners();
  fakeApp.paths.clear();
  fakeApp.singleInstance = true;
  fakeApp.isPackaged = false;
  fakeApp.quit.mockClear();
  fakeApp.exit.mockClear();
  dialog.showErrorBox.mockClear();
  clipboard.writeText.mockClear();
  shell.openExternal.mockClear();
  dialog.showMessageBox.mockReset();
  dialog.showMessageBox.mockImplementation(async () => ({ response: 1, checkboxChecked: false }));
  session.defaultSession.permissionRequestHandler = undefined;
  session.defaultSession.permissionCheckHandler = undefined;
  session.defaultSession.headersListener = undefined;
  nativeTheme.themeSource = 'system';
}

export default {
  app,
  BrowserWindow,
  dialog,
  globalShortcut,
  ipcMain,
  Menu,
  nativeImage,
  nativeTheme,
  Notification,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  Tray,
};
