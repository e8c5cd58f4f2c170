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

export async function startFakeServerChild(options: { tokens: number; delayMs?: number; signal?: AbortSignal }): Promise<FakeServerChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, '--tokens', String(options.tokens), '--delay-ms', String(options.delayMs ?? 0)], {
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
      const timer = setTimeout(() => reject(new Error(`the fake server did not start within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
      const onAbort = () => reject(options.signal?.reason ?? new Error('aborted'));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const m = /^READY (\S+)$/m.exec(out);
        if (m?.[1]) {
          done();
          resolve(m[1]);
        }
      });
      child.once('exit', (code) => {
        done();
        reject(new Error(`the fake server exited (code ${code}) before it was ready`));
      });
      child.once('error', (e) => {
        done();
        reject(e);
      });
    });
    return { baseURL, pid: child.pid ?? -1, close };
  } catch (e) {
    await close();
    throw e;
  }
}
