/**
 * What Help → About Punie says: the version, the Electron, Chromium and Node
 * versions, the OS, where data and logs live, and whether updates are on;
 * plus the same as plain text to paste into a bug report. No secrets, no
 * prompts: only versions and folders.
 */
export interface AboutFacts {
  name: string;
  version: string;
  electron: string;
  chrome: string;
  node: string;
  platform: string;
  arch: string;
  osRelease: string;
  dataDir: string;
  logsDir: string;
  /** One line: "Updates: on, checked every 4 hours" or why they are off. */
  updates: string;
}

export interface AboutText {
  message: string;
  detail: string;
  /** For "Copy for a Bug Report". */
  report: string;
}

const OS_NAMES: Readonly<Record<string, string>> = { darwin: 'macOS', win32: 'Windows', linux: 'Linux' };

export function aboutText(f: AboutFacts): AboutText {
  const os = `${OS_NAMES[f.platform] ?? f.platform} ${f.osRelease} (${f.arch})`;
  const versions = [`Electron ${f.electron}`, `Chromium ${f.chrome}`, `Node ${f.node}`, os];
  const folders = [`Data: ${f.dataDir}`, `Logs: ${f.logsDir}`];
  return {
    message: `${f.name} ${f.version}`,
    detail: [...versions, '', ...folders, '', f.updates].join('\n'),
    report: [`${f.name} ${f.version}`, ...versions, ...folders, f.updates].join('\n'),
  };
}

/** The About box's buttons, in order (the first is the default and Esc). */
export const ABOUT_BUTTONS = ['OK', 'Copy for a Bug Report', 'Open Data Folder', 'Open Logs Folder'] as const;
export type AboutChoice = 'ok' | 'copy' | 'open-data' | 'open-logs';

export function aboutChoice(response: number): AboutChoice {
  return (['ok', 'copy', 'open-data', 'open-logs'] as const)[response] ?? 'ok';
}
