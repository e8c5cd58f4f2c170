import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Starts bench/fakeServerProcess.ts in a child process and waits for its
 * URL. `close()` ends it (closing its stdin, then SIGKILL if it lingers).
 */

const ENTRY = fileURLToPath(new URL('./fakeServerProcess.ts', import.meta.url));
const READY_TIMEOUT_MS = 30_000;
const EXIT_TIMEOUT_MS = 5_000;

export interface FakeServerChild {
  baseURL: string;
  pid: number;
  close(): Promise<void>;
}

export interface FakeServerChildOptions {
  tokens: number;
  /** Pause between tokens (default 0: as fast as it can). */
  delayMs?: number;
  /** Tokens a second, kept to a schedule (instead of `delayMs`). */
  rate?: number;
  signal?: AbortSignal;
}

export async function startFakeServerChild(options: FakeServerChildOptions): Promise<FakeServerChild> {
  options.signal?.throwIfAborted();
  const pace = options.rate === undefined ? ['--delay-ms', String(options.delayMs ?? 0)] : ['--rate', String(options.rate)];
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, '--tokens', String(options.tokens), ...pace], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, PUNIE_LOG: 'error' },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  try {
    const baseURL = await new Promise<string>((resolve, reject) => {
      let out = '';
      const fail = (e: unknown) => {
        cleanup();
        reject(e);
      };
      const timer = setTimeout(() => fail(new Error(`the fake server did not start within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
      const onAbort = () => fail(options.signal?.reason ?? new Error('aborted'));
      const onExit = (code: number | null) => fail(new Error(`the fake server exited (code ${code}) before it was ready`));
      const onData = (d: string) => {
        out += d;
        const m = /^READY (\S+)$/m.exec(out);
        if (m?.[1]) {
          cleanup();
          resolve(m[1]);
        }
      };
      function cleanup() {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        child.off('exit', onExit);
        child.off('error', fail);
        child.stdout.off('data', onData);
      }
      options.signal?.addEventListener('abort', onAbort, { once: true });
      child.once('exit', onExit);
      child.once('error', fail);
      child.stdout.setEncoding('utf8').on('data', onData);
    });
    return { baseURL, pid: child.pid ?? -1, close };
  } catch (e) {
    await close();
    throw e;
  }
}
