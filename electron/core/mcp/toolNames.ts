import { createHash } from 'node:crypto';

/**
 * The names MCP tools are offered to the model under: `SERVER__TOOL`, made
 * of the characters every model API accepts (`[A-Za-z0-9_-]`, at most 64),
 * unique across all servers, and the same for the same inputs (history,
 * "allow for this conversation" and replays rely on it). Built-in tools
 * never contain `__`, so they cannot collide.
 */

export const MAX_TOOL_NAME_CHARS = 64;
const SEPARATOR = '__';
/** A server's part of the name is cut to this, so a tool keeps most of the room. */
const MAX_PREFIX_CHARS = 24;

/** Letters, digits, `_` and `-`; anything else becomes `_`; no `__` inside; never empty. */
export function cleanNamePart(text: string): string {
  const cleaned = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_-]/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[_-]+|[_-]+$/g, '');
  return cleaned === '' ? 'x' : cleaned;
}

/** The first part of a server's tools' names (before `__`). */
export function serverPrefix(server: string): string {
  return cleanNamePart(server).slice(0, MAX_PREFIX_CHARS).replace(/[_-]+$/, '') || 'x';
}

export interface ServerTools {
  server: string;
  tools: readonly string[];
}

/** Model-facing names for every tool of every server, in order: result.get(server).get(tool). */
export function assignToolNames(servers: readonly ServerTools[], reserved: Iterable<string> = []): Map<string, Map<string, string>> {
  const taken = new Set<string>(reserved);
  const result = new Map<string, Map<string, string>>();
  for (const { server, tools } of servers) {
    const prefix = serverPrefix(server);
    const names = new Map<string, string>();
    for (const tool of tools) {
      if (names.has(tool)) continue;
      const name = unique(fit(prefix, tool), taken);
      taken.add(name);
      names.set(tool, name);
    }
    result.set(server, names);
  }
  return result;
}

/** `prefix__tool`, the tool part cut (with a short hash of its full name) when the whole is too long. */
function fit(prefix: string, tool: string): string {
  const head = `${prefix}${SEPARATOR}`;
  const part = cleanNamePart(tool);
  if (head.length + part.length <= MAX_TOOL_NAME_CHARS) return head + part;
  const hash = shortHash(tool);
  const room = MAX_TOOL_NAME_CHARS - head.length - hash.length - 1;
  return `${head}${part.slice(0, room).replace(/[_-]+$/, '')}_${hash}`;
}

function unique(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 2; n < 10_000; n++) {
    const suffix = `_${n}`;
    const candidate = `${name.slice(0, MAX_TOOL_NAME_CHARS - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
  throw new Error('no unique tool name left'); // 10,000 tools with one name: not reachable with the per-server caps
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 6);
}
