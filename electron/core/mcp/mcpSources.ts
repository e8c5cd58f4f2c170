import { homedir } from 'node:os';
import { join } from 'node:path';
import type { McpConfigFile } from './mcpConfigFile';
import { readMcpConfigFile, WORKSPACE_MCP_FILE } from './mcpConfigFile';
import { specOf, type McpServerSpec } from './mcpServerSpec';
import type { WorkspaceApprovals } from './workspaceApprovals';

/**
 * The servers a face runs: those of Punie's mcp.json (or the file
 * `--mcp-config` names), then those of the workspace's `.mcp.json`, which
 * are held (listed as needing approval, never started) until the user
 * approves that file. A workspace server whose name the user's file already
 * uses is not run (the user's own entry wins).
 */

export interface McpSourcesInput {
  /** Punie's mcp.json, or the file --mcp-config names. */
  configPath: string;
  /** The workspace whose .mcp.json is considered; undefined: none. */
  workspace?: string;
  approvals: WorkspaceApprovals;
  signal: AbortSignal;
  /** Where a user server without `cwd` runs (default the home folder). */
  homeDir?: string;
}

export interface McpSources {
  specs: McpServerSpec[];
  /** Names of workspace servers waiting for the file's approval. */
  held: Set<string>;
  user: McpConfigFile;
  workspace?: { file: McpConfigFile; approved: boolean };
  /** Whole files that could not be used, for a notice: "<path>: It is not valid JSON (…)". */
  problems: string[];
}

export async function loadMcpSources(input: McpSourcesInput): Promise<McpSources> {
  const user = await readMcpConfigFile(input.configPath, input.signal);
  const problems: string[] = [];
  if (user.doc.problem) problems.push(`${user.path}: ${user.doc.problem}`);
  const specs = user.doc.servers.map((s) => specOf(s, { source: 'user', baseDir: input.homeDir ?? homedir() }));
  const held = new Set<string>();
  if (input.workspace === undefined) return { specs, held, user, problems };

  const file = await readMcpConfigFile(join(input.workspace, WORKSPACE_MCP_FILE), input.signal);
  if (!file.exists) return { specs, held, user, problems };
  if (file.doc.problem) problems.push(`${file.path}: ${file.doc.problem}`);
  const approved = file.doc.servers.length > 0 && (await input.approvals.isApproved(input.workspace, file.text, input.signal));
  const taken = new Set(specs.map((s) => s.name));
  for (const server of file.doc.servers) {
    const spec = specOf(server, { source: 'workspace', baseDir: input.workspace });
    if (taken.has(spec.name)) {
      problems.push(`${file.path}: Punie's own mcp.json already has a server named "${spec.name}", so this file's entry is not used.`);
      continue;
    }
    taken.add(spec.name);
    if (!approved) held.add(spec.name);
    specs.push(spec);
  }
  return { specs, held, user, workspace: { file, approved }, problems };
}
