import type { ToolCallView, ToolStatus } from '../../../../shared/runView';
import { clipText, oneLine, shellWord } from '../../../../shared/text';
import { asRecord } from '../../../../shared/isRecord';

/** Short, human words for tool calls: names, one-line arguments, statuses and durations. */

const LABELS: Record<string, string> = {
  read_file: 'Read',
  list_files: 'List',
  search_files: 'Search',
  write_file: 'Write',
  edit_file: 'Edit',
  run_command: 'Run',
};

export function toolLabel(name: string): string {
  return LABELS[name] ?? (name ? name.replace(/_/g, ' ') : 'Tool');
}

/**
 * For a tool of an MCP server: the server and the tool's own name there
 * (from the result's meta or the permission request; from the SERVER__TOOL
 * name while the call is still being written).
 */
export function mcpOf(call: Pick<ToolCallView, 'name' | 'meta' | 'permission'>): { server: string; tool: string } | undefined {
  const known = call.meta?.mcp ?? call.permission?.mcp;
  if (known) return { server: known.server, tool: known.tool };
  const at = call.name.indexOf('__');
  return at > 0 ? { server: call.name.slice(0, at), tool: call.name.slice(at + 2) } : undefined;
}

const MAX_SHORT = 96;

/** The arguments in one line: the path, the pattern or the command line. */
export function shortArgs(call: Pick<ToolCallView, 'name' | 'args' | 'argsText'>): string {
  const args = asRecord(call.args);
  if (!args) return clip(oneLine(call.argsText));
  const str = (key: string) => (typeof args[key] === 'string' ? (args[key] as string) : undefined);
  switch (call.name) {
    case 'read_file': {
      const range = typeof args.offset === 'number' ? ` (from line ${args.offset})` : '';
      return clip(`${str('path') ?? ''}${range}`);
    }
    case 'write_file':
    case 'edit_file':
      return clip(str('path') ?? '');
    case 'list_files':
      return clip([str('path') ?? '.', str('glob')].filter(Boolean).join('  '));
    case 'search_files':
      return clip([`/${str('pattern') ?? ''}/`, str('path'), str('glob')].filter(Boolean).join('  in '));
    case 'run_command': {
      const rest = Array.isArray(args.args) ? args.args.map((a) => shellWord(String(a))).join(' ') : '';
      return clip([str('command') ?? '', rest].filter(Boolean).join(' '));
    }
    default:
      return clip(
        Object.entries(args)
          .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
          .map(([k, v]) => `${k}: ${String(v)}`)
          .join(', '),
      );
  }
}

const STATUS_LABELS: Record<ToolStatus, string> = {
  streaming: 'Preparing',
  queued: 'Queued',
  'waiting-permission': 'Waiting for permission',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  denied: 'Denied',
  stopped: 'Stopped',
};

export function statusLabel(status: ToolStatus): string {
  return STATUS_LABELS[status];
}

/** "120 ms", "2.3 s", "1 m 05 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1_000);
  return `${minutes} m ${String(seconds).padStart(2, '0')} s`;
}

/** Pretty JSON of the arguments, or the raw text when it was not JSON. */
export function prettyArgs(call: Pick<ToolCallView, 'args' | 'argsText'>): string {
  if (call.args !== undefined) return JSON.stringify(call.args, null, 2);
  try {
    return JSON.stringify(JSON.parse(call.argsText), null, 2);
  } catch {
    return call.argsText;
  }
}

/** Long results are folded: the first lines show, the rest behind "Show all". */
export function foldText(text: string, maxLines = 20, maxChars = 4_000): { shown: string; hiddenLines: number; folded: boolean } {
  const lines = text.split('\n');
  if (lines.length <= maxLines && text.length <= maxChars) return { shown: text, hiddenLines: 0, folded: false };
  let shown = lines.slice(0, maxLines).join('\n');
  if (shown.length > maxChars) shown = shown.slice(0, maxChars);
  const shownLines = shown.split('\n').length;
  return { shown, hiddenLines: Math.max(0, lines.length - shownLines), folded: true };
}

function clip(text: string): string {
  return clipText(text, MAX_SHORT);
}
