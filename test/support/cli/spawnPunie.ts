import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Test helper: runs the built `punie` command (bin/punie.js → out/cli/punie.mjs)
 * as a user does, in a child process, with only the environment the test
 * gives (no inherited keys or endpoints). Build first: `npm run build`.
 */

export const PUNIE_BIN = fileURLToPath(new URL('../../../bin/punie.js', import.meta.url));
export const PUNIE_BUNDLE = fileURLToPath(new URL('../../../out/cli/punie.mjs', import.meta.url));

export interface PunieRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** How many separate reads stdout arrived in (streaming shows as several). */
  stdoutChunks: number;
}

export interface SpawnPunieOptions {
  /** Must name PUNIE_HOME (a temp folder) or pass --no-history, so no test touches the real history. */
  env: Record<string, string>;
  cwd?: string;
  /** Called with all of stdout so far after each read. */
  onStdout?(text: string, child: ChildProcess): void;
  /** Called with all of stderr so far after each read. */
  onStderr?(text: string, child: ChildProcess): void;
  /** Called once the child is spawned (to signal it while it runs). */
  onSpawn?(child: ChildProcess): void;
  /** The child is SIGKILLed after this long (default 60 s), so a hung run cannot hang the suite. */
  timeoutMs?: number;
}

export function assertBuilt(): void {
  if (!existsSync(PUNIE_BUNDLE)) throw new Error('out/cli/punie.mjs is missing: run `npm run build` first');
}

export function spawnPunie(args: readonly string[], options: SpawnPunieOptions): Promise<PunieRun> {
  if (!options.env.PUNIE_HOME && !args.includes('--no-history')) {
    throw new Error('spawnPunie needs env.PUNIE_HOME (a temp folder) or --no-history');
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PUNIE_BIN, ...args], {
      // The app's settings (model presets) are read from the test's own folder, never the real home's.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...(options.env.PUNIE_HOME ? { PUNIE_USER_DATA_DIR: join(options.env.PUNIE_HOME, 'app-data') } : {}), ...options.env },
      ...(options.cwd ? { cwd: options.cwd } : {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    options.onSpawn?.(child);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    let stdout = '';
    let stderr = '';
    let stdoutChunks = 0;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      stdoutChunks += 1;
      options.onStdout?.(stdout, child);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      options.onStderr?.(stderr, child);
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, stdoutChunks });
    });
  });
}
