import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Writable } from 'node:stream';
import {
  client,
  ndJsonStream,
  type ClientCapabilities,
  type ClientConnection,
  type RequestPermissionRequest,
  type RequestPermissionResponse,
  type SessionNotification,
  type SessionUpdate,
} from '@agentclientprotocol/sdk';
import { PUNIE_BIN } from '../cli/spawnPunie';

/**
 * Test helper: a real ACP client, built with the SDK's client-side app, that
 * spawns the built `punie acp` (bin/punie.js) and talks to it over its
 * stdin and stdout as an editor does. It records every `session/update`,
 * answers permission requests as the test says, and, when the test offers
 * them, serves the file system (an in-memory map of editor buffers over
 * the disk) and a terminal (real child processes), recording each call.
 */

export type PermissionAnswer = 'allow-once' | 'allow-session' | 'reject' | 'cancelled' | 'never';

export interface EditorOffers {
  fs?: boolean;
  terminal?: boolean;
}

export interface RecordedCall {
  method: string;
  params: unknown;
}

export interface AcpHarness {
  child: ChildProcess;
  connection: ClientConnection;
  /** Every session/update, in arrival order. */
  updates: SessionNotification[];
  permissionRequests: RequestPermissionRequest[];
  /** fs/* and terminal/* calls the agent made. */
  calls: RecordedCall[];
  /** Editor buffers (absolute path → unsaved text) the fs capability serves before the disk. */
  buffers: Map<string, string>;
  /** How the next permission requests are answered (default: reject). */
  answer: PermissionAnswer;
  stderr(): string;
  /** Updates of one session, as the SessionUpdate values. */
  updatesOf(sessionId: string): SessionUpdate[];
  /** Closes stdin and waits for the process to exit; its exit code. */
  close(): Promise<number | null>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface SpawnAcpOptions {
  env: Record<string, string>;
  args?: string[];
  offers?: EditorOffers;
  /** Called on every update as it arrives (after it is recorded). */
  onUpdate?(n: SessionNotification): void;
  timeoutMs?: number;
}

export function spawnAcp(options: SpawnAcpOptions): AcpHarness {
  const child = spawn(process.execPath, [PUNIE_BIN, 'acp', ...(options.args ?? [])], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });

  const updates: SessionNotification[] = [];
  const permissionRequests: RequestPermissionRequest[] = [];
  const calls: RecordedCall[] = [];
  const buffers = new Map<string, string>();
  const terminals = new Map<string, { child: ChildProcess; output: string; exit: Promise<{ exitCode: number | null; signal: string | null }> }>();
  let terminalSerial = 0;

  const harness = {} as AcpHarness;
  const record = (method: string, params: unknown) => calls.push({ method, params });

  let app = client({ name: 'punie-test-editor' })
    .onNotification('session/update', ({ params }) => {
      updates.push(params);
      options.onUpdate?.(params);
    })
    .onRequest('session/request_permission', async ({ params, signal }): Promise<RequestPermissionResponse> => {
      permissionRequests.push(params);
      const answer = harness.answer;
      if (answer === 'never') {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        return { outcome: { outcome: 'cancelled' } };
      }
      if (answer === 'cancelled') return { outcome: { outcome: 'cancelled' } };
      return { outcome: { outcome: 'selected', optionId: answer } };
    });
  if (options.offers?.fs) {
    app = app
      .onRequest('fs/read_text_file', async ({ params }) => {
        record('fs/read_text_file', params);
        return { content: buffers.get(params.path) ?? (await readFile(params.path, 'utf8')) };
      })
      .onRequest('fs/write_text_file', async ({ params }) => {
        record('fs/write_text_file', params);
        buffers.delete(params.path);
        await mkdir(dirname(params.path), { recursive: true });
        await writeFile(params.path, params.content);
        return {};
      });
  }
  if (options.offers?.terminal) {
    app = app
      .onRequest('terminal/create', async ({ params }) => {
        record('terminal/create', params);
        const id = `term-${++terminalSerial}`;
        const env = Object.fromEntries((params.env ?? []).map((v) => [v.name, v.value]));
        const proc = spawn(params.command, params.args ?? [], { cwd: params.cwd ?? undefined, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
        const entry = { child: proc, output: '', exit: new Promise<{ exitCode: number | null; signal: string | null }>((resolve) => proc.on('close', (exitCode, signal) => resolve({ exitCode, signal }))) };
        proc.stdout!.setEncoding('utf8').on('data', (d: string) => (entry.output += d));
        proc.stderr!.setEncoding('utf8').on('data', (d: string) => (entry.output += d));
        proc.on('error', (e) => (entry.output += String(e)));
        terminals.set(id, entry);
        return { terminalId: id };
      })
      .onRequest('terminal/output', async ({ params }) => {
        record('terminal/output', params);
        const t = terminals.get(params.terminalId);
        const done = t && t.child.exitCode !== null ? await t.exit : undefined;
        return { output: t?.output ?? '', truncated: false, ...(done ? { exitStatus: done } : {}) };
      })
      .onRequest('terminal/wait_for_exit', async ({ params }) => {
        record('terminal/wait_for_exit', params);
        return (await terminals.get(params.terminalId)?.exit) ?? { exitCode: null, signal: null };
      })
      .onRequest('terminal/kill', async ({ params }) => {
        record('terminal/kill', params);
        terminals.get(params.terminalId)?.child.kill('SIGKILL');
        return {};
      })
      .onRequest('terminal/release', async ({ params }) => {
        record('terminal/release', params);
        terminals.get(params.terminalId)?.child.kill('SIGKILL');
        terminals.delete(params.terminalId);
        return {};
      });
  }

  const stream = ndJsonStream(Writable.toWeb(child.stdin!) as WritableStream<Uint8Array>, Readable.toWeb(child.stdout!) as ReadableStream<Uint8Array>);
  const connection = app.connect(stream);

  Object.assign(harness, {
    child,
    connection,
    updates,
    permissionRequests,
    calls,
    buffers,
    answer: 'reject' as PermissionAnswer,
    stderr: () => stderr,
    updatesOf: (sessionId: string) => updates.filter((u) => u.sessionId === sessionId).map((u) => u.update),
    exited,
    async close() {
      child.stdin!.end();
      const { code } = await exited;
      connection.close();
      return code;
    },
  });
  return harness;
}

/** The capabilities an editor sends in initialize for the given offers. */
export function clientCapabilities(offers: EditorOffers = {}): ClientCapabilities {
  return { fs: { readTextFile: offers.fs === true, writeTextFile: offers.fs === true }, terminal: offers.terminal === true };
}

/** The text of every agent_message_chunk, joined. */
export function answerText(updates: readonly SessionUpdate[]): string {
  return updates.map((u) => (u.sessionUpdate === 'agent_message_chunk' && u.content.type === 'text' ? u.content.text : '')).join('');
}
