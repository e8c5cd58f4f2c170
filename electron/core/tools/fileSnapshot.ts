import { stat } from 'node:fs/promises';
import { PunieError } from '../errors';
import type { FileAccess } from './fileAccess';
import { fsError } from './textFile';
import { formatBytes } from '../../../shared/text';

/**
 * What a file held when a change was previewed, so the change is only made
 * if the file is still the same when permission arrives (the user may have
 * edited it meanwhile; the diff they approved would then be a lie).
 */
export interface FileSnapshot {
  exists: boolean;
  size: number;
  mtimeMs: number;
  /** The text, when the file is a text file small enough to diff. */
  text: string | undefined;
  /** Why there is no text for an existing file (binary, too large). */
  note: string | undefined;
}

/** `files` reads the text (an editor's buffer over ACP); whether the file exists, its size and time come from the disk. */
export async function takeSnapshot(abs: string, rel: string, maxBytes: number, files: FileAccess, signal?: AbortSignal): Promise<FileSnapshot> {
  const info = await stat(abs).catch((cause: unknown) => {
    const code = (cause as { code?: unknown } | null)?.code;
    if (code === 'ENOENT') return undefined;
    throw fsError(cause, rel);
  });
  if (!info) return { exists: false, size: 0, mtimeMs: 0, text: undefined, note: undefined };
  if (info.isDirectory()) throw new PunieError('invalid-tool-call', `${rel} is a folder, not a file.`);
  if (!info.isFile()) throw new PunieError('unsupported', `${rel} is not a regular file.`);
  try {
    if (info.size > maxBytes) throw new PunieError('unsupported', `${rel} is too large (${formatBytes(info.size)}).`);
    const text = await files.readText(abs, rel, maxBytes, signal ?? new AbortController().signal);
    return { exists: true, size: info.size, mtimeMs: info.mtimeMs, text, note: undefined };
  } catch (e) {
    if (e instanceof PunieError && e.code === 'unsupported') {
      return { exists: true, size: info.size, mtimeMs: info.mtimeMs, text: undefined, note: `a ${formatBytes(info.size)} file that cannot be shown as text` };
    }
    throw e;
  }
}

/** Throws `conflict` when the file changed since the snapshot. */
export async function assertUnchanged(abs: string, rel: string, before: FileSnapshot, maxBytes: number, files: FileAccess, signal?: AbortSignal): Promise<void> {
  const now = await takeSnapshot(abs, rel, maxBytes, files, signal);
  const same = now.exists === before.exists && (!now.exists || (now.size === before.size && now.mtimeMs === before.mtimeMs && now.text === before.text));
  if (!same) {
    throw new PunieError('conflict', `${rel} changed while waiting for permission, so nothing was written. Read it again and redo the change.`);
  }
}
