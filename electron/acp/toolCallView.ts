import { isAbsolute, resolve } from 'node:path';
import type { ToolCallContent, ToolCallLocation, ToolKind } from '@agentclientprotocol/sdk';
import { clipText, markdownFence, oneLine, shellWord } from '../../shared/text';
import { asRecord } from '../../shared/isRecord';

/**
 * How Punie's tool calls look in an editor: the ACP kind (its icon), a
 * short title, the files followed, and results as content blocks. Pure: no
 * file is read here; paths are only joined to the workspace for display.
 */

const KINDS: Record<string, ToolKind> = {
  read_file: 'read',
  list_files: 'search',
  search_files: 'search',
  write_file: 'edit',
  edit_file: 'edit',
  run_command: 'execute',
};

export function toolKind(name: string): ToolKind {
  return KINDS[name] ?? 'other';
}

/** Punie's tools that run without asking; every other tool (writes, commands, MCP tools) waits as `pending` until allowed. */
const UNGATED = new Set(['read_file', 'list_files', 'search_files']);

export function isGated(name: string): boolean {
  return !UNGATED.has(name);
}

const TITLE_CHARS = 120;

/** The title before the arguments are known: the tool's name in words. */
export function pendingTitle(name: string): string {
  switch (name) {
    case 'read_file':
      return 'Read a file';
    case 'list_files':
      return 'List files';
    case 'search_files':
      return 'Search files';
    case 'write_file':
      return 'Write a file';
    case 'edit_file':
      return 'Edit a file';
    case 'run_command':
      return 'Run a command';
    default: {
      // An MCP server's tool is named SERVER__TOOL.
      const at = name.indexOf('__');
      if (at > 0) return clip(`${name.slice(at + 2).replace(/_/g, ' ')} (${name.slice(0, at)})`);
      return clip(name.replace(/_/g, ' ') || 'Tool');
    }
  }
}

/** One line for the call: "Read src/app.ts", "Search for /TODO/ in src", "Run npm test". */
export function toolTitle(name: string, args: unknown): string {
  const a = asRecord(args);
  if (!a) return pendingTitle(name);
  const str = (key: string) => (typeof a[key] === 'string' && a[key] !== '' ? (a[key] as string) : undefined);
  switch (name) {
    case 'read_file': {
      const from = typeof a.offset === 'number' && a.offset > 1 ? ` (from line ${a.offset})` : '';
      return clip(`Read ${str('path') ?? 'a file'}${from}`);
    }
    case 'list_files':
      return clip(`List ${str('path') ?? 'the workspace'}${str('glob') ? ` (${str('glob')})` : ''}`);
    case 'search_files':
      return clip(`Search for /${str('pattern') ?? ''}/${str('path') ? ` in ${str('path')}` : ''}${str('glob') ? ` (${str('glob')})` : ''}`);
    case 'write_file':
      return clip(`Write ${str('path') ?? 'a file'}`);
    case 'edit_file':
      return clip(`Edit ${str('path') ?? 'a file'}`);
    case 'run_command': {
      const rest = Array.isArray(a.args) ? a.args.map((x) => shellWord(String(x))).join(' ') : '';
      return clip(`Run ${[str('command') ?? '', rest].filter(Boolean).join(' ')}`);
    }
    default:
      return pendingTitle(name);
  }
}

/** The files a call works on, as absolute paths (and a line where one is known), for the editor to follow. */
export function toolLocations(name: string, args: unknown, workspace: string): ToolCallLocation[] {
  const a = asRecord(args);
  if (!a) return [];
  const path = typeof a.path === 'string' && a.path !== '' ? a.path : undefined;
  switch (name) {
    case 'read_file':
      return path ? [{ path: absolute(workspace, path), ...(typeof a.offset === 'number' && a.offset > 1 ? { line: a.offset } : {}) }] : [];
    case 'write_file':
    case 'edit_file':
    case 'list_files':
    case 'search_files':
      return path ? [{ path: absolute(workspace, path) }] : name === 'list_files' || name === 'search_files' ? [{ path: workspace }] : [];
    case 'run_command':
      return typeof a.cwd === 'string' && a.cwd !== '' ? [{ path: absolute(workspace, a.cwd) }] : [];
    default:
      return [];
  }
}

/** Text as a content block. */
export function textContent(text: string): ToolCallContent {
  return { type: 'content', content: { type: 'text', text } };
}

/** Text as a fenced code block (a file's text, a command's output, a unified diff with `lang` "diff"). */
export function codeContent(text: string, lang = ''): ToolCallContent {
  return textContent(markdownFence(text, lang));
}

/** Whether a tool's result reads best as code (file text, listings, command output) rather than prose. */
export function isCodeResult(name: string): boolean {
  return name === 'read_file' || name === 'list_files' || name === 'search_files' || name === 'run_command';
}

export function absolute(workspace: string, path: string): string {
  return isAbsolute(path) ? path : resolve(workspace, path);
}

function clip(text: string): string {
  return clipText(oneLine(text), TITLE_CHARS);
}
