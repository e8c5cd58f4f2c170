import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Fake model servers for the probe benchmark, each in its own process (the
 * fake server's shell entry, e2e/fake-server/cli.ts), so the client being
 * measured has its event loop to itself. Killed on close, and when this
 * process exits.
 */

const ENTRY = fileURLToPath(new URL('../e2e/fake-server/cli.ts', import.meta.url));
const READY_TIMEOUT_MS = 30_000;

export interface ServerChild {
  baseURL: string;
  close(): Promise<void>;
}

export async function startServerChild(args: readonly string[]): Promise<ServerChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PUNIE_LOG: 'error' } });
  const killNow = () => child.kill('SIGKILL');
  process.once('exit', killNow);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    process.off('exit', killNow);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(killNow, 5_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const baseURL = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`a fake server did not start within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const url = /server at (http:\/\/\S+\/v1)/.exec(out)?.[1];
        if (url) {
          clearTimeout(timer);
          resolve(url);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`a fake server exited (${code}) before it was ready`));
      });
    });
    return { baseURL, close };
  } catch (e) {
    await close();
    throw e;
  }
}
