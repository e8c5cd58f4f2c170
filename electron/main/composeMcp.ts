import type { McpHostOptions } from '../core/mcp/mcpHost';
import { planImport, type ImportLocation } from '../core/mcp/importSources';
import { readMcpConfigFile, userMcpConfigPath } from '../core/mcp/mcpConfigFile';
import { createMcpManager, type McpManager } from '../core/mcp/mcpManager';
import { childEnv } from '../core/process/childEnv';
import type { Logger } from '../core/log';
import type { McpPort, SettingsPort } from './services';

/**
 * The app's MCP servers for the composition root: the manager over Punie's
 * mcp.json and the current workspace's approved .mcp.json, started in the
 * background when the app starts (a window never waits for a server), and
 * reloaded when the workspace setting changes. Servers get PATH and HOME
 * from the environment Punie gives every child process (childEnv: no keys).
 */

export interface McpOptions {
  /** Host options for tests (short handshake timeouts, a message tap). */
  host?: Partial<Omit<McpHostOptions, 'baseEnv' | 'log'>>;
  /** Where the other apps' files are looked for (tests give a temp home). */
  importFrom?: ImportLocation;
  /** Follow mcp.json and .mcp.json for edits made outside Punie (default true). */
  watchFiles?: boolean;
}

export interface ComposedMcp {
  port: McpPort;
  manager: McpManager;
  dispose(): Promise<void>;
}

export function composeMcp(deps: { dataDir: string; settings: SettingsPort; env: Readonly<Record<string, string | undefined>>; signal: AbortSignal; log: Logger; options?: McpOptions }): ComposedMcp {
  const manager = createMcpManager({
    dataDir: deps.dataDir,
    workspace: () => deps.settings.get().workspace,
    baseEnv: () => childEnv({ base: deps.env, pass: deps.settings.get().passEnv }),
    log: deps.log,
    ...(deps.options?.host ? { host: deps.options.host } : {}),
    ...(deps.options?.watchFiles === undefined ? {} : { watchFiles: deps.options.watchFiles }),
  });
  void manager.start(deps.signal).catch((e: unknown) => deps.log.warn('the MCP servers could not be started', { error: e instanceof Error ? e.message : String(e) }));

  let workspace = deps.settings.get().workspace;
  const stopFollowing = deps.settings.subscribe((settings) => {
    if (settings.workspace === workspace) return;
    workspace = settings.workspace;
    void manager.reload(deps.signal).catch((e: unknown) => deps.log.warn('the MCP servers could not follow the workspace', { error: e instanceof Error ? e.message : String(e) }));
  });

  const port: McpPort = {
    view: () => manager.view(),
    subscribe: (listener) => manager.subscribe(listener),
    readConfig: (signal) => manager.readConfig(signal),
    writeConfig: (raw, signal) => manager.writeConfig(raw, signal),
    readText: (signal) => manager.readText(signal),
    restart: (name) => manager.restart(name),
    setWorkspaceApproval: (approve, signal) => manager.setWorkspaceApproval(approve, signal),
    async planImport(source, signal) {
      const current = await readMcpConfigFile(userMcpConfigPath(deps.dataDir), signal);
      return planImport(source, current.doc, signal, { env: deps.env, ...deps.options?.importFrom });
    },
  };

  return {
    port,
    manager,
    async dispose() {
      stopFollowing();
      await manager.dispose();
    },
  };
}
