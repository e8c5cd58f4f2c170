import { spawn } from 'node:child_process';
import { access, constants, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { clipText } from '../../../shared/text';
import { PunieError } from '../errors';
import { HeadTailBuffer } from '../tools/headTailBuffer';

/**
 * LM Studio's `lms` command (its docs: cli/local-models/load): `lms load KEY
 * --context-length N --yes` loads a model into the LM Studio on this machine,
 * writing `\rLoading KEY 45% ⠋` as it goes, and stops the load on SIGINT;
 * `lms unload KEY` unloads it. It is found on the PATH (absolute folders
 * only: never a program in the current folder) or where LM Studio puts it,
 * `~/.lmstudio/bin`. It runs without a shell, bounded in time and output.
 */

export interface FindLmsOptions {
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  platform: NodeJS.Platform;
}

const MAX_PATH_DIRS = 200;

/** The `lms` program's absolute path, or undefined when it is not installed. */
export async function findLms(options: FindLmsOptions): Promise<string | undefined> {
  const names = options.platform === 'win32' ? ['lms.exe'] : ['lms'];
  const pathVar = options.env.PATH ?? options.env.Path ?? '';
  const dirs = pathVar
    .split(options.platform === 'win32' ? ';' : delimiter)
    .filter((d) => d !== '' && isAbsolute(d))
    .slice(0, MAX_PATH_DIRS);
  dirs.push(join(options.home, '.lmstudio', 'bin'));
  for (const dir of dirs) {
    for (const name of names) {
      const file = join(dir, name);
      if (await isProgram(file, options.platform)) return file;
    }
  }
  return undefined;
}

async function isProgram(file: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return false;
    if (platform !== 'win32') await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A model key `lms` may be given: never one it would read as an option, nor one with control characters. */
export function checkLmsModelKey(model: string): void {
  // eslint-disable-next-line no-control-regex
  if (model.startsWith('-') || /[\u0000-\u001f\u007f]/.test(model) || model.length > 500) {
    throw new PunieError('invalid-input', `"${model.slice(0, 80)}" is not a model key lms can be given.`, { hint: 'Run `punie models` for the keys LM Studio lists.' });
  }
}

export interface RunLmsOptions {
  signal: AbortSignal;
  timeoutMs: number;
  env: Readonly<Record<string, string | undefined>>;
  /** Called with 0–1 as `lms` reports its progress. */
  onProgress?: (fraction: number) => void;
  /** Time between SIGINT (which lms answers by stopping the load) and SIGKILL. Default 5 s. */
  killGraceMs?: number;
}

export interface LmsResult {
  /** What lms wrote, terminal escapes and spinner lines removed. */
  output: string;
}

const MAX_OUTPUT_CHARS = 20_000;
const PERCENT = /(\d{1,3})%/g;

/** The last percentage in a piece of lms output, as 0–1. */
export function lastFraction(text: string): number | undefined {
  let found: number | undefined;
  for (const m of text.matchAll(PERCENT)) {
    const value = Number(m[1]);
    if (value <= 100) found = value / 100;
  }
  return found;
}

/** Runs lms with these arguments; resolves on exit code 0, throws with lms's own last words otherwise. */
export function runLms(file: string, args: readonly string[], options: RunLmsOptions): Promise<LmsResult> {
  return new Promise<LmsResult>((resolve, reject) => {
    if (options.signal.aborted) return reject(new PunieError('aborted', 'Stopped.'));
    const output = new HeadTailBuffer(MAX_OUTPUT_CHARS);
    const child = spawn(file, [...args], {
      env: { ...options.env, NO_COLOR: '1', FORCE_COLOR: '0', TERM: 'dumb' },
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
      windowsHide: true,
    });
    let ending: 'aborted' | 'timeout' | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (why: 'aborted' | 'timeout') => {
      if (ending) return;
      ending = why;
      // lms stops the load itself on SIGINT; a program that does not go gets SIGKILL.
      child.kill('SIGINT');
      killTimer = setTimeout(() => child.kill('SIGKILL'), options.killGraceMs ?? 5_000);
    };
    const onAbort = () => stop('aborted');
    options.signal.addEventListener('abort', onAbort, { once: true });
    const timeout = setTimeout(() => stop('timeout'), options.timeoutMs);
    const read = (chunk: string) => {
      output.push(chunk);
      const fraction = options.onProgress ? lastFraction(chunk) : undefined;
      if (fraction !== undefined) options.onProgress?.(fraction);
    };
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    const done = () => {
      clearTimeout(timeout);
      clearTimeout(killTimer);
      options.signal.removeEventListener('abort', onAbort);
    };
    child.once('error', (cause: NodeJS.ErrnoException) => {
      done();
      reject(new PunieError('unsupported', `The lms command at ${file} could not be started (${cause.code ?? cause.message}).`, { cause, hint: 'Reinstall it from LM Studio (Developer → lms), or load the model in LM Studio.' }));
    });
    child.once('close', (code) => {
      done();
      const text = cleanOutput(output.toString());
      if (ending === 'aborted') return reject(new PunieError('aborted', 'Stopped.'));
      if (ending === 'timeout') return reject(new PunieError('server-unavailable', `lms did not finish within ${Math.round(options.timeoutMs / 1000)} s.`, { hint: 'Look in LM Studio; the model may still be loading.' }));
      if (code === 0) return resolve({ output: text });
      const said = lastWords(text);
      reject(new PunieError('server-error', `lms ${args[0] ?? ''} failed${said ? `: ${said}` : ` (exit code ${code ?? 'none'})`}`, { hint: 'Run the same lms command in a terminal for details.' }));
    });
  });
}

/** Output as lines a person reads: escapes gone, each spinner redraw (`\r`) keeping only its last state. */
export function cleanOutput(text: string): string {
  return stripVTControlCharacters(text)
    .split('\n')
    .map((line) => line.split('\r').filter((part) => part.trim() !== '').at(-1) ?? '')
    .filter((line) => line.trim() !== '')
    .join('\n');
}

/** The last few lines of lms's output, for an error message. */
function lastWords(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return clipText(lines.slice(-3).join(' '), 300);
}

/** The identifier lms says it loaded the model as (`use the identifier "KEY"`), when it says one. */
export function loadedIdentifier(output: string): string | undefined {
  return /identifier\s+"([^"\n]+)"/.exec(output)?.[1];
}
