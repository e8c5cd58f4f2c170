import { z } from 'zod';
import { mcpServerEntrySchema, mcpServerNameSchema, type McpServerEntry } from '../../../shared/mcp';
import { PunieError } from '../errors';
import { isRecord } from '../../../shared/isRecord';

/**
 * The text of an `mcp.json` (Punie's, a workspace's `.mcp.json`, LM Studio's
 * or Claude Desktop's) as a document: the whole parsed object, kept as is so
 * a rewrite loses nothing Punie does not know (other apps' keys, comments
 * aside), and its servers in file order, each valid or with the reason it is
 * not. Edits return a new object and never touch keys they do not own.
 */

export interface McpConfigDoc {
  /** The file's object as parsed, unknown keys included; `{}` for a missing or unreadable file. */
  raw: Record<string, unknown>;
  servers: ParsedServer[];
  /** Why the file as a whole could not be used (not JSON, `mcpServers` not an object). */
  problem?: string;
}

export type ParsedServer = { name: string; entry: McpServerEntry; invalid?: undefined } | { name: string; entry?: undefined; invalid: string };

export const EMPTY_MCP_CONFIG: McpConfigDoc = { raw: {}, servers: [] };

/** The most servers one file may name; more are listed as invalid. */
export const MAX_SERVERS_PER_FILE = 100;

export function parseMcpConfig(text: string): McpConfigDoc {
  if (text.trim() === '') return { raw: {}, servers: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { raw: {}, servers: [], problem: `It is not valid JSON (${e instanceof Error ? e.message : 'parse error'}).` };
  }
  if (!isRecord(value)) return { raw: {}, servers: [], problem: 'It must hold one JSON object, like {"mcpServers": {}}.' };
  return docOf(value);
}

/** A document from an object already parsed (an import source, an edit). */
export function docOf(raw: Record<string, unknown>): McpConfigDoc {
  const block = raw.mcpServers;
  if (block === undefined) return { raw, servers: [] };
  if (!isRecord(block)) return { raw, servers: [], problem: '"mcpServers" must be an object of servers by name.' };
  const servers = Object.entries(block).map(([name, entry], index): ParsedServer => {
    if (index >= MAX_SERVERS_PER_FILE) return { name, invalid: `More than ${MAX_SERVERS_PER_FILE} servers in one file; this one is ignored.` };
    const checkedName = mcpServerNameSchema.safeParse(name);
    if (!checkedName.success) return { name, invalid: `Its name: ${checkedName.error.issues[0]?.message ?? 'invalid'}.` };
    const parsed = mcpServerEntrySchema.safeParse(entry);
    if (!parsed.success) return { name, invalid: describeIssues(parsed.error) };
    return { name, entry: parsed.data };
  });
  return { raw, servers };
}

/** The file's text for an object: two-space JSON with a final newline. */
export function serializeMcpConfig(raw: Record<string, unknown>): string {
  return `${JSON.stringify(raw, null, 2)}\n`;
}

/** The keys of an entry Punie edits; the rest are kept on an edit. */
const KNOWN_KEYS = ['type', 'command', 'args', 'env', 'cwd', 'url', 'headers', 'disabled', 'timeoutSeconds'] as const;

/**
 * Adds or replaces a server. With `keepUnknown` (an edit from a form), the
 * old entry's keys Punie does not know stay; without it (the JSON view) the
 * entry is exactly what was given.
 */
export function withServer(raw: Record<string, unknown>, name: string, entry: Record<string, unknown>, options: { keepUnknown: boolean; renamedFrom?: string } = { keepUnknown: true }): Record<string, unknown> {
  const servers = serversOf(raw);
  const oldName = options.renamedFrom ?? name;
  const old = servers[oldName];
  const kept: Record<string, unknown> = {};
  if (options.keepUnknown && isRecord(old)) {
    for (const [key, value] of Object.entries(old)) if (!(KNOWN_KEYS as readonly string[]).includes(key)) kept[key] = value;
  }
  const next: Record<string, unknown> = {};
  // A rename keeps the server's place in the file.
  let placed = false;
  for (const [key, value] of Object.entries(servers)) {
    if (key === oldName) {
      next[name] = { ...kept, ...entry };
      placed = true;
    } else if (key !== name) {
      next[key] = value;
    }
  }
  if (!placed) next[name] = { ...kept, ...entry };
  return { ...raw, mcpServers: next };
}

export function withoutServer(raw: Record<string, unknown>, name: string): Record<string, unknown> {
  const servers = { ...serversOf(raw) };
  if (!(name in servers)) throw new PunieError('not-found', `There is no MCP server named "${name}".`);
  delete servers[name];
  return { ...raw, mcpServers: servers };
}

/** Turns a server off (`"disabled": true`) or on again (the key removed). */
export function withDisabled(raw: Record<string, unknown>, name: string, disabled: boolean): Record<string, unknown> {
  const servers = serversOf(raw);
  const entry = servers[name];
  if (!isRecord(entry)) throw new PunieError('not-found', `There is no MCP server named "${name}".`);
  const { disabled: _old, ...rest } = entry;
  return { ...raw, mcpServers: { ...servers, [name]: disabled ? { ...rest, disabled: true } : rest } };
}

function serversOf(raw: Record<string, unknown>): Record<string, unknown> {
  const block = raw.mcpServers;
  if (block === undefined) return {};
  if (!isRecord(block)) throw new PunieError('conflict', 'The file\'s "mcpServers" is not an object, so Punie will not rewrite it.', { hint: 'Fix the file by hand, or remove it and add the servers again.' });
  return block;
}

function describeIssues(error: z.ZodError): string {
  return (
    error.issues
      .slice(0, 3)
      .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
      .join('; ') + '.'
  );
}
