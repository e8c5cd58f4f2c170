import { writeFileAtomic } from '../atomicFile';
import { fsError, readTextFile } from './textFile';

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

export const diskFiles: FileAccess = {
  readText: (abs, rel, maxBytes) => readTextFile(abs, rel, maxBytes),
  writeText: (abs, rel, text, signal) =>
    writeFileAtomic(abs, text, signal, { createFolders: true, mode: 'keep' }).catch((cause: unknown) => {
      throw fsError(cause, rel);
    }),
};
