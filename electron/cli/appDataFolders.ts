import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { resolveDataDir } from '../core/store/dataDir';

export interface AppDataInput {
  env: Readonly<Record<string, string | undefined>>;
  platform?: NodeJS.Platform;
  home?: string;
}

/**
 * Punie's own data folders, which the agent's tools may never touch even
 * when they lie inside the workspace: the folder this CLI uses
 * (`$PUNIE_HOME` or the platform's data folder), the platform folder as well
 * when `$PUNIE_HOME` points elsewhere, and the desktop app's `userData`
 * (on Linux Electron keeps it under `$XDG_CONFIG_HOME`, not the data folder).
 */
export function appDataFolders(input: AppDataInput): string[] {
  const platform = input.platform ?? process.platform;
  const home = input.home ?? homedir();
  const withoutOverride = { ...input.env, PUNIE_HOME: undefined };
  const folders = [
    resolveDataDir({ env: input.env, platform, home }),
    resolveDataDir({ env: withoutOverride, platform, home }),
    electronUserData(input.env, platform, home),
  ];
  return [...new Set(folders)];
}

/**
 * The desktop app's settings file, which the CLI reads (never writes) for
 * the user's model presets: in `$PUNIE_USER_DATA_DIR` when set (the app
 * honours it too), else in the app's `userData`.
 */
export function appSettingsFile(input: AppDataInput): string {
  const override = input.env.PUNIE_USER_DATA_DIR?.trim();
  const dir = override && isAbsolute(override) ? override : electronUserData(input.env, input.platform ?? process.platform, input.home ?? homedir());
  return join(dir, 'settings.json');
}

/** Where Electron puts `app.getPath('userData')` for an app named Punie. */
function electronUserData(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform, home: string): string {
  if (platform === 'darwin' || platform === 'win32') return resolveDataDir({ env: { ...env, PUNIE_HOME: undefined }, platform, home });
  const xdg = env.XDG_CONFIG_HOME?.trim();
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.config'), 'Punie');
}
