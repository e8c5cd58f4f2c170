import type { McpServer as AcpMcpServer } from '@agentclientprotocol/sdk';
import { createLogger } from '../core/log';
import { loadMcpSources } from '../core/mcp/mcpSources';
import { sessionServerSpec, type McpServerSpec, type SessionServer } from '../core/mcp/mcpServerSpec';
import { createWorkspaceApprovals } from '../core/mcp/workspaceApprovals';
import { childEnv } from '../core/process/childEnv';
import type { Tool } from '../core/tools/toolTypes';

/**
 * The MCP servers of one ACP session: Punie's own (its mcp.json, or the file
 * `--mcp-config` names, and the workspace's `.mcp.json` once approved), and
 * the servers the editor passed in `session/new` or `session/load`, for
 * this session only (an editor's server of the same name replaces Punie's).
 * They start with the session's first prompt, each in its own process
 * group, and stop when the session closes or the connection ends.
 */

const log = createLogger('acp:mcp');

export interface SessionMcpOptions {
  /** Punie's mcp.json (or --mcp-config); undefined with --no-mcp: only the editor's servers. */
  configPath?: string;
  dataDir: string;
  workspace: string;
  editorServers: readonly AcpMcpServer[];
  env: Readonly<Record<string, string | undefined>>;
  /** One line for the person watching stderr. */
  notice(line: string): void;
  signal: AbortSignal;
}

export interface SessionMcp {
  /** The connected servers' tools, once none is mid-handshake (a run asks as it starts). */
  tools(signal: AbortSignal): Promise<Tool[]>;
  /** Stops every server; resolves once their processes are gone. */
  close(): Promise<void>;
}

/** The editor's description of a server as Punie's; stdio servers run in the session's folder. */
export function editorServer(server: AcpMcpServer, workspace: string): SessionServer {
  if ('url' in server) {
    return { name: server.name, url: server.url, headers: Object.fromEntries(server.headers.map((h) => [h.name, h.value])), transport: server.type };
  }
  return { name: server.name, command: server.command, args: server.args, env: Object.fromEntries(server.env.map((v) => [v.name, v.value])), cwd: workspace };
}

/** Undefined when there is no server to run for the session. */
export async function openSessionMcp(options: SessionMcpOptions): Promise<SessionMcp | undefined> {
  const editor = options.editorServers.map((s) => sessionServerSpec(editorServer(s, options.workspace)));
  let own: McpServerSpec[] = [];
  let held = new Set<string>();
  if (options.configPath !== undefined) {
    const sources = await loadMcpSources({
      configPath: options.configPath,
      workspace: options.workspace,
      approvals: createWorkspaceApprovals(options.dataDir),
      signal: options.signal,
    });
    for (const problem of sources.problems) options.notice(`punie acp: MCP config ${problem}`);
    own = sources.specs.filter((s) => !editor.some((e) => e.name === s.name));
    held = sources.held;
  }
  const specs = [...own, ...editor];
  if (!specs.some((s) => s.invalid === undefined && !s.disabled && !held.has(s.name))) return undefined;

  // The MCP SDK is loaded only when a session has a server to run.
  const { createMcpHost } = await import('../core/mcp/mcpHost');
  const host = createMcpHost({ baseEnv: () => childEnv({ base: options.env }), log });
  await host.setServers(specs, { held });
  host.start();
  let reported = false;
  return {
    async tools(signal) {
      await host.ready(signal);
      if (!reported) {
        reported = true;
        for (const status of host.statuses()) {
          if (status.state === 'failed' || status.state === 'restarting') {
            options.notice(`punie acp: MCP server "${status.name}" is not available: ${status.error ?? status.state}`);
          }
        }
      }
      return host.tools();
    },
    close: () => host.stop(),
  };
}
