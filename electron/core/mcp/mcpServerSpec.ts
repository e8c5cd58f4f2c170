import { isAbsolute, resolve } from 'node:path';
import { mcpTarget, type McpServerEntry, type McpSource } from '../../../shared/mcp';
import type { ParsedServer } from './mcpConfig';

/**
 * A server ready to start: how to reach it (a program to run, or a URL),
 * what it is called, where it came from, and its per-call timeout. Built
 * from a file's entry, or directly (an editor's session/new list).
 */

export type McpLaunch =
  | {
      kind: 'stdio';
      command: string;
      args: string[];
      /** The entry's own variables (PATH and HOME are added when it starts, see serverEnv.ts). */
      env: Record<string, string>;
      /** Absolute; relative entries are resolved against the file's base folder. */
      cwd: string;
    }
  | {
      /** `http`: Streamable HTTP only; `sse`: the older HTTP+SSE only; `auto`: Streamable HTTP, then HTTP+SSE if the server refuses it. */
      kind: 'http' | 'sse' | 'auto';
      url: string;
      headers: Record<string, string>;
    };

export interface McpServerSpec {
  name: string;
  source: McpSource;
  launch: McpLaunch;
  disabled: boolean;
  /** Per-call timeout. */
  timeoutMs: number;
  /** The command line or URL, for people. */
  target: string;
  /** Set when the entry could not be used: the server is listed as failed with this reason. */
  invalid?: string;
}

export const DEFAULT_CALL_TIMEOUT_MS = 120_000;

export interface SpecContext {
  source: McpSource;
  /** Relative `cwd` entries are resolved here, and a server without `cwd` runs here. */
  baseDir: string;
  defaultTimeoutMs?: number;
}

export function specOf(server: ParsedServer, ctx: SpecContext): McpServerSpec {
  const timeoutDefault = ctx.defaultTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  if (server.invalid !== undefined) {
    return {
      name: server.name,
      source: ctx.source,
      launch: { kind: 'stdio', command: '', args: [], env: {}, cwd: ctx.baseDir },
      disabled: false,
      timeoutMs: timeoutDefault,
      target: '',
      invalid: `The entry for "${server.name}" cannot be used: ${server.invalid}`,
    };
  }
  const entry = server.entry;
  return {
    name: server.name,
    source: ctx.source,
    launch: launchOf(entry, ctx.baseDir),
    disabled: entry.disabled === true,
    timeoutMs: entry.timeoutSeconds === undefined ? timeoutDefault : Math.round(entry.timeoutSeconds * 1000),
    target: mcpTarget(entry),
  };
}

function launchOf(entry: McpServerEntry, baseDir: string): McpLaunch {
  if (entry.url !== undefined) {
    const kind = entry.type === 'sse' ? 'sse' : entry.type === undefined ? 'auto' : 'http';
    return { kind, url: entry.url, headers: { ...entry.headers } };
  }
  const cwd = entry.cwd === undefined || entry.cwd.trim() === '' ? baseDir : isAbsolute(entry.cwd) ? entry.cwd : resolve(baseDir, entry.cwd);
  return { kind: 'stdio', command: entry.command ?? '', args: [...(entry.args ?? [])], env: { ...entry.env }, cwd };
}

/** Whether two specs start the same server (a reload restarts only what changed). */
export function sameLaunch(a: McpServerSpec, b: McpServerSpec): boolean {
  return a.source === b.source && a.disabled === b.disabled && a.timeoutMs === b.timeoutMs && a.invalid === b.invalid && JSON.stringify(a.launch) === JSON.stringify(b.launch);
}

/** A server an editor passes for one session (ACP `session/new`): a program, or a URL. */
export type SessionServer =
  | { name: string; command: string; args?: readonly string[]; env?: Readonly<Record<string, string>>; cwd: string }
  | { name: string; url: string; headers?: Readonly<Record<string, string>>; transport?: 'http' | 'sse' };

/** The spec of a server an editor passed for one session (source `session`). */
export function sessionServerSpec(server: SessionServer, timeoutMs = DEFAULT_CALL_TIMEOUT_MS): McpServerSpec {
  if ('url' in server) {
    return {
      name: server.name,
      source: 'session',
      launch: { kind: server.transport ?? 'auto', url: server.url, headers: { ...server.headers } },
      disabled: false,
      timeoutMs,
      target: server.url,
    };
  }
  return {
    name: server.name,
    source: 'session',
    launch: { kind: 'stdio', command: server.command, args: [...(server.args ?? [])], env: { ...server.env }, cwd: server.cwd },
    disabled: false,
    timeoutMs,
    target: mcpTarget({ command: server.command, args: [...(server.args ?? [])] }),
  };
}
