import { spawn } from 'node:child_process';
import { parseBenchLine, type BenchRow } from './benchRow';
import { LineSplitter } from './timedProcess';

/**
 * Runs one benchmark file in its own Node process (TypeScript through tsx,
 * with --expose-gc), gathers its BENCH rows, and passes everything else it
 * prints through for people to read.
 */

export interface BenchOutcome {
  rows: BenchRow[];
  /** BENCH lines that could not be read, with why. */
  invalid: Array<{ line: string; reason: string }>;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The end of its stderr (for the reason it could not run). */
  stderr: string;
  durationMs: number;
}

export interface RunBenchOptions {
  cwd: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  /** Where its other stdout lines and its stderr go (default: this process's). */
  echo?: { stdout(text: string): void; stderr(text: string): void };
}

const STDERR_KEEP = 20_000;

export function runBenchFile(path: string, options: RunBenchOptions): Promise<BenchOutcome> {
  const echo = options.echo ?? { stdout: (t: string) => process.stdout.write(t), stderr: (t: string) => process.stderr.write(t) };
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    const rows: BenchRow[] = [];
    const invalid: BenchOutcome['invalid'] = [];
    const splitter = new LineSplitter();
    let stderr = '';
    const take = (line: string) => {
      const parsed = parseBenchLine(line);
      if (parsed.kind === 'row') rows.push(parsed.row);
      else if (parsed.kind === 'invalid') invalid.push({ line: parsed.line, reason: parsed.reason });
      else echo.stdout(`${parsed.line}\n`);
    };
    child.stdout.setEncoding('utf8').on('data', (piece: string) => splitter.push(piece).forEach(take));
    child.stderr.setEncoding('utf8').on('data', (piece: string) => {
      stderr = (stderr + piece).slice(-STDERR_KEEP);
      echo.stderr(piece);
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      splitter.end().forEach(take);
      resolve({ rows, invalid, code, signal, timedOut, stderr, durationMs: performance.now() - startedAt });
    });
  });
}
