import { z } from 'zod';
import { PunieError } from '../errors';
import { diskFiles } from './fileAccess';
import { assertUnchanged, takeSnapshot } from './fileSnapshot';
import type { Tool } from './toolTypes';
import { resolveAgain } from './workspaceGuard';
import { countLines, diffNotShown, unifiedDiff } from './unifiedDiff';
import { sha256, stateBefore } from '../undo/fileState';
import { keepForUndo } from './keepForUndo';
import { formatBytes } from '../../../shared/text';

const schema = z.object({
  path: z.string().min(1).describe('File path relative to the workspace root, for example "src/app.ts". Missing folders are created.'),
  content: z.string().describe('The complete new text of the file.'),
});

export const writeFileTool: Tool<typeof schema> = {
  name: 'write_file',
  description:
    'Create a file, or replace a whole file, with the text you give. The user is asked for permission first and sees the change. To change part of an existing file, use edit_file instead.',
  schema,
  needsPermission: true,
  async prepare(args, ctx) {
    const target = await ctx.guard.resolve(args.path);
    const files = ctx.files ?? diskFiles(ctx.guard);
    const bytes = Buffer.byteLength(args.content, 'utf8');
    if (bytes > ctx.limits.editMaxFileBytes) {
      throw new PunieError('invalid-tool-call', `The content is too large (${formatBytes(bytes)}; the limit is ${formatBytes(ctx.limits.editMaxFileBytes)}).`);
    }
    const before = await takeSnapshot(target.abs, target.rel, ctx.limits.editMaxFileBytes, files, ctx.signal);
    const preview = before.note
      ? { diff: diffNotShown(target.rel, `Replaces ${before.note} with ${countLines(args.content)} lines of text.`), added: countLines(args.content), removed: 0 }
      : await unifiedDiff(target.rel, before.exists ? before.text : undefined, args.content, ctx.limits.diffMaxChars);
    const created = !before.exists;
    const kept = stateBefore(before.exists, before.text, before.note);
    return {
      preview: {
        summary: `${created ? 'Create' : 'Overwrite'} ${target.rel}`,
        diff: preview.diff,
        ...(kept.kind === 'not-kept' && ctx.recordChange ? { notUndoable: `${target.rel} is ${kept.reason}, so its current content is not kept: this change cannot be undone.` } : {}),
      },
      async run() {
        // The path is checked again now: during the wait a folder on it may have become a link out of the workspace.
        await resolveAgain(ctx.guard, args.path, target);
        await assertUnchanged(target.abs, target.rel, before, ctx.limits.editMaxFileBytes, files, ctx.signal);
        await keepForUndo(ctx, { path: target.rel, before: kept, after: sha256(args.content) });
        await files.writeText(target.abs, target.rel, args.content, ctx.signal);
        const lines = countLines(args.content);
        const verb = created ? 'Created' : before.text === args.content ? 'Rewrote (no change)' : 'Wrote';
        return {
          content: `${verb} ${target.rel} (${lines} lines, ${formatBytes(bytes)}; +${preview.added} -${preview.removed}).`,
          meta: { path: target.rel, diff: preview.diff, created, bytes, lines },
        };
      },
    };
  },
};
