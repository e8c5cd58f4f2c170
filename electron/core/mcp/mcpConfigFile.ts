import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomicFile';
import { PunieError } from '../errors';
import { EMPTY_MCP_CONFIG, parseMcpConfig, serializeMcpConfig, type McpConfigDoc } from './mcpConfig';

/**
 * `mcp.json` on disk: Punie's own in its data folder (or the file
 * `--mcp-config` names), a workspace's `.mcp.json`, and the files of other
 * apps an import reads. Reading never throws for a missing file; a file
 * that cannot be used is reported in the document's `problem`. Writes are
 * atomic (a reader never sees half a file) and keep keys Punie does not know.
 */

export const MCP_CONFIG_FILE = 'mcp.json';
export const WORKSPACE_MCP_FILE = '.mcp.json';
/** A bigger file is not read (no real config comes near it). */
const MAX_CONFIG_BYTES = 1_000_000;

export interface McpConfigFile {
  path: string;
  exists: boolean;
  /** The file's text as read ('' when missing). */
  text: string;
  doc: McpConfigDoc;
}

export function userMcpConfigPath(dataDir: string): string {
  return join(dataDir, MCP_CONFIG_FILE);
}

export async function readMcpConfigFile(path: string, signal: AbortSignal): Promise<McpConfigFile> {
  let text: string;
  try {
    const bytes = await readFile(path, { signal });
    if (bytes.length > MAX_CONFIG_BYTES) return { path, exists: true, text: '', doc: { ...EMPTY_MCP_CONFIG, problem: `It is larger than ${MAX_CONFIG_BYTES / 1_000_000} MB.` } };
    text = bytes.toString('utf8');
  } catch (e) {
    if (signal.aborted) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    // No file, or no folder to hold one (a data folder that is not there yet): no servers.
    if (code === 'ENOENT' || code === 'ENOTDIR') return { path, exists: false, text: '', doc: EMPTY_MCP_CONFIG };
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (code ?? 'unreadable');
    return { path, exists: true, text: '', doc: { ...EMPTY_MCP_CONFIG, problem: `It could not be read (${why}).` } };
  }
  return { path, exists: true, text, doc: parseMcpConfig(text) };
}

export async function writeMcpConfigFile(path: string, raw: Record<string, unknown>, signal: AbortSignal): Promise<void> {
  try {
    // Readable by the user only: entries carry tokens (headers, env).
    await writeFileAtomic(path, serializeMcpConfig(raw), signal, { createFolders: true });
  } catch (e) {
    if (signal.aborted) throw e;
    throw new PunieError('internal', `Punie could not save ${path}.`, { hint: 'Check that the folder exists and that you can write to it.', cause: e });
  }
}
