import { readFile, rename, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { writeFileAtomic } from '../atomicFile';
import { defaultSettings, settingsSchema, type Settings } from '../../../shared/settings';
import { PunieError } from '../errors';

/**
 * Settings on disk: one JSON file (in Electron's userData for the app),
 * validated by schema on load and written atomically (a temporary file in the
 * same folder, flushed, then renamed over the old one). A file that cannot be
 * parsed or does not match the schema is kept aside, never overwritten, and
 * defaults are used with a notice the settings screen shows.
 */

export const SETTINGS_FILE_NAME = 'settings.json';

/** Larger than any real settings file: a bigger one is treated as corrupt rather than read into memory. */
const MAX_SETTINGS_BYTES = 1024 * 1024;

export interface LoadedSettings {
  settings: Settings;
  /** Set when the file was unreadable and defaults are in use. */
  notice?: string;
  /** Where the unreadable file was kept. */
  keptAside?: string;
}

function errnoOf(e: unknown): string | undefined {
  return e && typeof e === 'object' && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

/** `settings.json` → `settings.corrupt-2025-01-31T10-00-00-000Z.json`, next to it. */
export function keptAsidePath(path: string, now: Date): string {
  const ext = extname(path);
  const stem = basename(path, ext);
  return join(dirname(path), `${stem}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}${ext || '.json'}`);
}

export async function loadSettingsFile(path: string, signal: AbortSignal, now: () => Date = () => new Date()): Promise<LoadedSettings> {
  signal.throwIfAborted();
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new SyntaxError('it is not a file');
    if (info.size > MAX_SETTINGS_BYTES) throw new SyntaxError('it is too large to be a settings file');
    text = await readFile(path, { encoding: 'utf8', signal });
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return { settings: defaultSettings() };
    if (e instanceof SyntaxError) return keepAside(path, e.message, now());
    signal.throwIfAborted();
    return {
      settings: defaultSettings(),
      notice: `Punie could not read its settings file (${errnoOf(e) ?? 'read error'}) at ${path}, so it is using default settings.`,
    };
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return keepAside(path, 'it is not valid JSON', now());
  }
  const parsed = settingsSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? ` (${first.path.join('.')})` : '';
    return keepAside(path, `it does not match the expected format${where}`, now());
  }
  return { settings: parsed.data };
}

async function keepAside(path: string, reason: string, now: Date): Promise<LoadedSettings> {
  const aside = keptAsidePath(path, now);
  try {
    await rename(path, aside);
  } catch (e) {
    return {
      settings: defaultSettings(),
      notice: `Your settings file could not be read (${reason}) and could not be moved aside (${errnoOf(e) ?? 'error'}); Punie is using default settings for now.`,
    };
  }
  return {
    settings: defaultSettings(),
    notice: `Your settings file could not be read (${reason}), so Punie started with default settings. The old file was kept at ${aside}.`,
    keptAside: aside,
  };
}

/** Writes the settings atomically: readers see the old file or the new one, never half of one. */
export async function saveSettingsFile(path: string, settings: Settings, signal: AbortSignal): Promise<void> {
  try {
    await writeFileAtomic(path, JSON.stringify(settings, null, 2) + '\n', signal, { createFolders: true });
  } catch (e) {
    if (signal.aborted) throw new PunieError('aborted', 'Saving settings was cancelled.', { cause: e });
    throw new PunieError('internal', `Punie could not save your settings (${errnoOf(e) ?? 'write error'}) to ${path}.`, {
      hint: 'Check that the folder is writable and the disk is not full.',
      cause: e,
    });
  }
}
