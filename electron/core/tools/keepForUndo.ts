import type { FileChange } from '../undo/fileState';
import { PunieError } from '../errors';
import type { ToolContext } from './toolTypes';

/**
 * Keeps what a file held before a tool changes it (ToolContext.recordChange).
 * If that cannot be kept the file is not changed: a change the user was
 * promised they could undo must not happen without its way back.
 */
export async function keepForUndo(ctx: ToolContext, change: FileChange): Promise<void> {
  if (!ctx.recordChange) return;
  try {
    await ctx.recordChange(change);
  } catch (e) {
    throw new PunieError('tool-failed', `${change.path} was not changed: its previous content could not be saved for undo (${e instanceof Error ? e.message : String(e)}).`, { cause: e });
  }
}
