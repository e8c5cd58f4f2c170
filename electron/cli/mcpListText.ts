import type { McpServerStatus } from '../../shared/mcp';
import { clipText, oneLine } from '../../shared/text';
import { formatTable } from './table';
import { clipToWidth } from './textWidth';

/**
 * `punie mcp list` for people: one heading line per server (name, state,
 * transport, what runs or where it connects), then its tools, or why it is
 * not running with the last lines it wrote on stderr.
 */

const STATE_WORDS: Record<McpServerStatus['state'], string> = {
  connected: 'connected',
  starting: 'starting',
  restarting: 'restarting',
  failed: 'failed',
  disabled: 'disabled',
  'needs-approval': 'needs approval',
  stopped: 'stopped',
};

const STDERR_LINES_SHOWN = 5;

export function mcpListLines(servers: readonly McpServerStatus[], maxWidth?: number): string[] {
  if (servers.length === 0) return [];
  const lines: string[] = [];
  for (const server of servers) {
    if (lines.length > 0) lines.push('');
    const tools = server.state === 'connected' ? `, ${server.tools.length} tool${server.tools.length === 1 ? '' : 's'}` : '';
    const from = server.source === 'workspace' ? ', from the workspace\'s .mcp.json' : '';
    const head = `${server.name}  ${STATE_WORDS[server.state]} (${server.transport}${tools}${from})  ${server.target}`;
    lines.push(maxWidth === undefined ? head : clipToWidth(head, maxWidth));
    if (server.state === 'connected' && server.tools.length > 0) {
      const rows = server.tools.map((t) => [t.name, `${t.readOnly ? '(reads only) ' : ''}${clipText(oneLine(t.description ?? t.title ?? ''), 200)}`]);
      lines.push(...formatTable([{ header: 'TOOL' }, { header: 'WHAT IT DOES', shrinkOrder: 1, minWidth: 12 }], rows, { indent: '  ', ...(maxWidth === undefined ? {} : { maxWidth }) }));
    }
    if (server.state === 'needs-approval') lines.push('  Not started until you approve the workspace\'s .mcp.json: punie mcp approve');
    if (server.error && server.state !== 'connected') lines.push(`  ${server.error}`);
    if (server.state === 'failed' || server.state === 'restarting') {
      const tail = server.stderr.slice(-STDERR_LINES_SHOWN);
      if (tail.length > 0) lines.push('  its stderr:', ...tail.map((l) => `    ${maxWidth === undefined ? l : clipToWidth(l, Math.max(20, maxWidth - 4))}`));
    }
  }
  return lines;
}


