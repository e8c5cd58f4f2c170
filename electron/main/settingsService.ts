import { settingsSchema, type Settings, type SettingsPatch } from '../../shared/settings';
import { PunieError } from '../core/errors';
import { createLogger, type Logger } from '../core/log';
import { loadSettingsFile, saveSettingsFile } from '../core/store/settingsFile';
import type { SettingsPort, Unsubscribe } from './services';

/**
 * Settings in memory, backed by the settings file. Updates are applied one at
 * a time (each computed from the previous one), written to disk before they
 * take effect, then announced to subscribers.
 */

export interface SettingsService extends SettingsPort {
  /** Resolves when every update queued so far has been written. */
  whenIdle(): Promise<void>;
}

export async function createSettingsService(options: { path: string; signal: AbortSignal; log?: Logger }): Promise<SettingsService> {
  const log = options.log ?? createLogger('main:settings');
  const loaded = await loadSettingsFile(options.path, options.signal);
  if (loaded.notice !== undefined) log.warn('settings file unreadable; using defaults', { keptAside: loaded.keptAside });

  let current: Settings = loaded.settings;
  let queue: Promise<unknown> = Promise.resolve();
  const listeners = new Set<(s: Settings) => void>();

  const notify = (settings: Settings) => {
    for (const listener of [...listeners]) {
      try {
        listener(settings);
      } catch (error) {
        log.error('a settings listener failed', { error: String(error) });
      }
    }
  };

  return {
    get: () => current,
    notice: () => loaded.notice,
    update(patch: SettingsPatch, signal: AbortSignal): Promise<Settings> {
      const run = queue.then(async () => {
        signal.throwIfAborted();
        const next = settingsSchema.safeParse({ ...current, ...patch });
        if (!next.success) throw new PunieError('invalid-input', 'These settings are not valid together.');
        await saveSettingsFile(options.path, next.data, signal);
        current = next.data;
        notify(current);
        return current;
      });
      queue = run.catch(() => undefined);
      return run;
    },
    subscribe(listener): Unsubscribe {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    whenIdle: () => queue.then(() => undefined),
  };
}
