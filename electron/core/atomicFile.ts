import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Whole-file writes that a reader or a crash sees as the old file or the new
 * one, never half of either, and the folder syncs that make a new name
 * durable. The one helper for the history store, settings, the secrets file
 * and the file tools.
 */

/** Errors of file systems that cannot sync a folder (the entry is written; there is nothing more to do). */
const SYNC_UNSUPPORTED = new Set(['EINVAL', 'ENOTSUP', 'EOPNOTSUPP']);

/**
 * Makes a folder's entries (a new file, a rename) durable. Windows cannot
 * open a folder for syncing and does not need to, and some file systems
 * refuse to sync one: those are not errors.
 */
export async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    if (process.platform !== 'win32' && !(code !== undefined && SYNC_UNSUPPORTED.has(code))) throw e;
  } finally {
    await handle?.close();
  }
}

/** A temporary name beside `path`, hidden, unique to this process and call. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Is this a temporary file writeFileAtomic left behind (a crash between write and rename)? */
export function isTempFile(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

export interface AtomicWriteOptions {
  /**
   * Sync the file before the rename and the folder after it (default true).
   * false for derived files (the history index) that a power cut may lose
   * but that a reader must never see half-written.
   */
  durable?: boolean;
  /** Create missing parent folders (default false). */
  createFolders?: boolean;
  /**
   * The file's permissions: a mode for the new file (default 0o600, readable
   * by the user only), or 'keep' to keep an existing file's mode (a new file
   * then gets 0o666 less the umask, as any editor would create it).
   */
  mode?: number | 'keep';
}

/**
 * Replaces `path` with `data` all at once: written to a temporary file in the
 * same folder, synced, then renamed over the target.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, signal: AbortSignal, options: AtomicWriteOptions = {}): Promise<void> {
  const durable = options.durable ?? true;
  signal.throwIfAborted();
  const dir = dirname(path);
  if (options.createFolders) await mkdir(dir, { recursive: true });
  const kept = options.mode === 'keep' ? (await stat(path).catch(() => undefined))?.mode : undefined;
  const mode = kept !== undefined ? kept & 0o7777 : options.mode === 'keep' ? 0o666 : (options.mode ?? 0o600);
  const tmp = tempPathFor(path);
  try {
    const handle = await open(tmp, 'wx', mode);
    try {
      // open() applies the umask; an existing file's mode is kept exactly.
      if (kept !== undefined) await handle.chmod(mode);
      await handle.writeFile(data);
      if (durable) await handle.sync();
    } finally {
      await handle.close();
    }
    signal.throwIfAborted();
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  if (durable) await syncDir(dir);
}
