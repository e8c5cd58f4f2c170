import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Test helper: runs a program on a real pseudo-terminal through python3's
 * pty module (ptyRun.py), typing scripted answers when their prompt appears,
 * and returns every byte the terminal received: what a person's terminal
 * would have interpreted.
 */

const SCRIPT = fileURLToPath(new URL('./ptyRun.py', import.meta.url));

export interface PtyAnswer {
  /** Typed once this text has appeared. */
  when: string;
  send: string;
}

export interface PtyResult {
  /** Everything written to the terminal (the line discipline turns \n into \r\n). */
  output: string;
  code: number | null;
  signal: number | null;
  timedOut: boolean;
}

/** Why a pty cannot be had here (no python3), or undefined. */
export function ptyUnavailable(): string | undefined {
  if (process.platform === 'win32') return 'no POSIX pseudo-terminals on Windows';
  const probe = spawnSync('python3', ['-c', 'import pty, termios'], { stdio: 'ignore' });
  return probe.status === 0 ? undefined : 'python3 with the pty module is not installed';
}

export function runInPty(argv: readonly string[], options: { env: Record<string, string>; cwd?: string; answers?: PtyAnswer[]; timeoutMs?: number }): Promise<PtyResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [SCRIPT], { stdio: ['pipe', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`ptyRun.py exited with ${code}`));
      const parsed = JSON.parse(stdout) as { output: string; code: number | null; signal: number | null; timedOut: boolean };
      resolve({ ...parsed, output: Buffer.from(parsed.output, 'base64').toString('utf8') });
    });
    child.stdin.end(JSON.stringify({ argv, env: options.env, cwd: options.cwd, answers: options.answers ?? [], timeoutMs: options.timeoutMs ?? 60_000 }));
  });
}
