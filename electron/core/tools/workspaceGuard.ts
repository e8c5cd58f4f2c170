import { lstat, readlink, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PunieError } from '../errors';

/**
 * The one gate every tool path goes through. A path the model sends is
 * resolved the way the operating system would resolve it (`..`, absolute
 * paths, `~`, symlinks at any depth, including dangling ones and symlinked
 * folders) and refused with `outside-workspace` unless the real location is
 * inside the workspace and outside every denied root (the app's own data
 * folder). Tools then work on the real path the guard returns, never on the
 * string the model sent.
 */

export interface ResolvedPath {
  /** The real absolute path (symlinks resolved) that tools operate on. */
  abs: string;
  /** The same path relative to the workspace root ('.' for the root), for messages and diffs. */
  rel: string;
  /** Whether something exists at that path now. */
  exists: boolean;
}

export interface WorkspaceGuard {
  /** The workspace root, real path. */
  readonly root: string;
  /** Resolves a path the model sent; throws PunieError `outside-workspace` or `invalid-tool-call`. */
  resolve(input: string): Promise<ResolvedPath>;
  /** True when a real absolute path is inside the workspace and not in a denied root (for walks). */
  allows(realAbs: string): boolean;
  /** Relative display path of a real absolute path inside the workspace. */
  relativePath(realAbs: string): string;
}

export interface WorkspaceGuardOptions {
  root: string;
  /** Folders never readable or writable even when inside the workspace (Punie's data folder). */
  deniedRoots?: readonly string[];
  /** Used to expand `~`; defaults to the user's home folder. */
  homeDir?: string;
}

/** Symlink hops followed before giving up, as the kernel does (ELOOP). */
const MAX_LINK_HOPS = 40;
const MAX_PATH_CHARS = 4096;

export async function createWorkspaceGuard(options: WorkspaceGuardOptions): Promise<WorkspaceGuard> {
  let root: string;
  try {
    root = await realpath(resolve(options.root));
    if (!(await stat(root)).isDirectory()) throw new Error('not a directory');
  } catch (cause) {
    throw new PunieError('not-found', `The workspace folder ${options.root} does not exist or is not a folder.`, {
      hint: 'Pick an existing folder as the workspace.',
      cause,
    });
  }
  const home = options.homeDir ?? homedir();
  const denied = await Promise.all((options.deniedRoots ?? []).map((d) => realLocation(resolve(d))));

  const allows = (abs: string): boolean => isInside(root, abs) && !denied.some((d) => isInside(d, abs));
  const relativePath = (abs: string): string => relative(root, abs) || '.';

  return {
    root,
    allows,
    relativePath,
    async resolve(input: string): Promise<ResolvedPath> {
      if (typeof input !== 'string' || input.includes('\0') || input.length > MAX_PATH_CHARS) {
        throw new PunieError('invalid-tool-call', 'The path is not a valid file path.');
      }
      const lexical = lexicalPath(root, home, input.trim());
      const abs = await realLocation(lexical);
      if (!isInside(root, abs)) {
        throw new PunieError(
          'outside-workspace',
          `"${input}" is outside the workspace. Only files inside the workspace (${root}) can be used; pass a path relative to it.`,
        );
      }
      if (denied.some((d) => isInside(d, abs))) {
        throw new PunieError('outside-workspace', `"${input}" is in Punie's own data folder, which tools may not use.`);
      }
      return { abs, rel: relativePath(abs), exists: await pathExists(abs) };
    },
  };
}

/**
 * Resolves a path again at the moment of use (after a permission wait) and
 * checks it still leads where it did when it was shown: `outside-workspace`
 * when it now leads out, `conflict` when it now leads to another file.
 */
export async function resolveAgain(guard: WorkspaceGuard, input: string, before: ResolvedPath): Promise<ResolvedPath> {
  const now = await guard.resolve(input);
  if (now.abs !== before.abs) {
    throw new PunieError('conflict', `${before.rel} now leads to ${now.rel} (something on its path changed while waiting for permission), so it was not used. Check the path and try again.`);
  }
  return now;
}

function lexicalPath(root: string, home: string, input: string): string {
  if (input === '' || input === '.') return root;
  if (input === '~') return home;
  if (input.startsWith('~/') || input.startsWith('~\\')) return resolve(home, input.slice(2));
  return isAbsolute(input) ? resolve(input) : resolve(root, input);
}

/**
 * The real location a path refers to, even when it does not exist yet: the
 * real path of the deepest existing ancestor plus the rest, following
 * dangling symlinks by hand (writing through one would create its target).
 */
async function realLocation(path: string): Promise<string> {
  let current = path;
  const rest: string[] = [];
  let linkHops = 0;
  // Each step either follows a link (bounded) or climbs one folder (bounded by the path's depth).
  for (let step = 0; step < MAX_LINK_HOPS + MAX_PATH_CHARS; step++) {
    try {
      const real = await realpath(current);
      return rest.length === 0 ? real : join(real, ...rest.slice().reverse());
    } catch (e) {
      if (!isMissing(e)) throw loopError(path, e);
    }
    const link = await lstat(current).catch(() => undefined);
    if (link?.isSymbolicLink()) {
      if (++linkHops > MAX_LINK_HOPS) throw loopError(path);
      current = resolve(dirname(current), await readlink(current));
      continue;
    }
    const parent = dirname(current);
    if (parent === current) return join(current, ...rest.slice().reverse());
    rest.push(basename(current));
    current = parent;
  }
  throw loopError(path);
}

function loopError(path: string, cause?: unknown): PunieError {
  return new PunieError('invalid-tool-call', `"${path}" could not be resolved (too many symbolic links or an unreadable folder).`, { cause });
}

function isMissing(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export function isInside(parent: string, child: string): boolean {
  if (child === parent) return true;
  const prefix = parent.endsWith(sep) ? parent : parent + sep;
  return child.startsWith(prefix);
}

async function pathExists(abs: string): Promise<boolean> {
  try {
    await lstat(abs);
    return true;
  } catch {
    return false;
  }
}
