import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { mcpTarget, type McpImportPreview, type McpImportSource } from '../../../shared/mcp';
import { type McpConfigDoc } from './mcpConfig';
import { readMcpConfigFile } from './mcpConfigFile';
import { isRecord } from '../../../shared/isRecord';

/**
 * Importing the servers people already set up in LM Studio or Claude
 * Desktop: where each keeps its file on each OS, and what an import would
 * do with each of its servers (add it, skip it as already there, or leave it
 * because Punie has another server by that name). The entries are copied as
 * they are, keys Punie does not know included.
 */

export interface ImportLocation {
  platform?: NodeJS.Platform;
  env?: Readonly<Record<string, string | undefined>>;
  home?: string;
}

export function importSourcePath(source: McpImportSource, where: ImportLocation = {}): string {
  const platform = where.platform ?? process.platform;
  const env = where.env ?? process.env;
  const home = where.home ?? homedir();
  if (source === 'lmstudio') return join(platform === 'win32' ? (env.USERPROFILE?.trim() || home) : home, '.lmstudio', 'mcp.json');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Claude', 'claude_desktop_config.json');
  if (platform === 'win32') return join(env.APPDATA?.trim() || join(home, 'AppData', 'Roaming'), 'Claude', 'claude_desktop_config.json');
  const xdg = env.XDG_CONFIG_HOME?.trim();
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.config'), 'Claude', 'claude_desktop_config.json');
}

export interface ImportPlan {
  preview: McpImportPreview;
  /** The entries an import adds, by name, exactly as the other app wrote them. */
  entries: Map<string, Record<string, unknown>>;
}

/** Reads the other app's file and compares each server with Punie's own. */
export async function planImport(source: McpImportSource, current: McpConfigDoc, signal: AbortSignal, where: ImportLocation = {}): Promise<ImportPlan> {
  const path = importSourcePath(source, where);
  const file = await readMcpConfigFile(path, signal);
  const entries = new Map<string, Record<string, unknown>>();
  const preview: McpImportPreview = { source, path, found: file.exists, servers: [], ...(file.doc.problem ? { problem: file.doc.problem } : {}) };
  const mine = isRecord(current.raw.mcpServers) ? current.raw.mcpServers : {};
  const rawTheirs = isRecord(file.doc.raw.mcpServers) ? file.doc.raw.mcpServers : {};
  for (const server of file.doc.servers) {
    if (server.entry === undefined) {
      preview.servers.push({ name: server.name, target: '', transport: 'stdio', outcome: 'invalid', note: server.invalid });
      continue;
    }
    const theirs = rawTheirs[server.name];
    const target = mcpTarget(server.entry);
    const transport = server.entry.url === undefined ? 'stdio' : server.entry.type === 'sse' ? 'sse' : 'http';
    if (server.name in mine) {
      const same = JSON.stringify(withoutDisabled(mine[server.name])) === JSON.stringify(withoutDisabled(theirs));
      preview.servers.push({
        name: server.name,
        target,
        transport,
        outcome: same ? 'same' : 'conflict',
        ...(same ? {} : { note: 'Punie already has a server by this name; rename one of them to import it.' }),
      });
      continue;
    }
    if (isRecord(theirs)) entries.set(server.name, theirs);
    preview.servers.push({ name: server.name, target, transport, outcome: 'new' });
  }
  return { preview, entries };
}

function withoutDisabled(entry: unknown): unknown {
  if (!isRecord(entry)) return entry;
  const { disabled: _disabled, ...rest } = entry;
  return rest;
}
