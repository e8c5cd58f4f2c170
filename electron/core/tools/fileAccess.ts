import { openForRead, writeConfined } from './confinedFs';
import { fsError, readTextFile } from './textFile';
import type { WorkspaceGuard } from './workspaceGuard';

/**
 * Where the file tools read and write whole text files: the disk by
 * default. A face may offer another (an editor over ACP reads its unsaved
 * buffers and records writes in its undo history). Paths reach it already
 * resolved and confined by the workspace guard; it only moves text.
 */
export interface FileAccess {
  /**
   * The file's whole text. Throws PunieError the model can act on
   * (`not-found`, `unsupported` for binary or too large, `tool-failed`).
   */
  readText(abs: string, rel: string, maxBytes: number, signal: AbortSignal): Promise<string>;
  /** Replaces (or creates) the file with `text`; missing folders are created. */
  writeText(abs: string, rel: string, text: string, signal: AbortSignal): Promise<void>;
}

/** The disk, confined to the workspace at the moment of each read and write (confinedFs.ts). */
export function diskFiles(guard: WorkspaceGuard): FileAccess {
  return {
    async readText(abs, rel, maxBytes) {
      const handle = await openForRead(guard, abs, rel).catch((cause: unknown) => {
        throw fsError(cause, rel);
      });
      try {
        return await readTextFile(handle, rel, maxBytes);
      } finally {
        await handle.close();
      }
    },
    writeText: (abs, rel, text, signal) =>
      writeConfined(guard, abs, rel, text, signal).catch((cause: unknown) => {
        throw fsError(cause, rel);
      }),
  };
}
