import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file atomically: the text goes to a temporary file in the same
 * folder, is flushed to disk, then renamed over the target, so a reader (or
 * a crash) sees the old file or the new one, never half of one. Parent
 * folders are created; an existing file keeps its permissions.
 */
export async function writeFileAtomic(abs: string, content: string): Promise<void> {
  const folder = dirname(abs);
  await mkdir(folder, { recursive: true });
  const mode = (await stat(abs).catch(() => undefined))?.mode;
  const temp = join(folder, `.${basename(abs)}.punie-${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode === undefined ? 0o666 : mode & 0o7777);
  try {
    try {
      if (mode !== undefined) await handle.chmod(mode & 0o7777);
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, abs);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
}
