import { join } from 'node:path';
import { SETTINGS_FILE_NAME } from '../../../electron/core/store/settingsFile';
import { createLogger, type Logger } from '../../../electron/core/log';
import type { ComposedEngine, ComposeEngine } from '../../../electron/main/composeEngine';
import { createInMemoryEngine, type InMemoryEngine } from './inMemoryEngine';
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
   * Builds the engine ports from the settings and keys made here (pass the
   * app's own `composeEngine` for the real engine); default: the in-memory
   * engine (test model only).
   */
  composeEngine?: ComposeEngine;
  env?: Readonly<Record<string, string | undefined>>;
  /** Accelerators that behave as taken by another app. */
  takenShortcuts?: string[];
  /** Validate every answer against its route's output schema (default true). */
  checkOutput?: boolean;
  log?: Logger;
}

export interface PlainNodeMain {
  app: MainApp;
  services: MainServices;
  engine: ComposedEngine | InMemoryEngine;
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

  const engine = options.composeEngine
    ? await options.composeEngine({ dataDir: options.dataDir, settings, keys: secrets.keySource, signal: lifetime.signal, log: options.log ?? createLogger('main:engine') })
    : createInMemoryEngine({ endpoints: settings.get().endpoints });
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
    appInfo: { version: '0.0.0-test', platform: process.platform, dataDir: options.dataDir },
  };
  const app = createMainApp(services, {
    isTrustedSender: createSenderCheck(options.trustedOrigins),
    checkOutput: options.checkOutput ?? true,
    ...(options.log === undefined ? {} : { log: options.log }),
  });

  const stopNotices = 'onNotice' in engine && engine.onNotice ? engine.onNotice((notice) => app.send('main', 'app.notice', notice)) : () => {};

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
      if ('dispose' in engine) await engine.dispose();
      await settings.whenIdle();
      lifetime.abort();
    },
  };
}
