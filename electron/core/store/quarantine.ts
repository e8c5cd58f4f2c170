import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { syncDir, tempPathFor } from '../atomicFile';
import { quarantineName } from './historyLayout';
import { RECORD_VERSION, type LogRecord } from './records';

/**
 * Moves an unreadable log into the quarantine folder under a name that never
 * collides, so it is never overwritten and can be sent in a bug report.
 * Returns where it went.
 */
export async function moveToQuarantine(path: string, quarantineDir: string, now: number): Promise<string> {
  await mkdir(quarantineDir, { recursive: true });
  const target = join(quarantineDir, quarantineName(basename(path), now, randomBytes(3).toString('hex')));
  await rename(path, target);
  await syncDir(quarantineDir);
  await syncDir(dirname(path));
  return target;
}

/**
 * Keeps what could be read of a damaged log: the readable records are written
 * to a new file first, then the original is moved into quarantine untouched,
 * then the new file takes its place. A crash in between leaves the original
 * in quarantine and at worst a stray temporary file. Returns the quarantined path.
 */
export async function salvageLog(
  path: string,
  applied: readonly LogRecord[],
  quarantineDir: string,
  now: number,
  signal: AbortSignal,
): Promise<string> {
  signal.throwIfAborted();
  const tmp = tempPathFor(path);
  try {
    const handle = await open(tmp, 'wx', 0o600);
    try {
      // Records were upgraded as they were read: they are written at the current version.
      await handle.writeFile(applied.map((r) => JSON.stringify({ ...r, v: RECORD_VERSION }) + '\n').join(''));
      await handle.sync();
    } finally {
      await handle.close();
    }
    signal.throwIfAborted();
    const kept = await moveToQuarantine(path, quarantineDir, now);
    await rename(tmp, path);
    await syncDir(dirname(path));
    return kept;
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
