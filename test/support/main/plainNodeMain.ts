import { join } from 'node:path';
import { SETTINGS_FILE_NAME } from '../../../electron/core/store/settingsFile';
import { createLogger, type Logger } from '../../../electron/core/log';
import { composeEngine as composeRealEngine, type ComposedEngine, type ComposeEngine } from '../../../electron/main/composeEngine';
import {
  createMemoryRegistrar,
  createRecordingDialogs,
  createRecordingExternal,
  createRecordingWindows,
  createTestEncryptor,
  type MemoryRegistrar,
  type RecordingDialogs,
  type RecordingExternal,
  type RecordingWindows,
} from './shellPorts';
import { createEditorsService } from '../../../electron/main/editorsService';
import { createMainApp, type MainApp } from '../../../electron/main/mainApp';
import { createQuickAskShortcut, followShortcutSetting, type QuickAskShortcut } from '../../../electron/main/quickAskShortcut';
import { createSecretsStore, SECRETS_FILE_NAME, type SecretsStore } from '../../../electron/main/secretsStore';
import { createSenderCheck } from '../../../electron/main/senderPolicy';
import type { MainServices } from '../../../electron/main/services';
import { createSettingsService, type SettingsService } from '../../../electron/main/settingsService';

/**
 * Main without Electron: the real router, handlers, sinks, settings file and
 * secrets store, with the Electron-only ports (dialogs, system browser,
 * windows, global shortcut, safeStorage) replaced by recording stand-ins.
 * The renderer's browser host builds this in the test process and bridges
 * the page's requests to `app.handle` and `app.attachWindow`.
 */

export interface PlainNodeMainOptions {
  /** Where settings.json and secrets.json live (a temp dir in tests). */
  dataDir: string;
  /** Origins whose pages may call main (the browser host's http://127.0.0.1:PORT). */
  trustedOrigins: string[];
  /**
   * Builds the engine ports from the settings and keys made here; default:
   * the app's own `composeEngine` over the temp data folder, with an empty
   * environment and the data folder as the home (no real LM Studio, no real
   * MCP imports). Its built-in `test` model needs no server.
   */
  composeEngine?: ComposeEngine;
  env?: Readonly<Record<string, string | undefined>>;
  /** Accelerators that behave as taken by another app. */
  takenShortcuts?: string[];
  /** The home folder the editors' configuration files are looked for in (default `<dataDir>/home`). */
  editorsHome?: string;
  /** Validate every answer against its route's output schema (default true). */
  checkOutput?: boolean;
  log?: Logger;
}

export interface PlainNodeMain {
  app: MainApp;
  services: MainServices;
  engine: ComposedEngine;
  settings: SettingsService;
  secrets: SecretsStore;
  shortcut: QuickAskShortcut;
  /** Stand-ins the test can script and inspect. */
  dialogs: RecordingDialogs;
  external: RecordingExternal;
  windows: RecordingWindows;
  registrar: MemoryRegistrar;
  /** How many times the quick-ask shortcut fired. */
  shortcutPresses(): number;
  dispose(): Promise<void>;
}

export async function createPlainNodeMain(options: PlainNodeMainOptions): Promise<PlainNodeMain> {
  const lifetime = new AbortController();
  const settings = await createSettingsService({
    path: join(options.dataDir, SETTINGS_FILE_NAME),
    signal: lifetime.signal,
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  const secrets = await createSecretsStore({
    path: join(options.dataDir, SECRETS_FILE_NAME),
    encryptor: createTestEncryptor(),
    env: options.env ?? {},
    platform: process.platform,
    signal: lifetime.signal,
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  let presses = 0;
  const registrar = createMemoryRegistrar(options.takenShortcuts ?? []);
  const shortcut = createQuickAskShortcut({ registrar, onTrigger: () => void (presses += 1) });
  const stopFollowing = followShortcutSetting(shortcut, settings);

  const compose = options.composeEngine ?? testEngine(options.dataDir);
  const engine = await compose({ dataDir: options.dataDir, settings, keys: secrets.keySource, signal: lifetime.signal, log: options.log ?? createLogger('main:engine') });
  const dialogs = createRecordingDialogs();
  const external = createRecordingExternal();
  const windows = createRecordingWindows();
  const services: MainServices = {
    ...engine,
    settings,
    shortcut,
    secrets,
    dialogs,
    external,
    windows,
    // A home of its own in the data folder: no test writes the real editors' files.
    editors: createEditorsService({
      launch: () => ({ command: '/opt/punie/punie', args: ['--punie-cli', 'acp'] }),
      place: { platform: process.platform, home: options.editorsHome ?? join(options.dataDir, 'home'), env: {} },
    }),
    appInfo: { version: '0.0.0-test', platform: process.platform, dataDir: options.dataDir },
  };
  const app = createMainApp(services, {
    isTrustedSender: createSenderCheck(options.trustedOrigins),
    checkOutput: options.checkOutput ?? true,
    ...(options.log === undefined ? {} : { log: options.log }),
  });

  const stopNotices = engine.onNotice ? engine.onNotice((notice) => app.send('main', 'app.notice', notice)) : () => {};

  return {
    app,
    services,
    engine,
    settings,
    secrets,
    shortcut,
    dialogs,
    external,
    windows,
    registrar,
    shortcutPresses: () => presses,
    async dispose() {
      stopNotices();
      app.dispose();
      stopFollowing();
      shortcut.dispose();
      await engine.dispose();
      await settings.whenIdle();
      lifetime.abort();
    },
  };
}

/** The real engine in a temp data folder: nothing read from the real home or environment. */
export function testEngine(dataDir: string): ComposeEngine {
  return (deps) =>
    composeRealEngine({
      ...deps,
      env: {},
      home: dataDir,
      mcp: { importFrom: { home: join(dataDir, 'home'), env: {}, platform: 'linux' }, host: { closeGraceMs: 300 } },
    });
}
