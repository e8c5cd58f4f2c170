import { type ChildProcess, spawn } from 'node:child_process';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { PunieError } from '../errors';
import { liveGroups } from './liveGroups';

/**
 * The MCP stdio transport, for servers Punie starts: the SDK's framing
 * (ReadBuffer, serializeMessage) over a process that runs in its own
 * process group, without a shell, with exactly the environment it is given.
 * The SDK's StdioClientTransport spawns into Punie's own group, adds
 * variables of its own choosing and, on close, signals only the process it
 * started, so a server launched through `npx` (npx → sh → node) could
 * outlive Punie. Here close() ends stdin, then stops the whole group
 * (SIGTERM, then SIGKILL), and every group still alive is killed
 * synchronously when Punie's process exits (liveGroups.ts).
 */

export interface ProcessGroupTransportOptions {
  command: string;
  args: readonly string[];
  env: Record<string, string>;
  cwd: string;
  /** Each chunk the server writes on stderr. */
  onStderr?: (text: string) => void;
  /** After stdin is closed, how long the server gets to exit before the group is sent SIGTERM (and again before SIGKILL). */
  closeGraceMs?: number;
  /** The largest message accepted from the server. */
  maxMessageBytes?: number;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const DEFAULT_CLOSE_GRACE_MS = 1_000;
const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export class ProcessGroupTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private child: ChildProcess | undefined;
  private readonly buffer: ReadBuffer;
  private exited: ProcessExit | undefined;
  private closed = false;
  private readonly exitedPromise: Promise<void>;
  private markExited: () => void = () => undefined;

  constructor(private readonly options: ProcessGroupTransportOptions) {
    this.buffer = new ReadBuffer({ maxBufferSize: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES });
    this.exitedPromise = new Promise((resolve) => {
      this.markExited = resolve;
    });
  }

  /** The server's process id (its group's id too), once started. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** How the process ended, once it has. */
  get exit(): ProcessExit | undefined {
    return this.exited;
  }

  start(): Promise<void> {
    if (this.child) throw new Error('ProcessGroupTransport already started');
    const windows = process.platform === 'win32';
    return new Promise<void>((resolve, reject) => {
      let child: ChildProcess;
      try {
        child = spawn(this.options.command, [...this.options.args], {
          cwd: this.options.cwd,
          env: this.options.env,
          stdio: ['pipe', 'pipe', 'pipe'],
          detached: !windows,
          shell: false,
          windowsHide: true,
        });
      } catch (cause) {
        reject(spawnError(this.options.command, cause));
        return;
      }
      this.child = child;
      let started = false;
      child.once('spawn', () => {
        started = true;
        if (child.pid !== undefined) liveGroups.add(child.pid);
        resolve();
      });
      child.once('error', (cause) => {
        if (!started) {
          this.markExited();
          reject(spawnError(this.options.command, cause));
          return;
        }
        this.onerror?.(cause);
      });
      child.once('exit', (code, signal) => {
        this.exited = { code, signal };
        this.markExited();
        // Whatever it started and left behind in its group goes with it.
        if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
      });
      child.once('close', () => {
        if (child.pid !== undefined) liveGroups.delete(child.pid);
        this.finish();
      });
      child.stdin?.on('error', (error) => this.onerror?.(error));
      child.stdout?.on('error', (error) => this.onerror?.(error));
      child.stdout?.on('data', (chunk: Buffer) => {
        try {
          this.buffer.append(chunk);
        } catch (error) {
          this.onerror?.(error instanceof Error ? error : new Error(String(error)));
          void this.close();
          return;
        }
        this.drain();
      });
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (text: string) => this.options.onStderr?.(text));
      child.stderr?.on('error', () => undefined);
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || this.closed || stdin.destroyed) return Promise.reject(new Error('Not connected'));
    return new Promise<void>((resolve, reject) => {
      const ok = stdin.write(serializeMessage(message), (error) => {
        if (error) reject(error);
      });
      if (ok) resolve();
      else stdin.once('drain', resolve);
    });
  }

  /** Ends stdin, then stops the group: SIGTERM after the grace, SIGKILL after another. Resolves once the process is gone. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.pid === undefined) {
      this.finish();
      return;
    }
    const pid = child.pid;
    const grace = this.options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS;
    if (!this.exited) {
      try {
        child.stdin?.end();
      } catch {
        // already closed
      }
      if (!(await this.exitedWithin(grace))) {
        killGroup(pid, 'SIGTERM');
        if (!(await this.exitedWithin(grace))) {
          killGroup(pid, 'SIGKILL');
          await this.exitedWithin(grace);
        }
      }
    }
    killGroup(pid, 'SIGKILL');
    liveGroups.delete(pid);
    this.finish();
  }

  private exitedWithin(ms: number): Promise<boolean> {
    if (this.exited) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      void this.exitedPromise.then(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private drain(): void {
    for (let i = 0; i < 100_000; i++) {
      let message: JSONRPCMessage | null;
      try {
        message = this.buffer.readMessage();
      } catch (error) {
        // A line that is not a JSON-RPC message (a server printing to stdout): reported, skipped.
        this.onerror?.(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (message === null) return;
      this.onmessage?.(message);
    }
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.buffer.clear();
    this.onclose?.();
  }
}

/** Signals a process group (on Windows, the process tree). Never throws. */
export function killGroup(pid: number, signal: NodeJS.Signals): void {
  if (process.platform === 'win32') {
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => undefined);
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone
  }
}

function spawnError(command: string, cause: unknown): PunieError {
  const code = (cause as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') {
    return new PunieError('tool-failed', `The program "${command}" was not found (or its folder does not exist).`, {
      hint: 'Check the command in mcp.json, or that the program is installed and on the PATH.',
      cause,
    });
  }
  if (code === 'EACCES') return new PunieError('tool-failed', `The program "${command}" cannot be run (permission denied by the system).`, { cause });
  return new PunieError('tool-failed', `The program "${command}" could not be started (${typeof code === 'string' ? code : 'unknown error'}).`, { cause });
}
