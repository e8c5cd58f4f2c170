import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { PunieError } from '../../electron/core/errors';
import { LogBuffer } from './logBuffer';
import { findOnPath, findPython, isExecutable, missingBuildTools, runProcess } from './toolchain';

/**
 * The harness every real-server test uses: llama.cpp's llama-server, built
 * once per machine from the source node-llama-cpp ships, serving a tiny
 * random-weight qwen2 model on a free loopback port.
 */

const HERE = dirname(fileURLToPath(import.meta.url));
const BUILD_SCRIPT = join(HERE, 'build-llama-server.sh');
const MODEL_WRITER = join(HERE, 'write-tiny-gguf.py');
const BUILD_TIMEOUT_MS = 45 * 60_000;
const WRITE_TIMEOUT_MS = 5 * 60_000;

export interface LlamaSetup {
  /** The llama-server binary. */
  bin: string;
  /** The tiny model (GGUF). */
  model: string;
}

export interface LlamaSkip {
  /** One line saying what this machine lacks. */
  skip: string;
}

let prepared: Promise<LlamaSetup | LlamaSkip> | undefined;

/**
 * Finds or builds llama-server and the tiny model (once per process; the
 * build itself is cached per machine). Without the tools to make them it
 * returns `{ skip }`, except under CI (`CI` set), where it throws: CI never
 * skips silently. `env` (PATH, CI, PUNIE_CACHE_DIR, PUNIE_PYTHON) defaults to
 * this process's.
 */
export function ensureLlama(env: NodeJS.ProcessEnv = process.env): Promise<LlamaSetup | LlamaSkip> {
  if (env !== process.env) return prepare(env);
  prepared ??= prepare(env).catch((error: unknown) => {
    prepared = undefined;
    throw error;
  });
  return prepared;
}

/** The file name the writer gives the model: keyed by a hash of the writer, so changing it makes a new model. */
export function tinyModelFileName(): string {
  const hash = createHash('sha256').update(readFileSync(MODEL_WRITER)).digest('hex').slice(0, 16);
  return `tiny-qwen2-${hash}.gguf`;
}

export function isCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
}

function unavailable(reason: string, env: NodeJS.ProcessEnv): LlamaSkip {
  if (isCI(env)) {
    throw new PunieError('unsupported', `The real llama-server suite must run under CI, but ${reason}.`, {
      hint: '.ci/run installs cmake, g++, make, git and python3-numpy with apt-get.',
    });
  }
  return { skip: reason };
}

async function prepare(env: NodeJS.ProcessEnv): Promise<LlamaSetup | LlamaSkip> {
  if (process.platform === 'win32') return unavailable('llama-server tests need a Unix-like system (bash, cmake, a C++ compiler)', env);
  const bash = findOnPath('bash', env.PATH ?? '');
  if (!bash) return unavailable('bash is missing', env);

  const dirRun = await runProcess(bash, [BUILD_SCRIPT, '--dir'], { env, timeoutMs: 10_000 });
  const dir = dirRun.stdout.trim();
  if (dirRun.code !== 0 || !dir) throw new PunieError('internal', `build-llama-server.sh --dir failed: ${dirRun.stderr.trim()}`);
  const bin = join(dir, 'bin', 'llama-server');
  const src = join(dir, 'src', 'llama.cpp');
  const modelsDir = join(dir, 'models');
  const model = join(modelsDir, tinyModelFileName());
  const haveBin = isExecutable(bin) && existsSync(join(src, 'gguf-py'));
  const haveModel = existsSync(model);

  const missing = haveBin ? [] : missingBuildTools(env.PATH ?? '');
  const python = findPython(env);
  if (!haveModel) {
    if (!python) missing.push('python3');
    else if (!(await hasNumpy(python, env))) missing.push('numpy (python3-numpy)');
  }
  if (missing.length > 0) return unavailable(`cannot build llama-server and its tiny model here: missing ${missing.join(', ')}`, env);

  if (!haveBin) {
    process.stderr.write('llama-server is not built yet: building it once for this machine (about 8 minutes on 2 cores)\n');
    const build = await runProcess(bash, [BUILD_SCRIPT], { env, timeoutMs: BUILD_TIMEOUT_MS, onStderr: (chunk) => process.stderr.write(chunk) });
    if (build.code !== 0 || build.stdout.trim() !== bin) {
      throw new PunieError('internal', `Building llama-server failed (exit ${build.code}): ${lastLines(build.stderr, 15)}`);
    }
  }
  if (!haveModel && python) {
    const write = await runProcess(python, [MODEL_WRITER, '--llama-src', src, '--out-dir', modelsDir], {
      env: { ...env, PYTHONPATH: join(src, 'gguf-py') },
      timeoutMs: WRITE_TIMEOUT_MS,
    });
    if (write.code !== 0 || write.stdout.trim() !== model) {
      throw new PunieError('internal', `Writing the tiny model failed (exit ${write.code}): ${lastLines(write.stderr, 15)}`);
    }
  }
  return { bin, model };
}

async function hasNumpy(python: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  try {
    return (await runProcess(python, ['-c', 'import numpy'], { env, timeoutMs: 30_000 })).code === 0;
  } catch {
    return false;
  }
}

function lastLines(text: string, n: number): string {
  return text.trim().split('\n').slice(-n).join('\n');
}

export interface StartLlamaOptions {
  /** 0 (the default) lets the server pick a free loopback port. */
  port?: number;
  /** The model id the server reports (`--alias`); the model file's path otherwise. */
  alias?: string;
  /** Router mode: serve every model in `modelsDir`, loading them on demand only if `autoload`. */
  router?: { modelsDir: string; autoload: boolean };
  /** More llama-server arguments, e.g. `['-c', '512']`. */
  extraArgs?: readonly string[];
  /** Added to this process's environment. */
  env?: Readonly<Record<string, string>>;
  /** Aborting kills the server (while starting, the start rejects). */
  signal?: AbortSignal;
  /** How long to wait for the server to listen and answer `/health` (default 60 s). */
  startTimeoutMs?: number;
}

export interface LlamaServer {
  /** `http://127.0.0.1:<port>/v1`. */
  readonly baseURL: string;
  readonly port: number;
  readonly pid: number;
  /** Everything the server printed (stdout and stderr, by line). */
  logs(): string;
  /** The number of the next log line: pass it to `waitForLog` to wait only for lines printed after now. */
  logMark(): number;
  /** Resolves with the first log line (numbered `since` or later) matching `re`; rejects on timeout or exit. */
  waitForLog(re: RegExp, timeoutMs: number, since?: number): Promise<string>;
  /** SIGTERM, then SIGKILL after 10 s; resolves once the process has exited. */
  stop(): Promise<void>;
  /** SIGKILL at once (a server dying mid-stream); resolves once the process has exited. */
  kill9(): Promise<void>;
}

type ServerProcess = ChildProcessByStdio<null, Readable, Readable>;

const running = new Set<ServerProcess>();
let exitHookInstalled = false;

/** Kills every server this process started when it exits, whatever the tests did. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/**
 * Starts llama-server on 127.0.0.1 and waits until it listens and `/health`
 * answers. Stop it in the test's teardown; it is killed anyway when this
 * process exits.
 */
export async function startLlamaServer(options: StartLlamaOptions = {}): Promise<LlamaServer> {
  const setup = await ensureLlama();
  if ('skip' in setup) throw new PunieError('unsupported', `llama-server is not available: ${setup.skip}`);
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;

  const args = ['--host', '127.0.0.1', '--port', String(options.port ?? 0)];
  if (options.router) {
    args.push('--models-dir', options.router.modelsDir, options.router.autoload ? '--models-autoload' : '--no-models-autoload');
  } else {
    args.push('--model', setup.model);
  }
  if (options.alias !== undefined) args.push('--alias', options.alias);
  args.push(...(options.extraArgs ?? []));

  installExitHook();
  // On Linux, util-linux's setpriv makes the kernel kill the server if this
  // process dies without running its exit hook (SIGKILL, a crashed worker).
  const setpriv = process.platform === 'linux' ? findOnPath('setpriv') : undefined;
  const [file, argv] = setpriv ? [setpriv, ['--pdeathsig', 'KILL', '--', setup.bin, ...args]] : [setup.bin, args];
  const child: ServerProcess = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  running.add(child);
  const log = new LogBuffer();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => log.push(chunk, 'stdout'));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => log.push(chunk, 'stderr'));
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    const onGone = (): void => {
      running.delete(child);
      log.end();
      resolve();
    };
    child.once('close', onGone);
    child.once('error', (error) => {
      spawnError = error;
      onGone();
    });
  });

  const terminate = async (signal: NodeJS.Signals, graceMs: number): Promise<void> => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return exited;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  const stop = (): Promise<void> => terminate('SIGTERM', 10_000);
  const kill9 = (): Promise<void> => terminate('SIGKILL', 0);
  const onAbort = (): void => void stop();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  void exited.then(() => options.signal?.removeEventListener('abort', onAbort));

  try {
    const startup = AbortSignal.any([AbortSignal.timeout(startTimeoutMs), ...(options.signal ? [options.signal] : [])]);
    const listening = await log.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/, startTimeoutMs, 0, startup);
    const port = Number(listening.match[1]);
    const baseURL = `http://127.0.0.1:${port}/v1`;
    await waitForHealth(`http://127.0.0.1:${port}/health`, startup);
    if (child.pid === undefined) throw new PunieError('internal', 'llama-server has no process id.');
    return {
      baseURL,
      port,
      pid: child.pid,
      logs: () => log.text(),
      logMark: () => log.mark(),
      waitForLog: async (re, timeoutMs, since = 0) => (await log.waitFor(re, timeoutMs, since)).line,
      stop,
      kill9,
    };
  } catch (error) {
    await kill9();
    if (error instanceof PunieError) throw error;
    const cause = spawnError ?? error;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new PunieError('internal', `llama-server did not start: ${reason}\n${log.tail(20)}`);
  }
}

/** Polls `/health` until it answers 200 (the model is loaded), every 100 ms, until the signal ends it. */
async function waitForHealth(url: string, signal: AbortSignal): Promise<void> {
  let last = 'no answer';
  for (let attempt = 0; attempt < 10_000; attempt++) {
    if (signal.aborted) throw new Error(`/health did not answer 200 in time (last: ${last})`);
    try {
      const res = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(2_000)]) });
      const body = await res.text();
      if (res.ok) return;
      last = `${res.status} ${body.slice(0, 200)}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`/health did not answer 200 (last: ${last})`);
}
