import type { ToolCallContent } from '@agentclientprotocol/sdk';
import { absolute } from './toolCallView';

/**
 * The `diff` content block an editor shows for write_file and edit_file:
 * the file's text before (as the tool itself read it while preparing the
 * change) and after. Pure.
 */

/** What the tool read of its target while preparing: the text, or undefined for a file that exists but is not text. */
export interface ObservedRead {
  abs: string;
  text: string | undefined;
}

export function toolDiff(name: string, args: unknown, read: ObservedRead | undefined, workspace: string): ToolCallContent | undefined {
  if (typeof args !== 'object' || args === null) return undefined;
  const a = args as Record<string, unknown>;
  if (typeof a.path !== 'string' || a.path === '') return undefined;
  const path = read?.abs ?? absolute(workspace, a.path);
  if (read && read.text === undefined) return undefined; // binary or too large: nothing to show as text
  if (name === 'write_file' && typeof a.content === 'string') {
    return { type: 'diff', path, oldText: read?.text ?? null, newText: a.content };
  }
  if (name === 'edit_file' && typeof a.old_text === 'string' && typeof a.new_text === 'string' && a.old_text !== '') {
    const before = read?.text;
    const at = before === undefined ? -1 : before.indexOf(a.old_text);
    if (before !== undefined && at >= 0 && before.indexOf(a.old_text, at + 1) < 0) {
      return { type: 'diff', path, oldText: before, newText: before.slice(0, at) + a.new_text + before.slice(at + a.old_text.length) };
    }
    // Only the replaced piece (the tool matched it some other way, such as across line endings).
    return { type: 'diff', path, oldText: a.old_text, newText: a.new_text };
  }
  return undefined;
}
