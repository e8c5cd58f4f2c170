import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir, release } from 'node:os';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, globalShortcut, Menu, nativeTheme, safeStorage, session, shell } from 'electron';
import type { AppCommand } from '../../../shared/ipc/events';
import type { ServersStatus } from '../../../shared/serverStatus';
import { createLogger, setLogWriter } from '../../core/log';
import { createLogFile, createUncaughtHandler } from '../logFile';
import { installLauncher, launcherPlan, uninstallLauncher } from '../cliInstall';
import { createUpdater, type AutoUpdaterPort } from '../updater';
import { updateLine, updateMenu, updateTrayItem } from '../updateState';
import { showAboutDialog, showOutcome } from './aboutDialog';
import { addToWindowsUserPath } from './userPath';
import { SETTINGS_FILE_NAME } from '../../core/store/settingsFile';
import { appMenuTemplate, type AppMenuAction } from '../appMenuTemplate';
import { APP_ORIGIN, pageUrl } from '../appPages';
import { registerAppScheme, serveAppProtocol } from './appProtocol';
import type { ComposeEngine } from '../composeEngine';
import { installIpcBridge } from './ipcBridge';
import { appAcpLaunch } from '../acpLaunch';
import { createEditorsService } from '../editorsService';
import { createMainApp } from '../mainApp';
import { createNativeDialogs } from './nativeDialogs';
import { createPermissionNotifier } from './permissionNotifier';
import { createQuickAskController, type QuickAskController } from './quickAskWindow';
import { createQuickAskShortcut, followShortcutSetting } from '../quickAskShortcut';
import { createSecretsStore, SECRETS_FILE_NAME } from '../secretsStore';
import { hardenSession, installSecurityHooks, openInBrowser } from './securityHooks';
import { createSenderCheck, originOf } from '../senderPolicy';
import type { MainServices, WindowKind } from '../services';
import { createSettingsService } from '../settingsService';
import { createTrayController } from './tray';
import { trayIconFile, trayModel, type TrayAction } from '../trayModel';
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from '../webContentsPolicy';
import { connectWindow } from './windowTarget';
import { mainWindowOptions, quickAskWindowOptions } from '../windowOptions';

/**
 * The Electron shell's lifecycle: single-instance lock, the app scheme and
 * security hooks, settings and keys, the engine (from `composeEngine`), the
 * IPC bridge, both windows, the tray, the global shortcut, notifications,
 * the menu, close-to-tray and an orderly quit. Everything it decides is in
 * the electron-free modules beside it; this file only wires them to Electron.
 */

const log = createLogger('main');
/** How long quitting waits for the engine to flush history. */
const SHUTDOWN_GRACE_MS = 3_000;

export async function startElectronApp(composeEngine: ComposeEngine): Promise<void> {
  // Tests and portable setups point the app at another data folder.
  const userDataOverride = process.env.PUNIE_USER_DATA_DIR;
  if (userDataOverride) app.setPath('userData', userDataOverride);
  registerAppScheme();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  if (process.platform === 'win32') app.setAppUserModelId('dev.punie.app');

  const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  const devOrigin = devUrl ? originOf(devUrl) : null;
  const pageBase = devUrl ?? APP_ORIGIN;
  const trustedOrigins = devOrigin ? [APP_ORIGIN, devOrigin] : [APP_ORIGIN];
  const isAppUrl = (url: string) => {
    const origin = originOf(url);
    return origin !== null && trustedOrigins.includes(origin);
  };
  installSecurityHooks(app, { isAppUrl, openExternal: (url) => void openInBrowser(shell, url) });

  const dataDir = app.getPath('userData');
  // Main's log: stderr as before, and a rotating file in the data folder (Help → Open Logs Folder).
  const logFile = createLogFile({ dir: join(dataDir, 'logs') });
  setLogWriter((line) => {
    process.stderr.write(`${line}\n`);
    logFile.write(line);
  });
  const onUncaught = createUncaughtHandler({
    log: (message, stack) => log.error('uncaught error', { error: message, ...(stack ? { stack } : {}) }),
    show: (title, message) => dialog.showErrorBox(title, message),
    logPath: logFile.path,
  });
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);

  await app.whenReady();
  const lifetime = new AbortController();
  const platform = process.platform;
  const outDir = join(import.meta.dirname, '..');
  const resourcesDir = app.isPackaged ? process.resourcesPath : join(app.getAppPath(), 'build');
  const preloadPath = join(outDir, 'preload', 'index.cjs');
  const csp = devOrigin ? devContentSecurityPolicy(devOrigin) : CONTENT_SECURITY_POLICY;
  hardenSession(session.defaultSession, csp, isAppUrl);
  serveAppProtocol(session.defaultSession, join(outDir, 'renderer'), csp);

  const settings = await createSettingsService({ path: join(dataDir, SETTINGS_FILE_NAME), signal: lifetime.signal, log: log.child('settings') });
  const secrets = await createSecretsStore({
    path: join(dataDir, SECRETS_FILE_NAME),
    encryptor: safeStorage,
    env: process.env,
    platform,
    signal: lifetime.signal,
    log: log.child('secrets'),
  });
  // Assigned once the windows exist; the shortcut and the windows port reach it through this.
  let quick: QuickAskController | undefined;
  const shortcut = createQuickAskShortcut({ registrar: globalShortcut, onTrigger: () => quick?.toggle(), log: log.child('shortcut') });
  const engine = await composeEngine({ dataDir, settings, keys: secrets.keySource, signal: lifetime.signal, log: log.child('engine') });

  // ------------------------------------------------------------------ windows
  let mainWindow: BrowserWindow | undefined;
  let quitting = false;
  const kinds = new Map<number, WindowKind>();
  const liveMain = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : undefined);

  const services: MainServices = {
    ...engine,
    settings,
    shortcut,
    secrets,
    dialogs: createNativeDialogs({ parent: liveMain, documentsDir: () => app.getPath('documents') }),
    external: { openExternal: (url) => openInBrowser(shell, url), openPath: async (path) => (await shell.openPath(path)) === '' },
    windows: { showQuickAsk: () => quick?.show(), hideQuickAsk: () => quick?.hide(), showMain: () => showMain() },
    editors: createEditorsService({
      launch: () => appAcpLaunch({ execPath: process.execPath, defaultApp: process.defaultApp === true, appPath: app.getAppPath() }),
      place: { platform: process.platform, home: homedir(), env: process.env },
    }),
    appInfo: { version: app.getVersion(), platform, dataDir },
  };
  const mainApp = createMainApp(services, { isTrustedSender: createSenderCheck(trustedOrigins), log });
  const removeIpc = installIpcBridge(mainApp, (contents) => kinds.get(contents.id));

  const updateVisibility = () =>
    engine.setVisible?.(BrowserWindow.getAllWindows().some((w) => !w.isDestroyed() && w.isVisible() && !w.isMinimized()));

  const openWindow = (kind: WindowKind, options: Electron.BrowserWindowConstructorOptions): BrowserWindow => {
    // The options come from windowOptions.ts; the security-critical preferences are pinned here too, at the one place windows are made.
    const win = new BrowserWindow({
      ...options,
      webPreferences: { ...options.webPreferences, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true },
    });
    const id = win.webContents.id;
    kinds.set(id, kind);
    connectWindow(mainApp, win, kind);
    win.once('closed', () => kinds.delete(id));
    // Discovery re-probes faster while a window is on screen.
    win.on('show', updateVisibility);
    win.on('hide', updateVisibility);
    win.on('minimize', updateVisibility);
    win.on('restore', updateVisibility);
    win.once('closed', updateVisibility);
    void win.loadURL(pageUrl(kind === 'main' ? 'index' : 'quick', pageBase)).catch((error: unknown) => {
      log.error('a window could not load its page', { kind, error: String(error) });
    });
    return win;
  };

  const createMain = (): BrowserWindow => {
    const win = openWindow('main', mainWindowOptions({ preloadPath, iconPath: join(resourcesDir, 'icons', '512x512.png'), platform }));
    win.once('ready-to-show', () => {
      if (!process.argv.includes('--hidden')) win.show();
    });
    win.webContents.once('did-finish-load', () => {
      const notice = settings.notice();
      if (notice !== undefined) mainApp.send('main', 'app.notice', { id: 'settings-file', level: 'warning', message: notice });
    });
    win.on('close', (event) => {
      if (quitting) return;
      // Close to tray (a setting), or the usual Dock behaviour on macOS: the window hides, Punie keeps running.
      if (platform === 'darwin' || settings.get().closeToTray) {
        event.preventDefault();
        win.hide();
        return;
      }
      app.quit();
    });
    win.once('closed', () => {
      if (mainWindow === win) mainWindow = undefined;
    });
    return win;
  };

  const showMain = () => {
    const win = liveMain() ?? (mainWindow = createMain());
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };
  const command = (cmd: AppCommand) => {
    showMain();
    mainApp.send('main', 'app.command', cmd);
  };

  quick = createQuickAskController({
    createWindow: () => openWindow('quick', quickAskWindowOptions({ preloadPath, platform })),
    mainWindow: liveMain,
    mainHasPendingPermission: () => mainApp.permissions.pending('main').length > 0,
    onShown: () => mainApp.send('quick', 'app.command', { command: 'focus-composer' }),
    onKeptMain: () =>
      mainApp.send('main', 'app.notice', {
        id: 'permission-first',
        level: 'info',
        message: 'A permission request is waiting here. Answer it before asking something new.',
      }),
    platform,
  });

  mainWindow = createMain();
  quick.prepare();

  // ------------------------------------------------------------------ updates
  const runActive = () => engine.agent.active().length > 0;
  let setMenuLater: () => void = () => {};
  let renderTrayLater: () => void = () => {};
  const updater = createUpdater({
    load: async () => (await import('electron-updater')).default.autoUpdater as unknown as AutoUpdaterPort,
    isPackaged: app.isPackaged,
    // electron-builder writes the feed beside the asar when the build has a publish target (the release workflow's).
    hasFeed: app.isPackaged && existsSync(join(process.resourcesPath, 'app-update.yml')),
    enabled: () => settings.get().checkUpdates,
    runActive,
    onChange: (state) => {
      setMenuLater();
      renderTrayLater();
      if (state.kind === 'downloaded') {
        mainApp.send('main', 'app.notice', { id: 'update-ready', level: 'info', message: `Punie ${state.version} is ready. Restart to update from the Help menu or the tray when you like.` });
      }
    },
    log: log.child('updates'),
  });
  const updateItem = () => updateTrayItem(updater.state(), runActive());

  // --------------------------------------------------------- tray and shortcut
  let lastStatus: ServersStatus | undefined;
  const onTrayAction = (action: TrayAction) => {
    switch (action.type) {
      case 'quick-ask':
        return quick?.show();
      case 'open-main':
        return showMain();
      case 'settings':
        return command({ command: 'open-settings' });
      case 'refresh':
        return void engine.servers.refresh(lifetime.signal).catch((e: unknown) => log.warn('refresh failed', { error: String(e) }));
      case 'use-model':
        void settings
          .update({ lastModel: action.spec }, lifetime.signal)
          .then(() => mainApp.broadcast('app.command', { command: 'use-model', spec: action.spec }))
          .catch((e: unknown) => log.warn('switching models failed', { error: String(e) }));
        return;
      case 'restart-to-update':
        updater.restart();
        return;
      case 'quit':
        return app.quit();
    }
  };
  const tray = createTrayController({ iconDir: join(resourcesDir, 'tray'), platform, initialIcon: trayIconFile('offline', platform), onAction: onTrayAction });
  const renderTray = () => {
    const s = settings.get();
    const status = shortcut.status();
    tray.update(
      trayModel({
        status: lastStatus,
        currentModel: s.lastModel ?? s.defaultModel,
        platform,
        ...(status.registered ? { quickAskAccelerator: status.accelerator } : {}),
        ...(updateItem() ? { update: updateItem()! } : {}),
      }),
    );
  };
  const onStatus = (status: ServersStatus) => {
    lastStatus = status;
    renderTray();
  };
  const stopFollowingShortcut = followShortcutSetting(shortcut, settings);
  // Native UI (menus, dialogs, scrollbars) and the pages' prefers-color-scheme follow the theme setting.
  const applyTheme = () => {
    nativeTheme.themeSource = settings.get().theme;
  };
  applyTheme();
  const unsubscribers = [engine.servers.subscribe(onStatus), settings.subscribe(renderTray), settings.subscribe(applyTheme), shortcut.subscribe(renderTray)];
  renderTray();
  void engine.servers.status(lifetime.signal).then(onStatus, (e: unknown) => log.warn('no first server status', { error: String(e) }));

  const notifier = createPermissionNotifier({
    originOf: (runId) => mainApp.permissions.originOf(runId),
    isFocused: (kind) => (kind === 'main' ? (liveMain()?.isFocused() ?? false) : (quick?.isFocused() ?? false)),
    reveal: (kind) => (kind === 'main' ? showMain() : quick?.show()),
  });
  unsubscribers.push(engine.agent.subscribe((event) => notifier.observe(event)));
  // History problems ("1 conversation could not be read; it was kept at …"), each once.
  if (engine.onNotice) unsubscribers.push(engine.onNotice((notice) => mainApp.send('main', 'app.notice', notice)));

  const launcher = () => launcherPlan({ platform, home: homedir(), execPath: process.execPath, defaultApp: process.defaultApp === true, appPath: app.getAppPath(), env: process.env });
  const onMenuAction = (action: AppMenuAction) => {
    switch (action) {
      case 'quick-ask':
        return quick?.show();
      case 'settings':
      case 'new-conversation':
        return command({ command: action === 'settings' ? 'open-settings' : 'new-conversation' });
      case 'about':
        return void showAboutDialog(
          {
            name: 'Punie',
            version: app.getVersion(),
            electron: process.versions.electron ?? 'unknown',
            chrome: process.versions.chrome ?? 'unknown',
            node: process.versions.node,
            platform,
            arch: process.arch,
            osRelease: release(),
            dataDir,
            logsDir: logFile.dir,
            updates: updateLine(updater.state()),
          },
          liveMain(),
        ).catch((e: unknown) => log.warn('the About box failed', { error: String(e) }));
      case 'open-logs':
        return void mkdir(logFile.dir, { recursive: true })
          .then(() => shell.openPath(logFile.dir))
          .catch((e: unknown) => log.warn('could not open the logs folder', { error: String(e) }));
      case 'install-cli':
      case 'uninstall-cli':
        return void (async () => {
          const plan = launcher();
          const outcome = action === 'install-cli' ? await installLauncher(plan, platform, platform === 'win32' ? addToWindowsUserPath : undefined) : await uninstallLauncher(plan);
          const title = action === 'install-cli' ? (outcome.ok ? 'The punie command is installed' : 'The punie command was not installed') : outcome.ok ? 'The punie command is removed' : 'The punie command was not removed';
          await showOutcome(liveMain(), { ok: outcome.ok, title, message: outcome.message });
        })().catch((e: unknown) => log.warn('installing the punie command failed', { error: String(e) }));
      case 'check-updates':
        return void updater.checkNow();
      case 'restart-to-update':
        updater.restart();
        return;
    }
  };
  const setMenu = () =>
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(appMenuTemplate({ platform, isDev: !app.isPackaged, onAction: onMenuAction, updates: updateMenu(updater.state(), runActive()) })),
    );
  setMenu();
  setMenuLater = setMenu;
  renderTrayLater = renderTray;
  // A downloaded update waits for the user; Restart is offered only between runs, so menus follow runs starting and ending.
  unsubscribers.push(
    engine.agent.subscribe((event) => {
      if (updater.state().kind !== 'downloaded') return;
      if (event.type === 'run-start' || event.type === 'run-finish' || event.type === 'run-error' || event.type === 'run-abort') {
        setMenu();
        renderTray();
      }
    }),
    settings.subscribe(() => void updater.refresh()),
  );
  void updater.refresh();

  // ---------------------------------------------------------------- lifecycle
  app.on('second-instance', () => showMain());
  app.on('activate', () => showMain());
  app.on('window-all-closed', () => {
    if (platform !== 'darwin') app.quit();
  });
  let shutDown = false;
  app.on('before-quit', (event) => {
    quitting = true;
    if (shutDown) return;
    event.preventDefault();
    void (async () => {
      stopFollowingShortcut();
      updater.dispose();
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onUncaught);
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
      shortcut.dispose();
      globalShortcut.unregisterAll();
      notifier.dispose();
      removeIpc();
      mainApp.dispose();
      tray.destroy();
      await Promise.race([
        Promise.all([engine.dispose(), settings.whenIdle()]).catch((e: unknown) => log.error('shutdown failed', { error: String(e) })),
        new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref()),
      ]);
      lifetime.abort();
      shutDown = true;
      app.quit();
    })();
  });
}

/** Shows why Punie could not start (no stack trace) and exits. */
export function failStartup(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  log.error('startup failed', { error: message });
  if (app.isReady()) dialog.showErrorBox('Punie could not start', message);
  app.exit(1);
}
