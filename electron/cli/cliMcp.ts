import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { McpServerStatus } from '../../shared/mcp';
import { PunieError } from '../core/errors';
import type { McpHost } from '../core/mcp/mcpHost';
import { userMcpConfigPath, WORKSPACE_MCP_FILE } from '../core/mcp/mcpConfigFile';
import { loadMcpSources, type McpSources } from '../core/mcp/mcpSources';
import type { RestartPolicy } from '../core/mcp/mcpServer';
import { serverPrefix } from '../core/mcp/toolNames';
import { createWorkspaceApprovals } from '../core/mcp/workspaceApprovals';
import { childEnv } from '../core/process/childEnv';
import { resolveDataDir } from '../core/store/dataDir';
import type { Tool } from '../core/tools/toolTypes';
import type { CliOutput } from './cliContext';

/**
 * The MCP servers of one CLI command: read from Punie's mcp.json (or the
 * file `--mcp-config` names) and the workspace's `.mcp.json` (only once the
 * user approved that file), started on the command's first need, each in
 * its own process group, and stopped before the command returns. The SDK is
 * loaded only when there is a server to run, so a command without servers
 * pays nothing for MCP.
 */

export interface CliMcpOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** `--mcp-config FILE`, resolved against the current folder; default the data folder's mcp.json. */
  configFile?: string;
  /** The workspace whose .mcp.json is considered. */
  workspace?: string;
  stderr: CliOutput;
  signal: AbortSignal;
  /** `mcp list` reports a server that fails at start at once, without restarting it. */
  restart?: Partial<RestartPolicy>;
  initTimeoutMs?: number;
}

export interface CliMcp {
  sources: McpSources;
  /** Starts the servers (once) and answers their tools when none is mid-handshake; stderr says which failed. */
  tools(signal: AbortSignal): Promise<Tool[]>;
  /** Starts the servers (once) and answers every server's state when none is mid-handshake. */
  statuses(signal: AbortSignal): Promise<McpServerStatus[]>;
  /** Server names, and the prefixes of their tools' names (for --allow). */
  knows(name: string): boolean;
  /** Stops every server; resolves once their processes are gone. */
  close(): Promise<void>;
}

/** `--mcp-config FILE` checked: it must exist (a typo must not silently mean no servers). */
export function mcpConfigPath(value: string | undefined, cwd: string, env: Readonly<Record<string, string | undefined>>): string {
  if (value === undefined) return userMcpConfigPath(resolveDataDir({ env }));
  const path = resolve(cwd, value);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new PunieError('invalid-input', `--mcp-config: "${path}" is not a file.`, { hint: 'Give the path of an mcp.json, like the ones LM Studio and Claude Desktop use.' });
  }
  return path;
}

export async function openCliMcp(options: CliMcpOptions): Promise<CliMcp> {
  const configPath = options.configFile ?? userMcpConfigPath(resolveDataDir({ env: options.env }));
  const sources = await loadMcpSources({
    configPath,
    ...(options.workspace === undefined ? {} : { workspace: options.workspace }),
    approvals: createWorkspaceApprovals(resolveDataDir({ env: options.env })),
    signal: options.signal,
  });
  if (options.configFile !== undefined && sources.user.doc.problem) {
    throw new PunieError('invalid-input', `--mcp-config: ${configPath}: ${sources.user.doc.problem}`);
  }
  for (const problem of sources.problems) options.stderr.write(`punie: MCP config ${problem}\n`);

  let host: McpHost | undefined;
  let starting: Promise<McpHost> | undefined;
  let reported = false;
  const start = (): Promise<McpHost> => {
    starting ??= (async () => {
      const { createMcpHost } = await import('../core/mcp/mcpHost');
      const { createLogger } = await import('../core/log');
      const made = createMcpHost({
        baseEnv: () => childEnv({ base: options.env }),
        log: createLogger('mcp'),
        ...(options.restart ? { restart: options.restart } : {}),
        ...(options.initTimeoutMs === undefined ? {} : { initTimeoutMs: options.initTimeoutMs }),
      });
      host = made;
      await made.setServers(sources.specs, { held: sources.held });
      made.start();
      return made;
    })();
    return starting;
  };
  const settled = async (signal: AbortSignal) => {
    const made = await start();
    await made.ready(signal);
    return made;
  };

  const serverNames = sources.specs.map((s) => s.name);
  return {
    sources,
    async tools(signal) {
      if (!sources.specs.some((spec) => runnable(spec, sources.held))) {
        reportHeld(sources, options.stderr, reported);
        reported = true;
        return [];
      }
      const made = await settled(signal);
      if (!reported) {
        reported = true;
        reportHeld(sources, options.stderr, false);
        for (const status of made.statuses()) {
          if (status.state === 'failed' || status.state === 'restarting') {
            options.stderr.write(`punie: MCP server "${status.name}" is not available: ${status.error ?? status.state}\n  Run \`punie mcp list\` for details.\n`);
          }
        }
      }
      return made.tools();
    },
    async statuses(signal) {
      return (await settled(signal)).statuses();
    },
    knows(name) {
      if (serverNames.includes(name)) return true;
      const at = name.indexOf('__');
      return at > 0 && serverNames.some((server) => serverPrefix(server) === name.slice(0, at));
    },
    async close() {
      const made = host ?? (starting ? await starting.catch(() => undefined) : undefined);
      await made?.stop();
    },
  };
}

function runnable(spec: McpSources['specs'][number], held: ReadonlySet<string>): boolean {
  return spec.invalid === undefined && !spec.disabled && !held.has(spec.name);
}

function reportHeld(sources: McpSources, stderr: CliOutput, already: boolean): void {
  if (already || sources.held.size === 0 || !sources.workspace) return;
  const names = [...sources.held].join(', ');
  stderr.write(
    `punie: this workspace's ${WORKSPACE_MCP_FILE} names MCP servers (${names}); they do not run until you approve the file: punie mcp approve\n`,
  );
}
