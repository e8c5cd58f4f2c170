import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { stripVTControlCharacters } from 'node:util';
import { PunieError } from '../errors';
import { HeadTailBuffer } from './headTailBuffer';

/**
 * Runs one program without a shell, in its own process group, with stdout
 * and stderr merged in arrival order, a timeout and an abort that kill the
 * whole process tree, and an output cap that keeps the head and the tail.
 * Processes the program leaves behind are stopped when it exits.
 */

export interface CommandOptions {
  file: string;
  args: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  timeoutMs: number;
  maxOutputChars: number;
  signal: AbortSignal;
  /** Time between SIGTERM and SIGKILL. */
  killGraceMs?: number;
  /** How signals are sent (default process.kill); tests stand in a kill the system refuses. */
  kill?: (pid: number, signal: NodeJS.Signals | 0) => void;
}

/** What the command started that could not be stopped: their pids (when known) and a sentence for the card and the trace. */
export interface NotStopped {
  pids: number[];
  note: string;
}

export interface CommandResult {
  /** Merged stdout and stderr, terminal escapes removed, cut in the middle past the cap. */
  output: string;
  outputChars: number;
  truncated: boolean;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  aborted: boolean;
  durationMs: number;
  /** Set when something the command started may still run (issue 11, item 6). */
  notStopped?: NotStopped;
}

const DEFAULT_KILL_GRACE_MS = 2_000;
/** After the program exits, how long its output pipes may stay open (held by children) before they are killed. */
const CLOSE_GRACE_MS = 200;
/** After SIGKILL, how long to wait for the pipes to close before giving up on them. */
const FINAL_WAIT_MS = 2_000;

/** Set for every command so it neither pages, colours nor prompts (an editor terminal gets them too). */
export const QUIET_ENV = { TERM: 'dumb', NO_COLOR: '1', PAGER: 'cat', GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0' };

export function runCommand(options: CommandOptions): Promise<CommandResult> {
  const started = performance.now();
  const isWindows = process.platform === 'win32';
  return new Promise<CommandResult>((resolve, reject) => {
    if (options.signal.aborted) {
      reject(new PunieError('aborted', 'Stopped.'));
      return;
    }
    const output = new HeadTailBuffer(options.maxOutputChars);
    const mark = randomUUID();
    const kill = options.kill ?? ((pid: number, sig: NodeJS.Signals | 0) => void process.kill(pid, sig));
    let groupOutlived = false;
    let child: ChildProcess;
    try {
      child = spawn(options.file, [...options.args], {
        cwd: options.cwd,
        // The mark finds what the command started even after it left the process group (setsid, a double fork).
        env: { ...options.env, ...QUIET_ENV, [MARK_VAR]: mark },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: !isWindows,
        windowsHide: true,
        shell: false,
      });
    } catch (cause) {
      reject(spawnError(options.file, cause));
      return;
    }
    let timedOut = false;
    let aborted = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let settled = false;
    const timers = new Set<NodeJS.Timeout>();
    const later = (ms: number, fn: () => void) => {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    };

    const killTree = (sig: NodeJS.Signals) => {
      const pid = child.pid;
      if (pid === undefined) return;
      if (isWindows) {
        spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => undefined);
        return;
      }
      try {
        kill(-pid, sig);
      } catch {
        // the group is gone already
      }
    };
    const stop = () => {
      killTree('SIGTERM');
      later(options.killGraceMs ?? DEFAULT_KILL_GRACE_MS, () => killTree('SIGKILL'));
      // A process stuck in the kernel can ignore even SIGKILL for a while: never wait forever.
      later((options.killGraceMs ?? DEFAULT_KILL_GRACE_MS) + FINAL_WAIT_MS * 2, () => finish());
    };

    const finish = () => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      options.signal.removeEventListener('abort', onAbort);
      child.stdout?.destroy();
      child.stderr?.destroy();
      const text = stripVTControlCharacters(output.toString());
      // Whatever it started and left behind outside its group goes too, before the result is given; what could not be stopped is said.
      const pid = child.pid;
      void leftovers({ pid, mark, kill, exited: exit !== undefined, stopped: timedOut || aborted || groupOutlived }).then((notStopped) => resolve({
        output: text,
        outputChars: output.totalChars,
        truncated: output.truncated,
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        timedOut,
        aborted,
        durationMs: performance.now() - started,
        ...(notStopped ? { notStopped } : {}),
      }));
    };

    const onAbort = () => {
      if (exit || aborted) return;
      aborted = true;
      stop();
    };
    options.signal.addEventListener('abort', onAbort, { once: true });
    later(options.timeoutMs, () => {
      if (exit || aborted) return;
      timedOut = true;
      stop();
    });

    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => output.push(chunk));
    child.stderr?.on('data', (chunk: string) => output.push(chunk));

    child.once('error', (cause) => {
      if (child.pid === undefined && !settled) {
        settled = true;
        for (const t of timers) clearTimeout(t);
        options.signal.removeEventListener('abort', onAbort);
        reject(spawnError(options.file, cause));
      }
    });
    child.once('exit', (code, sig) => {
      exit = { code, signal: sig };
      // Children may still hold the pipes: give them a moment, then stop whatever is left of the group.
      later(CLOSE_GRACE_MS, () => {
        if (!isWindows && child.pid !== undefined) groupOutlived = groupExists(child.pid, kill);
        killTree('SIGKILL');
        later(FINAL_WAIT_MS, finish);
      });
    });
    child.once('close', () => {
      killTree('SIGKILL'); // background processes that let go of the pipes
      if (exit) finish();
      else later(CLOSE_GRACE_MS, finish);
    });
  });
}

/** The variable every command's environment carries, with a value of its own. */
export const MARK_VAR = 'PUNIE_COMMAND_MARK';
/** Processes looked at in one sweep (a bound, not a limit anyone reaches). */
const MAX_SWEEP = 100_000;

/**
 * Kills every process of this user whose environment carries the mark: the
 * command's descendants, even those that left its process group or session
 * (issue 11, item 6). Linux reads /proc; elsewhere the group kill is all
 * there is (macOS hides other processes' environments from /proc-less tools).
 */
export async function sweepMarked(mark: string, kill: (pid: number, signal: NodeJS.Signals) => void = (pid, sig) => void process.kill(pid, sig)): Promise<{ killed: number[]; refused: number[] }> {
  const killed: number[] = [];
  const refused: number[] = [];
  if (process.platform !== 'linux') return { killed, refused };
  const needle = Buffer.from(`${MARK_VAR}=${mark}\0`);
  const entries = await readdir('/proc').catch(() => [] as string[]);
  for (const entry of entries.slice(0, MAX_SWEEP)) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) continue;
    const environ = await readFile(`/proc/${pid}/environ`).catch(() => undefined);
    if (!environ || !environ.includes(needle)) continue;
    try {
      kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch (e) {
      // Gone already, or not ours to stop (a setuid program): the second is said.
      if ((e as NodeJS.ErrnoException).code === 'EPERM') refused.push(pid);
    }
  }
  return { killed, refused };
}

/** After SIGKILL, how long the processes killed get to go before they count as not stopped. */
const SURVIVOR_WAIT_MS = 2_000;
/** Pids named in a report, at most. */
const MAX_REPORTED = 20;

/**
 * Sweeps the command's leftovers and says what could not be stopped: on
 * Linux, marked processes (and members of its group) still running after
 * SIGKILL and a bounded wait, or that refused it; elsewhere only the group
 * kill exists, so when the command left processes behind or was stopped,
 * the report says that what left the group could not be looked for.
 */
async function leftovers(run: { pid: number | undefined; mark: string; kill: (pid: number, signal: NodeJS.Signals | 0) => void; exited: boolean; stopped: boolean }): Promise<NotStopped | undefined> {
  if (process.platform === 'win32' || run.pid === undefined) return undefined;
  const pid = run.pid;
  if (process.platform !== 'linux') {
    if (!run.exited) return { pids: [pid], note: `The command (pid ${pid}) did not exit even after SIGKILL; it may still be running.` };
    if (!run.stopped && !groupExists(pid, run.kill)) return undefined;
    return {
      pids: [],
      note: 'On this system Punie can stop only the command’s process group: anything it started that left the group (setsid, a double fork, a daemon) may still be running.',
    };
  }
  const swept = await sweepMarked(run.mark, run.kill);
  const watch = new Set([...swept.killed, ...swept.refused]);
  if (!run.exited) watch.add(pid);
  if (groupExists(pid, run.kill)) for (const member of await groupMembers(pid)) watch.add(member);
  let alive = [...watch].filter(running);
  for (let waited = 0; alive.length > 0 && waited < SURVIVOR_WAIT_MS; waited += 50) {
    await new Promise((r) => setTimeout(r, 50));
    alive = alive.filter(running);
  }
  if (alive.length === 0) return undefined;
  const listed = alive.slice(0, MAX_REPORTED).join(', ') + (alive.length > MAX_REPORTED ? ', …' : '');
  const refused = alive.some((p) => swept.refused.includes(p)) ? ' (the system refused to stop some of them: another user’s or a setuid program)' : '';
  return {
    pids: alive.slice(0, MAX_REPORTED),
    note: `${alive.length === 1 ? '1 process' : `${alive.length} processes`} it started could not be stopped and may still be running (pid ${listed})${refused}.`,
  };
}

/** Whether the process group still has a member (zombies included). */
function groupExists(pid: number, kill: (pid: number, signal: NodeJS.Signals | 0) => void): boolean {
  try {
    kill(-pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Linux: the pids of a process group's members, from /proc (bounded like the sweep). */
async function groupMembers(pgid: number): Promise<number[]> {
  const members: number[] = [];
  const entries = await readdir('/proc').catch(() => [] as string[]);
  for (const entry of entries.slice(0, MAX_SWEEP)) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 1) continue;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
    if (stat && Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid) members.push(pid);
  }
  return members;
}

/** Linux: the process exists and is not a zombie (a zombie runs nothing; its parent has yet to reap it). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

function spawnError(file: string, cause: unknown): PunieError {
  const code = (cause as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') {
    return new PunieError('tool-failed', `The program "${file}" was not found. Check its name, or that it is installed and on the PATH.`, { cause });
  }
  if (code === 'EACCES') return new PunieError('tool-failed', `The program "${file}" cannot be run (permission denied by the system).`, { cause });
  if (code === 'ENOTDIR' || code === 'ENOENT_CWD') return new PunieError('tool-failed', `The folder to run "${file}" in does not exist.`, { cause });
  return new PunieError('tool-failed', `The program "${file}" could not be started (${typeof code === 'string' ? code : 'unknown error'}).`, { cause });
}
