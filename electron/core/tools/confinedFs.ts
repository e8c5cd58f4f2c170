import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, realpath, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { PunieError } from '../errors';
import type { WorkspaceGuard } from './workspaceGuard';

/**
 * File access that stays inside the workspace at the moment of use, not only
 * when the path was checked. Between the check and the use (a permission
 * prompt can wait minutes) a folder on the path can be replaced by a symlink
 * to somewhere else; these helpers notice.
 *
 * - Reads open the file, then check where the opened file really is.
 * - Writes walk the folders from the workspace root without following any
 *   link, create the temporary file with O_EXCL and O_NOFOLLOW in the folder
 *   so found, rename it over the target, and check the folder's real path
 *   again afterwards.
 *
 * On Linux the folder is held open and everything after the walk goes
 * through /proc/self/fd/N, which names that very folder whatever happens to
 * its path, so there is no window at all. Elsewhere the real path is checked
 * before and after each step. A mismatch is refused with `outside-workspace`.
 */

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_DIRECTORY = constants.O_DIRECTORY ?? 0;

/** Whether /proc/self/fd names an open folder (Linux), checked once. */
let procFd: Promise<boolean> | undefined;
function hasProcFd(): Promise<boolean> {
  procFd ??= (async () => {
    if (process.platform !== 'linux') return false;
    let handle: FileHandle | undefined;
    try {
      handle = await open('/', constants.O_RDONLY | O_DIRECTORY);
      return (await realpath(`/proc/self/fd/${handle.fd}`)) === '/';
    } catch {
      return false;
    } finally {
      await handle?.close();
    }
  })();
  return procFd;
}

/** Where an open file or folder really is now (Linux), else undefined. */
async function whereOpen(handle: FileHandle): Promise<string | undefined> {
  if (!(await hasProcFd())) return undefined;
  return realpath(`/proc/self/fd/${handle.fd}`);
}

function moved(rel: string, cause?: unknown): PunieError {
  return new PunieError(
    'outside-workspace',
    `${rel} now leads outside the workspace (a folder or file on its path was replaced by a link while Punie was waiting), so it was not used.`,
    { cause },
  );
}

/**
 * Opens a file for reading and checks that what was opened lies inside the
 * workspace (a symlinked file is fine when its target is inside).
 */
export async function openForRead(guard: WorkspaceGuard, abs: string, rel: string): Promise<FileHandle> {
  const before = await realpath(abs);
  if (!guard.allows(before)) throw moved(rel);
  const handle = await open(abs, constants.O_RDONLY);
  try {
    const where = await whereOpen(handle);
    if (where !== undefined) {
      if (!guard.allows(where)) throw moved(rel);
    } else {
      // No /proc: the path must still lead to the same file that was opened.
      const [opened, now] = await Promise.all([handle.stat(), realpath(abs).then((p) => (guard.allows(p) ? lstat(p) : undefined))]);
      if (!now || now.ino !== opened.ino || now.dev !== opened.dev) throw moved(rel);
    }
    return handle;
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/**
 * Replaces (or creates) `abs`, a real path inside the workspace, with `data`
 * all at once, creating missing folders. Never follows a link on the way.
 * An existing file's permissions are kept; a new file gets 0o666 less the
 * umask, as an editor would create it.
 */
export async function writeConfined(
  guard: WorkspaceGuard,
  abs: string,
  rel: string,
  data: string | Uint8Array,
  signal: AbortSignal,
  options: { /** Hold the folder open and write through /proc/self/fd (default: where Linux offers it). */ pin?: boolean } = {},
): Promise<void> {
  signal.throwIfAborted();
  if (!guard.allows(abs) || abs === guard.root) throw moved(rel);
  const folders = relative(guard.root, dirname(abs)).split(sep).filter(Boolean);
  const name = basename(abs);
  const pin = (options.pin ?? true) && (await hasProcFd());
  if (pin) await writePinned(guard, folders, name, rel, data, signal);
  else await writeChecked(guard, folders, name, rel, data, signal);
}

/** Linux: every step after the walk goes through the open folder. */
async function writePinned(guard: WorkspaceGuard, folders: string[], name: string, rel: string, data: string | Uint8Array, signal: AbortSignal): Promise<void> {
  let dir = await open(guard.root, constants.O_RDONLY | O_DIRECTORY);
  try {
    if ((await whereOpen(dir)) !== guard.root) throw moved(rel);
    for (const folder of folders) {
      const next = `/proc/self/fd/${dir.fd}/${folder}`;
      const child = await openFolder(next, rel);
      await dir.close();
      dir = child;
    }
    const expected = join(guard.root, ...folders);
    if ((await whereOpen(dir)) !== expected || !guard.allows(join(expected, name))) throw moved(rel);
    const at = (entry: string) => `/proc/self/fd/${dir.fd}/${entry}`;
    const tmp = tempName(name);
    await writeTemp(at(tmp), at(name), data, signal);
    try {
      await rename(at(tmp), at(name));
    } catch (e) {
      await rm(at(tmp), { force: true });
      throw e;
    }
    await dir.sync().catch(() => undefined);
    // The folder itself may have been moved out of the workspace meanwhile: then the file went with it.
    const after = await whereOpen(dir);
    if (after === undefined || !guard.allows(join(after, name))) {
      await rm(at(name), { force: true });
      throw moved(rel);
    }
  } finally {
    await dir.close();
  }
}

/** Opens a folder without following a link, creating it when missing. */
async function openFolder(path: string, rel: string): Promise<FileHandle> {
  const flags = constants.O_RDONLY | O_DIRECTORY | O_NOFOLLOW;
  try {
    return await open(path, flags);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'ENOTDIR') throw moved(rel, e);
    if (code !== 'ENOENT') throw e;
  }
  await mkdir(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e;
  });
  try {
    return await open(path, flags);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'ENOTDIR') throw moved(rel, e);
    throw e;
  }
}

/** Elsewhere: no link on the way, and the folder's real path checked before and after the rename. */
async function writeChecked(guard: WorkspaceGuard, folders: string[], name: string, rel: string, data: string | Uint8Array, signal: AbortSignal): Promise<void> {
  let dir = guard.root;
  for (const folder of folders) {
    dir = join(dir, folder);
    let info = await lstat(dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (!info) {
      await mkdir(dir).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
      });
      info = await lstat(dir);
    }
    if (info.isSymbolicLink() || !info.isDirectory()) throw moved(rel);
  }
  const stillThere = async () => (await realpath(dir)) === dir && guard.allows(join(dir, name));
  if (!(await stillThere())) throw moved(rel);
  const tmp = join(dir, tempName(name));
  const ino = await writeTemp(tmp, join(dir, name), data, signal);
  if (!(await stillThere())) {
    await rm(tmp, { force: true });
    throw moved(rel);
  }
  try {
    await rename(tmp, join(dir, name));
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  const landed = await lstat(join(dir, name)).catch(() => undefined);
  if (!(await stillThere()) || landed?.ino !== ino) throw moved(rel);
}

function tempName(name: string): string {
  return `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/** Writes the temporary file (new, never through a link) with the target's mode kept; answers its inode. */
async function writeTemp(tmp: string, target: string, data: string | Uint8Array, signal: AbortSignal): Promise<number> {
  const existing = await lstat(target).catch(() => undefined);
  const keep = existing?.isFile() ? existing.mode & 0o7777 : undefined;
  const handle = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, keep ?? 0o666);
  let ino: number;
  try {
    // open() applies the umask; an existing file's mode is kept exactly.
    if (keep !== undefined) await handle.chmod(keep);
    await handle.writeFile(data);
    await handle.sync();
    ino = (await handle.stat()).ino;
    signal.throwIfAborted();
  } catch (e) {
    await handle.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  return ino;
}

/**
 * Removes the file at `abs`, a path inside the workspace, without following a
 * link on the way: a folder on its path that became a link (out of the
 * workspace, or anywhere) is refused with `outside-workspace`, so nothing
 * outside can be deleted through it. A file that is itself a link is removed
 * as a link; its target is never touched. Missing: nothing to do.
 */
export async function removeConfined(guard: WorkspaceGuard, abs: string, rel: string, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  if (!isInsideLexically(guard.root, abs) || abs === guard.root) throw moved(rel);
  const folders = relative(guard.root, dirname(abs)).split(sep).filter(Boolean);
  const name = basename(abs);
  if (await hasProcFd()) {
    let dir = await open(guard.root, constants.O_RDONLY | O_DIRECTORY);
    try {
      if ((await whereOpen(dir)) !== guard.root) throw moved(rel);
      for (const folder of folders) {
        const child = await open(`/proc/self/fd/${dir.fd}/${folder}`, constants.O_RDONLY | O_DIRECTORY | O_NOFOLLOW).catch((e: NodeJS.ErrnoException) => {
          if (e.code === 'ENOENT') return undefined;
          if (e.code === 'ELOOP' || e.code === 'ENOTDIR') throw moved(rel, e);
          throw e;
        });
        await dir.close();
        if (!child) return;
        dir = child;
      }
      const where = await whereOpen(dir);
      if (where === undefined || !guard.allows(join(where, name))) throw moved(rel);
      const entry = `/proc/self/fd/${dir.fd}/${name}`;
      const info = await lstat(entry).catch(() => undefined);
      if (!info) return;
      if (info.isDirectory()) throw new PunieError('conflict', `${rel} is now a folder, so it was not removed.`);
      await rm(entry, { force: true });
    } finally {
      await dir.close();
    }
    return;
  }
  let dir = guard.root;
  for (const folder of folders) {
    dir = join(dir, folder);
    const info = await lstat(dir).catch(() => undefined);
    if (!info) return;
    if (info.isSymbolicLink() || !info.isDirectory()) throw moved(rel);
  }
  if ((await realpath(dir)) !== dir || !guard.allows(join(dir, name))) throw moved(rel);
  const info = await lstat(join(dir, name)).catch(() => undefined);
  if (!info) return;
  if (info.isDirectory()) throw new PunieError('conflict', `${rel} is now a folder, so it was not removed.`);
  await rm(join(dir, name), { force: true });
}

function isInsideLexically(root: string, abs: string): boolean {
  const r = relative(root, abs);
  return r !== '' && r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r);
}
