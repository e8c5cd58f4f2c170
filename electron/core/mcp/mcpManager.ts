import { watch, type FSWatcher } from 'node:fs';
import { dirname, join } from 'node:path';
import type { McpView } from '../../../shared/mcp';
import { PunieError } from '../errors';
import type { Logger } from '../log';
import type { Tool } from '../tools/toolTypes';
import { parseMcpConfig, type McpConfigDoc } from './mcpConfig';
import { readMcpConfigFile, userMcpConfigPath, WORKSPACE_MCP_FILE, writeMcpConfigFile } from './mcpConfigFile';
import { createMcpHost, type McpHost, type McpHostOptions } from './mcpHost';
import { loadMcpSources, type McpSources } from './mcpSources';
import { createWorkspaceApprovals, type WorkspaceApprovals } from './workspaceApprovals';

/**
 * The app's MCP servers over its life: the servers of Punie's mcp.json and,
 * once approved, of the current workspace's .mcp.json, started when the app
 * starts and stopped when it quits. It follows the files (an edit by hand
 * restarts only the servers that changed) and the workspace setting, and it
 * makes the edits the settings ask for, each re-reading the file first and
 * writing it back whole, keys Punie does not know included. Main decides
 * whether an edit may happen (it asks the user natively); this only does it.
 */

export interface McpManagerOptions {
  dataDir: string;
  /** The workspace whose .mcp.json is considered (the current one in settings). */
  workspace(): string | undefined;
  baseEnv: McpHostOptions['baseEnv'];
  log: Logger;
  /** Host options for tests (short timeouts, a message tap). */
  host?: Partial<Omit<McpHostOptions, 'baseEnv' | 'log'>>;
  /** Follow the files for edits made outside Punie (default true). */
  watchFiles?: boolean;
  /** How long a run waits for servers still starting (default 30 s, the handshake's own bound). */
  maxToolWaitMs?: number;
}

export interface McpManager {
  /** Reads the files and starts the servers. */
  start(signal: AbortSignal): Promise<void>;
  view(): McpView;
  /** Called (at most once a tick) with every change of state, tools, files or stderr. */
  subscribe(listener: () => void): () => void;
  /** The tools for a run in `workspace`: every connected user server's, and the workspace's own if it is the current one. Waits (bounded) for servers still starting. */
  toolsFor(workspace: string | undefined, signal: AbortSignal): Promise<Tool[]>;
  /** Reads the files again (the workspace setting changed, or a file did); only changed servers restart. */
  reload(signal: AbortSignal): Promise<void>;
  /** Punie's mcp.json as an object to edit (fresh from disk); throws `conflict` when the file is not usable JSON. */
  readConfig(signal: AbortSignal): Promise<McpConfigDoc>;
  /** Writes the whole object as Punie's mcp.json, then reloads. */
  writeConfig(raw: Record<string, unknown>, signal: AbortSignal): Promise<void>;
  /** The file's text, for the JSON view. */
  readText(signal: AbortSignal): Promise<{ path: string; text: string }>;
  restart(name: string): void;
  /** Approves (or withdraws approval of) the current workspace's .mcp.json as it is now. */
  setWorkspaceApproval(approve: boolean, signal: AbortSignal): Promise<void>;
  /** The host itself (tests, the bench). */
  host(): McpHost;
  dispose(): Promise<void>;
}

const WATCH_DEBOUNCE_MS = 250;

export function createMcpManager(options: McpManagerOptions): McpManager {
  const configPath = userMcpConfigPath(options.dataDir);
  const approvals: WorkspaceApprovals = createWorkspaceApprovals(options.dataDir);
  const host = createMcpHost({ baseEnv: options.baseEnv, log: options.log, ...options.host });
  const lifetime = new AbortController();
  const listeners = new Set<() => void>();
  let sources: McpSources | undefined;
  let loadedWorkspace: string | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const watchers: FSWatcher[] = [];
  let watchedWorkspace: string | undefined;
  let debounce: NodeJS.Timeout | undefined;
  let disposed = false;

  const notify = () => {
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch (e) {
        options.log.error('an MCP view listener threw', { error: e instanceof Error ? e.message : String(e) });
      }
    }
  };
  host.subscribe(notify);

  /** One load or edit at a time, in order. */
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  const load = async (signal: AbortSignal) => {
    const workspace = options.workspace();
    // Follow the files before reading them, so an edit made while they are read is not missed.
    follow(workspace);
    const next = await loadMcpSources({ configPath, ...(workspace === undefined ? {} : { workspace }), approvals, signal });
    if (disposed) return;
    sources = next;
    loadedWorkspace = workspace;
    await host.setServers(next.specs, { held: next.held });
    host.start();
    notify();
  };

  const scheduleReload = () => {
    if (disposed) return;
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => {
      debounce = undefined;
      void serial(() => load(lifetime.signal)).catch((e: unknown) => options.log.warn('reloading the MCP config failed', { error: e instanceof Error ? e.message : String(e) }));
    }, WATCH_DEBOUNCE_MS);
    debounce.unref?.();
  };

  /** Watches the data folder (mcp.json) once and the workspace folder (.mcp.json) as it changes. */
  const follow = (workspace: string | undefined) => {
    if (options.watchFiles === false || disposed) return;
    if (watchers.length === 0) addWatcher(dirname(configPath), 'mcp.json');
    if (workspace !== watchedWorkspace) {
      while (watchers.length > 1) watchers.pop()?.close();
      watchedWorkspace = workspace;
      if (workspace !== undefined) addWatcher(workspace, WORKSPACE_MCP_FILE);
    }
  };
  const addWatcher = (folder: string, name: string) => {
    try {
      const watcher = watch(folder, { persistent: false }, (_event, file) => {
        if (file === null || file === name) scheduleReload();
      });
      watcher.on('error', () => undefined);
      watchers.push(watcher);
    } catch (e) {
      // A folder that does not exist yet (a first start): edits made through Punie still reload.
      options.log.debug('not following an MCP config folder', { folder, error: e instanceof Error ? e.message : String(e) });
    }
  };

  const readConfig = async (signal: AbortSignal): Promise<McpConfigDoc> => {
    const file = await readMcpConfigFile(configPath, signal);
    if (file.doc.problem) {
      throw new PunieError('conflict', `Punie's mcp.json cannot be changed here: ${file.doc.problem}`, { hint: 'Fix it in the JSON view (or in an editor) first.' });
    }
    return file.doc;
  };

  return {
    start: (signal) => serial(() => load(signal)),

    view() {
      const workspaceFile = sources?.workspace;
      return {
        configPath,
        ...(sources?.user.doc.problem ? { problem: sources.user.doc.problem } : {}),
        servers: host.statuses(),
        ...(workspaceFile && loadedWorkspace !== undefined
          ? {
              workspace: {
                folder: loadedWorkspace,
                file: workspaceFile.file.path,
                approved: workspaceFile.approved,
                servers: workspaceFile.file.doc.servers.map((s) => ({ name: s.name, target: s.entry ? (s.entry.url ?? [s.entry.command, ...(s.entry.args ?? [])].join(' ')) : `(cannot be used: ${s.invalid})` })),
                ...(workspaceFile.file.doc.problem ? { problem: workspaceFile.file.doc.problem } : {}),
              },
            }
          : {}),
      };
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async toolsFor(workspace, signal) {
      await host.ready(AbortSignal.any([signal, AbortSignal.timeout(options.maxToolWaitMs ?? 30_000)]));
      signal.throwIfAborted();
      const sameWorkspace = workspace !== undefined && workspace === loadedWorkspace;
      return host.tools().filter((tool) => {
        const source = tool.mcp ? host.server(tool.mcp.server)?.spec.source : undefined;
        return source !== 'workspace' || sameWorkspace;
      });
    },

    reload: (signal) => serial(() => load(signal)),

    readConfig,

    writeConfig: (raw, signal) =>
      serial(async () => {
        await writeMcpConfigFile(configPath, raw, signal);
        await load(signal);
      }),

    async readText(signal) {
      const file = await readMcpConfigFile(configPath, signal);
      return { path: configPath, text: file.exists ? file.text : '{\n  "mcpServers": {}\n}\n' };
    },

    restart(name) {
      const server = host.server(name);
      if (!server) throw new PunieError('not-found', `There is no MCP server named "${name}".`);
      server.retry();
    },

    setWorkspaceApproval: (approve, signal) =>
      serial(async () => {
        const workspace = options.workspace();
        if (workspace === undefined) throw new PunieError('not-found', 'No workspace is open.');
        const file = await readMcpConfigFile(join(workspace, WORKSPACE_MCP_FILE), signal);
        if (!file.exists) throw new PunieError('not-found', `There is no ${WORKSPACE_MCP_FILE} in ${workspace}.`);
        if (approve) await approvals.approve(workspace, file.text, signal);
        else await approvals.revoke(workspace, signal);
        await load(signal);
      }),

    host: () => host,

    async dispose() {
      if (disposed) return;
      disposed = true;
      lifetime.abort();
      if (debounce) clearTimeout(debounce);
      for (const watcher of watchers.splice(0)) watcher.close();
      listeners.clear();
      await host.stop();
    },
  };
}

/** Parses text for the JSON view: the object to write, or `invalid-input` saying what is wrong. */
export function parseConfigText(text: string): Record<string, unknown> {
  const doc = parseMcpConfig(text);
  if (doc.problem) throw new PunieError('invalid-input', `The JSON cannot be saved: ${doc.problem}`);
  const invalid = doc.servers.filter((s) => s.invalid !== undefined);
  if (invalid.length > 0) throw new PunieError('invalid-input', `The JSON cannot be saved: "${invalid[0]!.name}": ${invalid[0]!.invalid}`);
  return doc.raw;
}
