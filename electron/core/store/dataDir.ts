import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** The folder name Punie uses under the platform's data folder. */
const APP_FOLDER = 'Punie';

export interface DataDirInput {
  /** Electron's `app.getPath('userData')`, when main passes it. */
  userData?: string;
  env?: Readonly<Record<string, string | undefined>>;
  platform?: NodeJS.Platform;
  home?: string;
}

/**
 * Where Punie keeps its data (history, settings).
 *
 * `$PUNIE_HOME` wins (tests, portable installs, sharing one history between
 * the app and the CLI); then Electron's userData when main passes it; then the
 * platform's usual data folder:
 * macOS `~/Library/Application Support/Punie`, Windows `%APPDATA%\Punie`,
 * elsewhere `$XDG_DATA_HOME/punie` or `~/.local/share/punie`.
 */
export function resolveDataDir(input: DataDirInput = {}): string {
  const env = input.env ?? process.env;
  const override = env.PUNIE_HOME?.trim();
  if (override) return resolve(override);
  if (input.userData) return resolve(input.userData);

  const platform = input.platform ?? process.platform;
  const home = input.home ?? homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_FOLDER);
  if (platform === 'win32') {
    const appData = env.APPDATA?.trim();
    return join(appData ? appData : join(home, 'AppData', 'Roaming'), APP_FOLDER);
  }
  // XDG: a relative $XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME?.trim();
  const base = xdg && isAbsolute(xdg) ? xdg : join(home, '.local', 'share');
  return join(base, APP_FOLDER.toLowerCase());
}
