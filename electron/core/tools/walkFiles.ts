import type { Dirent } from 'node:fs';
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { PunieError } from '../errors';
import type { WorkspaceGuard } from './workspaceGuard';

/**
 * A bounded, breadth-first walk of the files under a folder of the
 * workspace: honours every .gitignore on the way (nested ones apply to their
 * own folder), never enters .git, never follows a symlinked folder, lists a
 * symlinked file only when its target is inside the workspace, and skips
 * denied roots. Shallow files come first, so a capped listing is the top of
 * the tree.
 */

export interface WalkOptions {
  guard: WorkspaceGuard;
  /** Real absolute path of the folder to walk (already resolved by the guard). */
  start: string;
  /** Glob matched against paths relative to `start`; a pattern without `/` matches file names at any depth. */
  glob?: string;
  signal: AbortSignal;
  /** Directory entries visited before the walk stops. */
  maxEntries: number;
}

export interface WalkedFile {
  abs: string;
  /** Relative to the workspace root, with `/` separators. */
  rel: string;
}

export interface WalkResult {
  /** True when the walk stopped at `maxEntries` or the caller stopped early. */
  stoppedEarly: boolean;
}

const ALWAYS_SKIPPED = new Set(['.git']);
const GITIGNORE = '.gitignore';

interface Scope {
  /** Folder the .gitignore sits in, relative to the workspace root ('' for the root). */
  dir: string;
  rules: Ignore;
}

/**
 * Calls `visit` for each file, in breadth-first order; `visit` returns false
 * to stop. Resolves with whether the walk was cut short.
 */
export async function walkFiles(options: WalkOptions, visit: (file: WalkedFile) => boolean | Promise<boolean>): Promise<WalkResult> {
  const { guard, signal } = options;
  const matcher = options.glob ? compileGlob(options.glob) : undefined;
  const startRel = toPosix(relative(guard.root, options.start));
  const above = await ancestorScopes(guard.root, startRel);
  // A folder asked for by name is listed even when a .gitignore above it ignores it.
  const inherited = startRel && isIgnored(above, startRel, true) ? [] : above;
  const queue: ({ abs: string; rel: string; scopes: Scope[] } | undefined)[] = [{ abs: options.start, rel: startRel, scopes: inherited }];
  let visited = 0;
  for (let head = 0; head < queue.length; head++) {
    if (signal.aborted) throw new PunieError('aborted', 'Stopped.');
    const folder = queue[head];
    if (!folder) continue;
    queue[head] = undefined; // let finished folders be collected
    const scopes = await withOwnGitignore(folder.abs, folder.rel, folder.scopes);
    let entries: Dirent[];
    try {
      entries = await readdir(folder.abs, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: skip it, keep walking
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (++visited > options.maxEntries) return { stoppedEarly: true };
      if (ALWAYS_SKIPPED.has(entry.name)) continue;
      const abs = join(folder.abs, entry.name);
      const rel = folder.rel ? `${folder.rel}/${entry.name}` : entry.name;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        // Never descend through a link (no cycles, no way out); list a linked file whose target stays inside.
        const target = await realpath(abs).catch(() => undefined);
        if (!target || !guard.allows(target)) continue;
        isDir = false;
        isFile = (await stat(target).catch(() => undefined))?.isFile() ?? false;
      }
      if (!guard.allows(abs)) continue;
      if (isIgnored(scopes, rel, isDir)) continue;
      if (isDir) {
        queue.push({ abs, rel, scopes });
      } else if (isFile) {
        const fromStart = startRel ? rel.slice(startRel.length + 1) : rel;
        if (matcher && !matcher(fromStart)) continue;
        if (!(await visit({ abs, rel }))) return { stoppedEarly: true };
      }
    }
  }
  return { stoppedEarly: false };
}

function compileGlob(glob: string): (path: string) => boolean {
  const patterns = glob.includes('{') ? [glob] : glob.split(',').map((g) => g.trim()).filter(Boolean);
  return picomatch(patterns.length > 0 ? patterns : [glob], { dot: true, basename: !glob.includes('/') });
}

function isIgnored(scopes: Scope[], rel: string, isDir: boolean): boolean {
  for (const scope of scopes) {
    const local = scope.dir ? rel.slice(scope.dir.length + 1) : rel;
    if (!local) continue;
    if (scope.rules.ignores(isDir ? `${local}/` : local)) return true;
  }
  return false;
}

async function withOwnGitignore(abs: string, rel: string, scopes: Scope[]): Promise<Scope[]> {
  const text = await readFile(join(abs, GITIGNORE), 'utf8').catch(() => undefined);
  return text === undefined ? scopes : [...scopes, { dir: rel, rules: ignore().add(text) }];
}

/** The .gitignore files of the folders above the start folder, root first. */
async function ancestorScopes(root: string, startRel: string): Promise<Scope[]> {
  if (!startRel) return [];
  const parts = startRel.split('/');
  let scopes: Scope[] = [];
  for (let i = 0; i < parts.length; i++) {
    const rel = parts.slice(0, i).join('/');
    scopes = await withOwnGitignore(join(root, ...parts.slice(0, i)), rel, scopes);
  }
  return scopes;
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}
