import type { Logger } from '../core/log';
import { CHECK_EVERY_MS, updatesOffReason, type UpdateState } from './updateState';

/**
 * Updates from the GitHub releases the release workflow publishes, through
 * electron-updater's `autoUpdater` (passed in, so this runs without
 * Electron): a check at start and every few hours while the setting is on;
 * an update downloads quietly and waits; restarting installs it, and is
 * refused while a run is going. A build without a feed says updates are off.
 */
export interface AutoUpdaterPort {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  removeAllListeners(event?: string): unknown;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

export interface UpdaterOptions {
  /** Loaded only when updates are on (electron-updater reads the app's feed at load). */
  load: () => Promise<AutoUpdaterPort>;
  isPackaged: boolean;
  /** The build carries a publish feed (resources/app-update.yml). */
  hasFeed: boolean;
  enabled: () => boolean;
  runActive: () => boolean;
  onChange: (state: UpdateState) => void;
  log: Logger;
  intervalMs?: number;
  now?: () => number;
}

export interface Updater {
  state(): UpdateState;
  /** Reads the setting again: starts or stops checking. */
  refresh(): Promise<void>;
  checkNow(): Promise<void>;
  /** Quits and installs a downloaded update; false (nothing happens) while a run is going or none is ready. */
  restart(): boolean;
  dispose(): void;
}

export function createUpdater(options: UpdaterOptions): Updater {
  const now = options.now ?? Date.now;
  let state: UpdateState = { kind: 'off', reason: 'updates are off until the app has started' };
  let updater: AutoUpdaterPort | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let disposed = false;

  const set = (next: UpdateState) => {
    state = next;
    options.onChange(next);
  };
  const version = (info: unknown) => (typeof info === 'object' && info !== null && typeof (info as { version?: unknown }).version === 'string' ? (info as { version: string }).version : 'a new version');

  const wire = (u: AutoUpdaterPort) => {
    u.autoDownload = true;
    u.autoInstallOnAppQuit = true;
    u.on('checking-for-update', () => state.kind !== 'downloaded' && set({ kind: 'checking' }));
    u.on('update-not-available', () => set({ kind: 'idle', checkedAt: now() }));
    u.on('update-available', (info) => set({ kind: 'downloading', version: version(info) }));
    u.on('download-progress', (p) => {
      const percent = typeof p === 'object' && p !== null ? (p as { percent?: unknown }).percent : undefined;
      if (state.kind === 'downloading') set({ ...state, ...(typeof percent === 'number' ? { percent } : {}) });
    });
    u.on('update-downloaded', (info) => set({ kind: 'downloaded', version: version(info) }));
    u.on('error', (e) => {
      const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
      options.log.warn('update check failed', { error: message });
      if (state.kind !== 'downloaded') set({ kind: 'error', message });
    });
  };

  const check = async () => {
    if (!updater || state.kind === 'downloaded' || state.kind === 'checking' || state.kind === 'downloading') return;
    try {
      await updater.checkForUpdates();
    } catch (e) {
      // The 'error' event has said it.
      options.log.debug('checkForUpdates rejected', { error: e instanceof Error ? e.message : String(e) });
    }
  };

  const stop = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };

  return {
    state: () => state,
    async refresh() {
      if (disposed) return;
      const off = updatesOffReason({ isPackaged: options.isPackaged, hasFeed: options.hasFeed, enabled: options.enabled() });
      if (off) {
        stop();
        if (state.kind !== 'downloaded') set({ kind: 'off', reason: off });
        return;
      }
      if (timer) return;
      if (!updater) {
        try {
          updater = await options.load();
          wire(updater);
        } catch (e) {
          set({ kind: 'off', reason: `updates are off: the updater could not start (${e instanceof Error ? e.message : String(e)})` });
          return;
        }
      }
      if (disposed) return;
      if (state.kind === 'off') set({ kind: 'idle' });
      timer = setInterval(() => void check(), options.intervalMs ?? CHECK_EVERY_MS);
      timer.unref?.();
      await check();
    },
    checkNow: check,
    restart() {
      if (state.kind !== 'downloaded' || !updater || options.runActive()) return false;
      updater.quitAndInstall(false, true);
      return true;
    },
    dispose() {
      disposed = true;
      stop();
      updater?.removeAllListeners();
    },
  };
}
