import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Makes a directory's entries (a new file, a rename) durable. Windows cannot
 * open a directory for syncing and does not need to: errors are ignored there.
 */
export async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (e) {
    if (process.platform !== 'win32') throw e;
  } finally {
    await handle?.close();
  }
}

/** A temporary name beside `path`, hidden, unique to this process and call. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Replaces `path` with `data` all at once: written to a temporary file in the
 * same folder, synced, then renamed over the target. A reader sees the old
 * file or the new one, never half of either. `durable: false` skips the
 * fsyncs, for derived files (the index) that a power cut may lose but that a
 * reader must never see half-written.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  signal: AbortSignal,
  options: { durable: boolean } = { durable: true },
): Promise<void> {
  signal.throwIfAborted();
  const tmp = tempPathFor(path);
  try {
    const handle = await open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(data);
      if (options.durable) await handle.sync();
    } finally {
      await handle.close();
    }
    signal.throwIfAborted();
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  if (options.durable) await syncDir(dirname(path));
}

/** Is this a temporary file writeFileAtomic left behind (a crash between write and rename)? */
export function isTempFile(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}
