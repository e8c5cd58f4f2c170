import { spawn } from 'node:child_process';

/**
 * Runs a program and notes when each line of its stdout arrived, on this
 * process's performance.now() clock: how the benchmarks watch `punie ask
 * --json` and `curl -N` stream. Never through a shell.
 */

/** Splits text that arrives in arbitrary pieces into whole lines (without their `\n` or `\r\n`). */
export class LineSplitter {
  private rest = '';

  /** The lines completed by this piece. */
  push(piece: string): string[] {
    const text = this.rest + piece;
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    return lines.map((l) => l.replace(/\r$/, ''));
  }

  /** The last line, if the stream ended without a newline. */
  end(): string[] {
    const last = this.rest.replace(/\r$/, '');
    this.rest = '';
    return last === '' ? [] : [last];
  }
}

export interface TimedLine {
  /** performance.now() when the piece holding the line's end arrived. */
  at: number;
  line: string;
}

export interface TimedRun {
  /** performance.now() just before the spawn. */
  spawnedAt: number;
  exitedAt: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: TimedLine[];
  stderr: string;
}

export interface TimedSpawnOptions {
  env: Record<string, string>;
  cwd?: string;
  /** SIGKILL after this long (default 120 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Keeps at most this many characters of stderr (the end). Default 20,000. */
  maxStderr?: number;
}

export function spawnTimed(command: string, args: readonly string[], options: TimedSpawnOptions): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    options.signal?.throwIfAborted();
    const spawnedAt = performance.now();
    const child = spawn(command, [...args], { env: options.env, ...(options.cwd ? { cwd: options.cwd } : {}), stdio: ['ignore', 'pipe', 'pipe'] });
    const kill = () => child.kill('SIGKILL');
    const timer = setTimeout(kill, options.timeoutMs ?? 120_000);
    options.signal?.addEventListener('abort', kill, { once: true });
    const maxStderr = options.maxStderr ?? 20_000;
    const lines: TimedLine[] = [];
    const splitter = new LineSplitter();
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (piece: string) => {
      const at = performance.now();
      for (const line of splitter.push(piece)) lines.push({ at, line });
    });
    child.stderr.setEncoding('utf8').on('data', (piece: string) => {
      stderr = (stderr + piece).slice(-maxStderr);
    });
    const cleanup = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', kill);
    };
    child.once('error', (e) => {
      cleanup();
      reject(e);
    });
    child.once('close', (code, signal) => {
      cleanup();
      const exitedAt = performance.now();
      for (const line of splitter.end()) lines.push({ at: exitedAt, line });
      resolve({ spawnedAt, exitedAt, code, signal, lines, stderr });
    });
  });
}
