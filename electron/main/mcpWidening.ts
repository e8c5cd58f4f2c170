import { mcpTarget, type McpServerEntry } from '../../shared/mcp';
import { docOf } from '../core/mcp/mcpConfig';

/**
 * Which changes to Punie's mcp.json widen what Punie may do: a server added,
 * changed (another program, arguments, environment, folder, URL or
 * headers) or enabled again will run a program or send the model's tool
 * calls somewhere new. Main asks the user natively before writing such a
 * change; a page (even a compromised one) cannot make it alone. Removing or
 * disabling a server, or changing only its timeout, narrows and needs no
 * question.
 */

export interface Widening {
  name: string;
  /** What runs, or where it connects. */
  target: string;
  runs: boolean;
  why: 'new' | 'changed' | 'enabled';
}

const LAUNCH_KEYS = ['type', 'command', 'args', 'env', 'cwd', 'url', 'headers'] as const;

export function mcpWidenings(before: Record<string, unknown>, after: Record<string, unknown>): Widening[] {
  const old = new Map(docOf(before).servers.map((s) => [s.name, s.entry]));
  const widenings: Widening[] = [];
  for (const server of docOf(after).servers) {
    const entry = server.entry;
    if (entry === undefined || entry.disabled === true) continue;
    const previous = old.get(server.name);
    const why = previous === undefined ? 'new' : !sameLaunch(previous, entry) ? 'changed' : previous.disabled === true ? 'enabled' : undefined;
    if (why) widenings.push({ name: server.name, target: mcpTarget(entry), runs: entry.url === undefined, why });
  }
  return widenings;
}

function sameLaunch(a: McpServerEntry, b: McpServerEntry): boolean {
  return LAUNCH_KEYS.every((key) => JSON.stringify(a[key] ?? null) === JSON.stringify(b[key] ?? null));
}

/** The words of the native question for a set of widenings. */
export function wideningQuestion(widenings: readonly Widening[]): { title: string; message: string; detail: string; confirmLabel: string } {
  const runs = widenings.some((w) => w.runs);
  const one = widenings.length === 1 ? widenings[0]! : undefined;
  const message = one
    ? `${one.why === 'enabled' ? 'Turn on' : one.why === 'changed' ? 'Change' : 'Add'} the MCP server "${one.name}"?`
    : `Add or change ${widenings.length} MCP servers?`;
  const lines = widenings.map((w) => `${w.name}: ${w.runs ? 'runs' : 'connects to'} ${w.target}`);
  lines.push(
    '',
    runs
      ? 'A server runs with your permissions and can read, change or send anything you can. Allow only programs you trust.'
      : 'The model\'s calls to its tools, with their arguments, are sent to that address.',
  );
  return { title: 'MCP servers', message, detail: lines.join('\n'), confirmLabel: runs ? 'Allow it to run' : 'Allow it' };
}

