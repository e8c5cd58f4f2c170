import { z } from 'zod';
import { PunieError } from '../errors';
import { diskFiles } from './fileAccess';
import { assertUnchanged, takeSnapshot } from './fileSnapshot';
import { findOccurrences, findLoose, lineAt } from './textMatch';
import type { Tool } from './toolTypes';
import { resolveAgain } from './workspaceGuard';
import { unifiedDiff } from './unifiedDiff';
import { sha256, stateBefore } from '../undo/fileState';
import { keepForUndo } from './keepForUndo';

const schema = z.object({
  path: z.string().min(1).describe('File path relative to the workspace root.'),
  old_text: z
    .string()
    .describe('The exact text to replace, copied from the file with the same spaces and indentation. It must appear exactly once: include a few nearby lines to make it unique.'),
  new_text: z.string().describe('The text to put in its place.'),
});

/** Occurrences whose line numbers are listed in an "ambiguous" error. */
const MAX_LISTED = 10;

export const editFileTool: Tool<typeof schema> = {
  name: 'edit_file',
  description:
    'Change part of an existing file: replaces one exact piece of text (old_text) with new text (new_text). Read the file first and copy old_text exactly. The user is asked for permission first and sees the change.',
  schema,
  needsPermission: true,
  async prepare(args, ctx) {
    const target = await ctx.guard.resolve(args.path);
    const files = ctx.files ?? diskFiles(ctx.guard);
    if (args.old_text === '') {
      throw new PunieError('invalid-tool-call', 'old_text is empty. Copy the exact text to replace from the file; to create a file, use write_file.');
    }
    if (args.old_text === args.new_text) throw new PunieError('invalid-tool-call', 'old_text and new_text are the same, so there is nothing to change.');
    const before = await takeSnapshot(target.abs, target.rel, ctx.limits.editMaxFileBytes, files, ctx.signal);
    if (!before.exists) throw new PunieError('not-found', `${target.rel} does not exist. Use list_files to find the file, or write_file to create it.`);
    if (before.text === undefined) throw new PunieError('unsupported', `${target.rel} is ${before.note ?? 'not a text file'}; edit_file only changes text files.`);
    const text = before.text;

    let oldText = args.old_text;
    let newText = args.new_text;
    let at = findOccurrences(text, oldText, MAX_LISTED + 1);
    if (at.length === 0 && text.includes('\r\n') && !oldText.includes('\r')) {
      // The file has Windows line endings; the model wrote plain ones.
      oldText = oldText.replace(/\n/g, '\r\n');
      newText = newText.replace(/\r?\n/g, '\r\n');
      at = findOccurrences(text, oldText, MAX_LISTED + 1);
    }
    if (at.length === 0) {
      const loose = findLoose(text, args.old_text);
      const near = loose === undefined ? '' : ` Text like it, with different spaces or indentation, is at line ${loose}: copy it exactly as read_file shows it.`;
      throw new PunieError('tool-failed', `old_text was not found in ${target.rel} (0 matches).${near || ' Read the file again and copy the exact text, including spaces and indentation.'}`);
    }
    if (at.length > 1) {
      const lines = at.slice(0, MAX_LISTED).map((i) => lineAt(text, i));
      const count = at.length > MAX_LISTED ? `more than ${MAX_LISTED}` : String(at.length);
      throw new PunieError(
        'tool-failed',
        `old_text matches ${count} places in ${target.rel} (lines ${lines.join(', ')}${at.length > MAX_LISTED ? ', …' : ''}); it must match exactly one. Include more of the surrounding lines in old_text to make it unique.`,
      );
    }
    const index = at[0] ?? 0;
    const updated = text.slice(0, index) + newText + text.slice(index + oldText.length);
    const preview = await unifiedDiff(target.rel, text, updated, ctx.limits.diffMaxChars);
    const line = lineAt(text, index);
    return {
      preview: { summary: `Edit ${target.rel}`, diff: preview.diff },
      async run() {
        // The path is checked again now: during the wait a folder on it may have become a link out of the workspace.
        await resolveAgain(ctx.guard, args.path, target);
        await assertUnchanged(target.abs, target.rel, before, ctx.limits.editMaxFileBytes, files, ctx.signal);
        await keepForUndo(ctx, { path: target.rel, before: stateBefore(true, text, undefined), after: sha256(updated) });
        await files.writeText(target.abs, target.rel, updated, ctx.signal);
        return {
          content: `Edited ${target.rel}: replaced the text at line ${line} (+${preview.added} -${preview.removed}).`,
          meta: { path: target.rel, diff: preview.diff, created: false, bytes: Buffer.byteLength(updated, 'utf8') },
        };
      },
    };
  },
};
