import type { Tool as McpToolDef } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerStatus } from '../../../shared/mcp';
import type { Tool } from '../tools/toolTypes';
import type { MessageTap } from './connectServer';
import { McpServer, type McpServerDeps, type RestartPolicy } from './mcpServer';
import { sameLaunch, type McpServerSpec } from './mcpServerSpec';
import { mcpTool } from './mcpTool';
import type { Env } from './serverEnv';
import { assignToolNames } from './toolNames';
import type { Logger } from '../log';

/**
 * A set of MCP servers and their tools: what the app runs (the servers of
 * Punie's mcp.json and of an approved workspace .mcp.json), what one CLI run
 * starts, and what an editor's ACP session connects for that session only.
 *
 *   const host = createMcpHost({ baseEnv: () => childEnv(), log });
 *   host.setServers(specs);          // specOf(...) from a file, or built directly
 *   host.start();                    // each server starts in its own process group
 *   await host.ready(signal);        // no server mid-handshake (bounded by the handshake timeout)
 *   const tools = host.tools();      // Tool[] for createToolRegistry([...builtIns, ...tools])
 *   host.subscribe(() => …);         // states, tools (tools/list_changed) or stderr changed
 *   await host.stop();               // every process group ended
 *
 * Tool names are SERVER__TOOL (toolNames.ts), unique across the set.
 */

export interface McpHostOptions {
  /** The environment PATH and HOME are taken from (Punie's environment for its child processes). */
  baseEnv(): Promise<Env>;
  log: Logger;
  clientInfo?: { name: string; version: string };
  initTimeoutMs?: number;
  restart?: Partial<RestartPolicy>;
  closeGraceMs?: number;
  /** Sees every message to and from every server (tests, the bench). */
  tap?: MessageTap;
}

export interface McpHost {
  /** Replaces the set: servers whose launch did not change keep running; the others stop, and new ones are created (not started). */
  setServers(specs: readonly McpServerSpec[], options?: { held?: ReadonlySet<string> }): Promise<void>;
  /** Starts every server not started yet (disabled, invalid and held ones stay as they are). */
  start(): void;
  /** Resolves once no server is in a connection attempt (each connected, failed, or waiting to restart), or the signal aborts. */
  ready(signal: AbortSignal): Promise<void>;
  /** The tools of the connected servers, named for the model. */
  tools(): Tool[];
  statuses(): McpServerStatus[];
  server(name: string): McpServer | undefined;
  /** Called (at most once a tick) after any change of state, tools or stderr. */
  subscribe(listener: () => void): () => void;
  /** Stops every server; resolves once every process group has ended. */
  stop(): Promise<void>;
}

export const PUNIE_CLIENT_INFO = { name: 'punie', version: '0.1.0' };

export function createMcpHost(options: McpHostOptions): McpHost {
  let servers: McpServer[] = [];
  const listeners = new Set<() => void>();
  let notifyQueued = false;
  let stopped = false;
  const toolCache = new WeakMap<McpServer, { defs: readonly McpToolDef[]; names: ReadonlyMap<string, string>; tools: Tool[] }>();

  const notify = () => {
    if (notifyQueued) return;
    notifyQueued = true;
    queueMicrotask(() => {
      notifyQueued = false;
      for (const listener of [...listeners]) {
        try {
          listener();
        } catch (e) {
          options.log.error('an MCP listener threw', { error: e instanceof Error ? e.message : String(e) });
        }
      }
    });
  };

  const deps = (name: string): McpServerDeps => ({
    baseEnv: options.baseEnv,
    clientInfo: options.clientInfo ?? PUNIE_CLIENT_INFO,
    log: options.log.child(name),
    onChange: notify,
    ...(options.initTimeoutMs === undefined ? {} : { initTimeoutMs: options.initTimeoutMs }),
    ...(options.restart === undefined ? {} : { restart: options.restart }),
    ...(options.closeGraceMs === undefined ? {} : { closeGraceMs: options.closeGraceMs }),
    ...(options.tap === undefined ? {} : { tap: options.tap }),
  });

  const names = () =>
    assignToolNames(servers.map((s) => ({ server: s.spec.name, tools: s.toolDefs().map((t) => t.name) })));

  return {
    async setServers(specs, setOptions = {}) {
      if (stopped) return;
      const next: McpServer[] = [];
      const keep = new Set<McpServer>();
      for (const spec of specs) {
        const held = setOptions.held?.has(spec.name) === true;
        const old = servers.find((s) => s.spec.name === spec.name && !keep.has(s));
        const oldHeld = old?.currentState === 'needs-approval';
        if (old && sameLaunch(old.spec, spec) && oldHeld === held) {
          keep.add(old);
          next.push(old);
        } else {
          next.push(new McpServer(spec, deps(spec.name), held ? { hold: 'needs-approval' } : {}));
        }
      }
      const gone = servers.filter((s) => !keep.has(s));
      servers = next;
      notify();
      await Promise.all(gone.map((s) => s.stop()));
    },

    start() {
      if (stopped) return;
      for (const server of servers) server.start();
    },

    async ready(signal) {
      await Promise.all(servers.map((s) => s.settled(signal)));
    },

    tools() {
      const assigned = names();
      const tools: Tool[] = [];
      for (const server of servers) {
        const defs = server.toolDefs();
        const serverNames = assigned.get(server.spec.name) ?? new Map<string, string>();
        let cached = toolCache.get(server);
        if (!cached || cached.defs !== defs || !sameNames(cached.names, serverNames)) {
          cached = { defs, names: serverNames, tools: defs.map((def) => mcpTool(server, def, serverNames.get(def.name) ?? def.name)) };
          toolCache.set(server, cached);
        }
        tools.push(...cached.tools);
      }
      return tools;
    },

    statuses() {
      const assigned = names();
      return servers.map((s) => s.status(assigned.get(s.spec.name) ?? new Map()));
    },

    server: (name) => servers.find((s) => s.spec.name === name),

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async stop() {
      stopped = true;
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}

function sameNames(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
