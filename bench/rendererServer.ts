import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Starts bench/rendererServerProcess.ts (the paced fake llama.cpp server) in
 * a child process and waits for its URL. `close()` ends it: its stdin
 * closes, then SIGKILL if it lingers.
 */

const ENTRY = fileURLToPath(new URL('./rendererServerProcess.ts', import.meta.url));
const READY_TIMEOUT_MS = 30_000;
const EXIT_TIMEOUT_MS = 5_000;

export interface PacedServer {
  baseURL: string;
  close(): Promise<void>;
}

export async function startPacedServer(options: { tokens: number; rate: number; signal: AbortSignal }): Promise<PacedServer> {
  options.signal.throwIfAborted();
  const args = ['--import', 'tsx', ENTRY, '--tokens', String(options.tokens), '--rate', String(options.rate)];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, PUNIE_LOG: 'error' } });
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
      const timer = setTimeout(() => fail(new Error(`the paced fake server did not start within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
      const onAbort = () => fail(options.signal.reason);
      const onExit = (code: number | null) => fail(new Error(`the paced fake server exited (code ${code}) before it was ready`));
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
        options.signal.removeEventListener('abort', onAbort);
        child.off('exit', onExit);
        child.off('error', fail);
        child.stdout.off('data', onData);
      }
      options.signal.addEventListener('abort', onAbort, { once: true });
      child.once('exit', onExit);
      child.once('error', fail);
      child.stdout.setEncoding('utf8').on('data', onData);
    });
    return { baseURL, close };
  } catch (e) {
    await close();
    throw e;
  }
}
