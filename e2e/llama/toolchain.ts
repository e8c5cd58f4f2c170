import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * What this machine has for building llama-server and writing the tiny
 * model, and a bounded way to run those tools (never through a shell).
 */

/** The full path of an executable found on PATH, or undefined. */
export function findOnPath(name: string, pathEnv: string = process.env.PATH ?? ''): string | undefined {
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** What building llama-server needs and this machine lacks (empty when all is there). */
export function missingBuildTools(pathEnv: string = process.env.PATH ?? ''): string[] {
  const missing = ['bash', 'cmake', 'make', 'git', 'npm', 'tar'].filter((tool) => !findOnPath(tool, pathEnv));
  if (!findOnPath('c++', pathEnv) && !findOnPath('g++', pathEnv)) missing.push('a C++ compiler (g++)');
  return missing;
}

/** `$PUNIE_PYTHON` if set, else Debian's python (its python3-numpy is what the writer is tested with), else PATH's. */
export function findPython(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.PUNIE_PYTHON) return isExecutable(env.PUNIE_PYTHON) ? env.PUNIE_PYTHON : undefined;
  return isExecutable('/usr/bin/python3') ? '/usr/bin/python3' : findOnPath('python3', env.PATH ?? '');
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Called with each chunk of stderr as it arrives (progress for long builds). */
  onStderr?: (chunk: string) => void;
}

const MAX_CAPTURE = 1024 * 1024;

/** Runs a program to completion with a timeout; kills it on timeout or abort. Never rejects for a non-zero exit. */
export function runProcess(file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(options.signal.reason);
    const child = spawn(file, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let failure: unknown;
    const kill = (reason: unknown): void => {
      failure ??= reason;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(
      () => kill(new Error(`${file} did not finish within ${Math.round(options.timeoutMs / 1000)} s`)),
      options.timeoutMs,
    );
    const onAbort = (): void => kill(options.signal?.reason ?? new Error('Aborted.'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < MAX_CAPTURE) stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < MAX_CAPTURE) stderr += chunk;
      options.onStderr?.(chunk);
    });
    const finish = (): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    child.on('error', (error) => {
      finish();
      reject(error);
    });
    child.on('close', (code, signal) => {
      finish();
      if (failure !== undefined) reject(failure);
      else resolve({ code, signal, stdout, stderr });
    });
  });
}
