import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentEvent } from '../../../shared/agentEvents';
import { DEFAULT_QUICK_ASK_SHORTCUT, settingsSchema } from '../../../shared/settings';
import { useFakeServers } from '../../../e2e/fake-server/serverPool';
import { textTurn, toolTurn } from '../../../e2e/fake-server/script';
import { saveSettingsFile, SETTINGS_FILE_NAME } from '../../core/store/settingsFile';
import { EVENT_CHANNEL_PREFIX, INVOKE_CHANNEL } from '../../../shared/ipc/channels';
import { setLogWriter } from '../../core/log';
import { composeEngine, type ComposeEngine } from '../composeEngine';
import { testEngine } from '../../../test/support/main/plainNodeMain';
import { startElectronApp } from './electronApp';
import {
  BrowserWindow,
  clipboard,
  dialog,
  Menu,
  fakeApp,
  FakeEvent,
  FakeFrame,
  globalShortcut,
  ipcMain,
  nativeTheme,
  Notification,
  resetFakeElectron,
  session,
  shell,
  Tray,
} from '../../../test/support/main/fakeElectron';

vi.mock('electron', () => import('../../../test/support/main/fakeElectron'));

let dir: string;
let quitted: boolean;

beforeEach(async () => {
  resetFakeElectron();
  quitted = false;
  fakeApp.once('will-quit', () => (quitted = true));
  setLogWriter(() => {});
  dir = await mkdtemp(join(tmpdir(), 'punie-electron-'));
  process.env.PUNIE_USER_DATA_DIR = dir;
  fakeApp.setPath('documents', dir);
});

afterEach(async () => {
  delete process.env.PUNIE_USER_DATA_DIR;
  if (ipcMain.handlers.size > 0) fakeApp.quit();
  // A quit that began finishes (will-quit) once the engine is disposed: wait for it, so no late app.quit() lands in the next test.
  if (fakeApp.quit.mock.calls.length > 0) await vi.waitFor(() => expect(ipcMain.handlers.size === 0 && quitted).toBe(true), { timeout: 10_000 });
  await rm(dir, { recursive: true, force: true });
  await rm(`${dir}-workspace`, { recursive: true, force: true });
});

const windows = () => {
  const [main, quick] = BrowserWindow.all;
  if (!main || !quick) throw new Error('both windows should exist');
  return { main, quick };
};

/** Calls the IPC handler as the preload would, from a window's top frame (or from a given frame). */
async function invoke(win: BrowserWindow, route: string, input: unknown = {}, frame?: FakeFrame): Promise<{ ok: boolean; data?: unknown; error?: { code: string } }> {
  const handler = ipcMain.handlers.get(INVOKE_CHANNEL);
  if (!handler) throw new Error('no IPC handler');
  const senderFrame = frame ?? win.webContents.mainFrame;
  return (await handler({ sender: win.webContents, senderFrame }, route, input)) as { ok: boolean; data?: unknown; error?: { code: string } };
}

function agentEvents(win: BrowserWindow): AgentEvent[] {
  return win.webContents.sent.filter((s) => s.channel === `${EVENT_CHANNEL_PREFIX}agent.events`).flatMap((s) => s.payload as AgentEvent[]);
}

type MenuItem = { label?: string; enabled?: boolean; submenu?: MenuItem[]; click?: () => void };

/** The Help menu as last set on the application. */
function helpMenu(): MenuItem[] {
  const menu = Menu.setApplicationMenu.mock.calls.at(-1)![0] as unknown as { template: MenuItem[] };
  const help = menu.template.find((m) => m.label === 'Help');
  if (!help?.submenu) throw new Error('no Help menu');
  return help.submenu;
}

function click(items: MenuItem[], label: string): void {
  const item = items.find((i) => i.label === label);
  if (!item?.click) throw new Error(`no menu item ${label}`);
  item.click();
}

/** The real engine, nothing read from the real home or environment. */
const engineInTemp: ComposeEngine = (deps) => testEngine(dir)(deps);

const startServer = useFakeServers();

/**
 * Before the app starts: the fake server as the user's one endpoint, a
 * model on it whose first `runs` requests ask to write a file (runs that
 * overlap each get one), then answers, and a workspace beside the data
 * folder. Its spec.
 */
async function writingModel(runs: number): Promise<string> {
  const write = toolTurn([{ name: 'write_file', arguments: JSON.stringify({ path: 'notes.txt', content: 'hello\n' }) }]);
  const server = await startServer({ profile: 'lmstudio', script: [...Array.from({ length: runs }, () => write), ...Array.from({ length: runs }, () => textTurn('Done.'))] });
  const workspace = `${dir}-workspace`;
  await mkdir(workspace, { recursive: true });
  const settings = settingsSchema.parse({ endpoints: [server.baseURL], workspace, recentWorkspaces: [workspace] });
  await saveSettingsFile(join(dir, SETTINGS_FILE_NAME), settings, AbortSignal.timeout(5_000));
  return `local:${server.baseURL}/${server.models[0]!.id}`;
}

async function start(compose: ComposeEngine = engineInTemp) {
  await startElectronApp(compose);
  return windows();
}

describe('the Electron shell (over a mocked electron module)', () => {
  it('creates every window with secure web preferences and loads the app pages over the app scheme', async () => {
    const { main, quick } = await start();
    for (const win of [main, quick]) {
      expect(win.options.webPreferences).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        preload: expect.stringMatching(/preload[\\/]index\.cjs$/),
      });
    }
    expect(main.url).toBe('punie://app/index.html');
    expect(quick.url).toBe('punie://app/quick.html');
    expect(quick.options).toMatchObject({ show: false, frame: false, skipTaskbar: true });
  });

  it('quits at once when another instance holds the lock', async () => {
    fakeApp.singleInstance = false;
    await startElectronApp(composeEngine);
    expect(fakeApp.quit).toHaveBeenCalled();
    expect(BrowserWindow.all).toHaveLength(0);
  });

  it('focuses the existing window on a second launch', async () => {
    const { main } = await start();
    main.hide();
    fakeApp.emit('second-instance');
    expect(main.isVisible()).toBe(true);
    expect(main.isFocused()).toBe(true);
  });

  it('answers requests from its own windows and refuses iframes and foreign web contents', async () => {
    const { main } = await start();
    expect(await invoke(main, 'app.info')).toMatchObject({ ok: true, data: { version: '0.1.0-test' } });
    const iframe = new FakeFrame('punie://app/index.html');
    iframe.parent = main.webContents.mainFrame;
    expect(await invoke(main, 'app.info', {}, iframe)).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    const stranger = new BrowserWindow({});
    await stranger.loadURL('punie://app/index.html');
    expect(await invoke(stranger, 'app.info')).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    await main.loadURL('https://evil.example/');
    expect(await invoke(main, 'app.info')).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
  });

  it('asks in a native message box, attached to the main window, before a page may allow a tool; Cancel is the default', async () => {
    const { main } = await start();
    const allow = { permissionRules: { write_file: 'ask', edit_file: 'ask', run_command: 'allow' } };
    expect(await invoke(main, 'settings.set', allow)).toMatchObject({ ok: false, error: { code: 'permission-denied' } });
    expect(dialog.showMessageBox).toHaveBeenCalledTimes(1);
    const [parent, box] = dialog.showMessageBox.mock.calls[0] ?? [];
    expect(parent).toBe(main);
    expect(box).toMatchObject({ type: 'warning', buttons: ['Allow', 'Cancel'], defaultId: 1, cancelId: 1, detail: expect.stringContaining('Run commands without asking') });
    dialog.showMessageBox.mockImplementation(async () => ({ response: 0, checkboxChecked: false }));
    expect(await invoke(main, 'settings.set', allow)).toMatchObject({ ok: true, data: { settings: { permissionRules: { run_command: 'allow' } } } });
  });

  it('streams a run to the window and stops sending to a window once it closed', async () => {
    const { main, quick } = await start();
    const started = await invoke(main, 'agent.start', { prompt: 'hi', modelSpec: 'test' });
    expect(started.ok).toBe(true);
    await vi.waitFor(() => expect(agentEvents(main).some((e) => e.type === 'text-delta')).toBe(true));
    quick.destroy();
    const sentBefore = quick.webContents.sent.length;
    await vi.waitFor(() => expect(agentEvents(main).at(-1)?.type).toBe('run-finish'));
    expect(quick.webContents.sent.length).toBe(sentBefore);
  });

  it('registers the quick-ask shortcut, re-registers it on change, and reports a conflict', async () => {
    const { main } = await start();
    expect([...globalShortcut.registered.keys()]).toEqual([DEFAULT_QUICK_ASK_SHORTCUT]);
    const changed = await invoke(main, 'settings.set', { quickAskShortcut: 'Alt+Shift+K' });
    expect(changed, JSON.stringify(changed)).toMatchObject({ ok: true, data: { shortcut: { accelerator: 'Alt+Shift+K', registered: true } } });
    expect([...globalShortcut.registered.keys()]).toEqual(['Alt+Shift+K']);
    globalShortcut.taken.add('Alt+Space');
    const taken = await invoke(main, 'settings.set', { quickAskShortcut: 'Alt+Space' });
    expect(taken, JSON.stringify(taken)).toMatchObject({ ok: true, data: { shortcut: { registered: false, error: expect.stringMatching(/another app/) } } });
    expect(globalShortcut.registered.size).toBe(0);
  });

  it('toggles the quick-ask window near the cursor, focused; hides it on blur and on Esc', async () => {
    const { main, quick } = await start();
    main.blur();
    const press = () => globalShortcut.registered.get(DEFAULT_QUICK_ASK_SHORTCUT)?.();
    press();
    expect(quick.isVisible()).toBe(true);
    expect(quick.isFocused()).toBe(true);
    expect(quick.bounds).toEqual({ x: 2380, y: 200, width: 680, height: 440 });
    expect(quick.webContents.sent.some((s) => s.channel === `${EVENT_CHANNEL_PREFIX}app.command`)).toBe(true);
    press();
    expect(quick.isVisible()).toBe(false);
    press();
    quick.blur();
    expect(quick.isVisible()).toBe(false);
    press();
    quick.webContents.emit('before-input-event', new FakeEvent(), { type: 'keyDown', key: 'Escape', isComposing: true });
    expect(quick.isVisible()).toBe(true);
    quick.webContents.emit('before-input-event', new FakeEvent(), { type: 'keyDown', key: 'Escape', isComposing: false });
    expect(quick.isVisible()).toBe(false);
  });

  it('never takes focus from a permission card waiting in the focused main window, and notifies when it is not focused', async () => {
    const modelSpec = await writingModel(2);
    const { main, quick } = await start();
    main.show();
    await invoke(main, 'agent.start', { prompt: 'Write notes.txt', modelSpec });
    await vi.waitFor(() => expect(agentEvents(main).some((e) => e.type === 'permission-request')).toBe(true));
    expect(Notification.shown).toHaveLength(0);
    globalShortcut.registered.get(DEFAULT_QUICK_ASK_SHORTCUT)?.();
    expect(quick.isVisible()).toBe(false);
    expect(main.isFocused()).toBe(true);
    expect(main.webContents.sent.some((s) => s.channel === `${EVENT_CHANNEL_PREFIX}app.notice`)).toBe(true);

    main.blur();
    const second = await invoke(main, 'agent.start', { prompt: 'Write notes.txt again', modelSpec });
    await vi.waitFor(() => expect(Notification.shown).toHaveLength(1));
    expect(Notification.shown[0]?.options).toEqual({ title: 'Punie is waiting for you', body: 'Allow Create notes.txt?' });
    const request = agentEvents(main).filter((e) => e.type === 'permission-request').at(-1);
    if (request?.type !== 'permission-request') throw new Error('no request');
    await invoke(main, 'agent.permission', { runId: (second.data as { runId: string }).runId, requestId: request.requestId, decision: 'deny' });
    await vi.waitFor(() => expect(Notification.shown[0]?.closed).toBe(true));
  });

  it('keeps Punie in the tray when the main window closes, or quits when that setting is off', async () => {
    const { main } = await start();
    main.close();
    expect(main.isDestroyed()).toBe(false);
    expect(main.isVisible()).toBe(false);
    expect(fakeApp.quit).not.toHaveBeenCalled();
    await invoke(main, 'settings.set', { closeToTray: false });
    main.close();
    if (process.platform !== 'darwin') expect(fakeApp.quit).toHaveBeenCalled();
  });

  it('shows the servers status in the tray and quits from its menu', async () => {
    await start();
    const tray = Tray.all[0];
    if (!tray) throw new Error('no tray');
    await vi.waitFor(() => expect(tray.tooltip).toBe('Punie — no local model server running'));
    expect(tray.image.path).toMatch(/build[\\/]tray[\\/]tray-offline(Template)?\.png$/);
    const items = (tray.menu?.template ?? []) as { label?: string; click?: () => void }[];
    expect(items.map((i) => i.label)).toContain('Quick Ask');
    items.find((i) => i.label === 'Quit Punie')?.click?.();
    expect(fakeApp.quit).toHaveBeenCalled();
    await vi.waitFor(() => expect(ipcMain.handlers.size).toBe(0));
    expect(globalShortcut.registered.size).toBe(0);
    expect(tray.destroyed).toBe(true);
  });

  it('makes native UI and the pages follow the theme setting', async () => {
    const { main } = await start();
    expect(nativeTheme.themeSource).toBe('system');
    await invoke(main, 'settings.set', { theme: 'dark' });
    expect(nativeTheme.themeSource).toBe('dark');
  });

  it('denies navigation away from the app, opening web links in the system browser, and refuses new windows', async () => {
    const { main } = await start();
    const away = new FakeEvent('https://example.com/docs');
    main.webContents.emit('will-navigate', away);
    expect(away.defaultPrevented).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.com/docs');
    const file = new FakeEvent('file:///etc/passwd');
    main.webContents.emit('will-navigate', file);
    expect(file.defaultPrevented).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
    const inside = new FakeEvent('punie://app/index.html');
    main.webContents.emit('will-navigate', inside);
    expect(inside.defaultPrevented).toBe(false);
    expect(main.webContents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(main.webContents.windowOpenHandler?.({ url: 'punie://app/index.html' })).toEqual({ action: 'deny' });
    const webview = new FakeEvent();
    main.webContents.emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
  });

  it('denies web permissions except notifications and clipboard writes, and sends the CSP header', async () => {
    await start();
    const ask = (permission: string) =>
      new Promise<boolean>((resolve) => session.defaultSession.permissionRequestHandler?.({}, permission, resolve));
    expect(await ask('media')).toBe(false);
    expect(await ask('geolocation')).toBe(false);
    expect(await ask('notifications')).toBe(true);
    expect(session.defaultSession.permissionCheckHandler?.({}, 'clipboard-read')).toBe(false);
    const headersFor = (url: string) =>
      new Promise<Record<string, string[]> | undefined>((resolve) =>
        session.defaultSession.headersListener?.({ url, responseHeaders: { 'content-security-policy': ['default-src *'] } }, (r) => resolve(r.responseHeaders)),
      );
    const headers = await headersFor('punie://app/index.html');
    expect(await headersFor('devtools://devtools/bundled/inspector.html')).toBeUndefined();
    expect(headers).toEqual({ 'Content-Security-Policy': [expect.stringContaining("script-src 'self'")] });
  });
  it('writes its log to logs/main.log in the data folder, and shows an uncaught error once while logging each', async () => {
    const before = process.listeners('uncaughtException');
    await start();
    const added = process.listeners('uncaughtException').filter((l) => !before.includes(l));
    expect(added).toHaveLength(1);
    expect(process.listeners('unhandledRejection')).toContain(added[0]);
    // Called as Node would (emitting the real event would reach the test runner's own handler too).
    added[0]!(new Error('kaboom one'), 'uncaughtException');
    added[0]!(new Error('kaboom two'), 'uncaughtException');
    expect(dialog.showErrorBox).toHaveBeenCalledTimes(1);
    expect(dialog.showErrorBox.mock.calls[0]![1]).toContain(join(dir, 'logs', 'main.log'));
    const text = await readFile(join(dir, 'logs', 'main.log'), 'utf8');
    expect(text).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z \[punie:main\] error: uncaught error .*kaboom one/m);
    expect(text).toContain('kaboom two');
    // Quitting takes the handlers away again.
    fakeApp.quit();
    await vi.waitFor(() => expect(ipcMain.handlers.size).toBe(0));
    expect(process.listeners('uncaughtException')).not.toContain(added[0]);
    expect(process.listeners('unhandledRejection')).not.toContain(added[0]);
  });

  it('Help → About Punie shows versions, folders and the update state; Copy puts them on the clipboard; the folders open', async () => {
    await start();
    const help = helpMenu();
    // npm start / a development build: updates are off, and the menu says so.
    expect(help.find((i) => i.label === 'Updates Are Off')?.enabled).toBe(false);
    dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    click(help, 'About Punie');
    await vi.waitFor(() => expect(clipboard.writeText).toHaveBeenCalledOnce());
    const options = dialog.showMessageBox.mock.calls.at(-1)!.at(-1) as { title: string; message: string; detail: string; buttons: string[] };
    expect(options.title).toBe('About Punie');
    expect(options.message).toBe('Punie 0.1.0-test');
    expect(options.buttons).toEqual(['OK', 'Copy for a Bug Report', 'Open Data Folder', 'Open Logs Folder']);
    expect(options.detail).toContain(`Node ${process.versions.node}`);
    expect(options.detail).toContain(`Data: ${dir}`);
    expect(options.detail).toContain(`Logs: ${join(dir, 'logs')}`);
    expect(options.detail).toContain('Updates: off in a development build');
    const report = clipboard.writeText.mock.calls[0]![0];
    expect(report.split('\n')[0]).toBe('Punie 0.1.0-test');
    expect(report).toContain(`Data: ${dir}`);
    dialog.showMessageBox.mockResolvedValueOnce({ response: 3, checkboxChecked: false });
    click(helpMenu(), 'About Punie');
    await vi.waitFor(() => expect(shell.openPath).toHaveBeenCalledWith(join(dir, 'logs')));
    shell.openPath.mockClear();
    click(helpMenu(), 'Open Logs Folder');
    await vi.waitFor(() => expect(shell.openPath).toHaveBeenCalledWith(join(dir, 'logs')));
  });

  it('Help → Install `punie` Command puts a launcher in ~/.local/bin that runs this binary as the CLI, and Uninstall removes it', async () => {
    if (process.platform === 'win32') return;
    const home = join(dir, 'home');
    await mkdir(home);
    const savedHome = process.env.HOME;
    process.env.HOME = home;
    try {
      await start();
      dialog.showMessageBox.mockResolvedValue({ response: 0, checkboxChecked: false });
      click(helpMenu(), 'Install `punie` Command');
      const launcher = join(home, '.local', 'bin', 'punie');
      await vi.waitFor(async () => expect(await readFile(launcher, 'utf8')).toContain(`exec '${process.execPath}' --punie-cli "$@"`));
      await vi.waitFor(() => expect((dialog.showMessageBox.mock.calls.at(-1)!.at(-1) as { message: string }).message).toBe('The punie command is installed'));
      click(helpMenu(), 'Uninstall `punie` Command');
      await vi.waitFor(() => expect((dialog.showMessageBox.mock.calls.at(-1)!.at(-1) as { message: string }).message).toBe('The punie command is removed'));
      await expect(readFile(launcher, 'utf8')).rejects.toThrow();
    } finally {
      process.env.HOME = savedHome;
      dialog.showMessageBox.mockReset();
      dialog.showMessageBox.mockImplementation(async () => ({ response: 1, checkboxChecked: false }));
    }
  });

  it('runs the real engine: the built-in test model streams an answer into the main window', async () => {
    process.env.PUNIE_LOCAL_ENDPOINTS = 'http://127.0.0.1:9/v1';
    try {
      const { main } = await start(composeEngine);
      main.show();
      const started = await invoke(main, 'agent.start', { prompt: 'hello', modelSpec: 'test' });
      expect(started.ok).toBe(true);
      await vi.waitFor(() => expect(agentEvents(main).some((e) => e.type === 'run-finish')).toBe(true), { timeout: 10_000 });
      const text = agentEvents(main)
        .filter((e) => e.type === 'text-delta')
        .map((e) => (e.type === 'text-delta' ? e.delta : ''))
        .join('');
      expect(text.length).toBeGreaterThan(0);
      const list = await invoke(main, 'conversations.list', {});
      expect(list.ok).toBe(true);
      expect((list.data as { items: unknown[] }).items).toHaveLength(1);
    } finally {
      delete process.env.PUNIE_LOCAL_ENDPOINTS;
    }
  });
});
