import { homedir } from 'node:os';
import { createLogger } from '../log';
import { runCommand } from './commandRunner';

/**
 * An app started from the macOS Dock gets a bare PATH (/usr/bin:/bin:…), so
 * `npm` or `cargo` would not be found. On macOS only, ask the user's login
 * shell for its PATH (bounded by a timeout); childEnv (core/process) asks
 * once per process and puts it into every child's environment.
 */

const log = createLogger('tools:path');
const START = '__PUNIE_PATH_START__';
const END = '__PUNIE_PATH_END__';
const DEFAULT_TIMEOUT_MS = 5_000;
/** Profiles can print a lot; the PATH is between markers, somewhere in here. */
const MAX_OUTPUT_CHARS = 1_000_000;
/** Added when the shell cannot be asked, so the usual package managers still resolve. */
const FALLBACK_DIRS = ['/opt/homebrew/bin', '/usr/local/bin'];

export interface LoginPathOptions {
  platform?: NodeJS.Platform;
  /** The login shell; defaults to $SHELL, then /bin/zsh. */
  shell?: string;
  env?: Readonly<Record<string, string | undefined>>;
  timeoutMs?: number;
}

/** Asks the login shell for its PATH; undefined on other platforms. Never throws. */
export async function loginShellPath(options: LoginPathOptions = {}): Promise<string | undefined> {
  if ((options.platform ?? process.platform) !== 'darwin') return undefined;
  const env = options.env ?? process.env;
  const shell = options.shell ?? env.SHELL ?? '/bin/zsh';
  const current = env.PATH ?? '';
  try {
    // Through the command runner: its own process group, so a profile that hangs is killed with all it started.
    const result = await runCommand({
      file: shell,
      args: ['-ilc', `printf '%s%s%s' '${START}' "$PATH" '${END}'`],
      cwd: homedir(),
      env,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxOutputChars: MAX_OUTPUT_CHARS,
      signal: new AbortController().signal,
      killGraceMs: 0,
    });
    if (result.timedOut) throw new Error('the login shell did not answer in time');
    const stdout = result.output;
    const start = stdout.indexOf(START);
    const end = stdout.indexOf(END, start + START.length);
    const path = start >= 0 && end > start ? stdout.slice(start + START.length, end).trim() : '';
    if (path) return path;
    log.warn('the login shell printed no PATH; using the app PATH');
  } catch (e) {
    log.warn('could not read the login shell PATH; using the app PATH', { shell, error: e instanceof Error ? e.message : String(e) });
  }
  const dirs = current.split(':').filter(Boolean);
  return [...dirs, ...FALLBACK_DIRS.filter((d) => !dirs.includes(d))].join(':');
}
