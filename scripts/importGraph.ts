// The source tree's import graph, read from the files themselves (type-only
// imports included, since a type a production file uses is production code),
// and the two layout rules the build enforces with it:
// - no production entry reaches test code (a test file or test/support/), and
// - every non-test file under the production folders is reached from a
//   production entry; a file only tests import belongs in test/support/<layer>/;
// - only the shell (electron/main/shell/) and the preload call Electron: the
//   rest of electron/main may import its types, and the engine, the CLI,
//   shared/ and the renderer do not import it at all.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** What ships: the entries electron-vite and the CLI bundle start from. */
export const PRODUCTION_ENTRIES = [
  'electron/main/index.ts',
  'electron/preload/index.ts',
  'electron/cli/main.ts',
  'renderer/src/index.tsx',
  'renderer/src/quick.tsx',
];

/**
 * Folders whose engine lands before its wiring (each with its reason): their
 * files may be unreached for now. Once a production entry reaches all of a
 * folder's files, the check says to remove it from here.
 */
export const PENDING_WIRING: Readonly<Record<string, string>> = {};

/** Folders whose files ship (or are shared by what ships). */
export const PRODUCTION_FOLDERS = ['electron', 'shared', 'renderer/src'];

/** Test-only code: test files anywhere, and the test-support home. */
export function isTestCode(file: string): boolean {
  return /\.test\.tsx?$/.test(file) || /\.spec\.tsx?$/.test(file) || file.startsWith('test/') || file.startsWith('e2e/') || file.startsWith('bench/');
}

const EXTENSIONS = ['.ts', '.tsx', '.mts'];

// import x from '…', import type { X } from '…', export { x } from '…',
// import '…', import('…') and typeof import('…').
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])([^'"\n]+)\1/gm;

/** Where a file may import 'electron': 'runtime', 'types' (`import type` only) or 'never'. */
export function electronAllowed(file: string): 'runtime' | 'types' | 'never' {
  if (file.startsWith('electron/main/shell/') || file.startsWith('electron/preload/')) return 'runtime';
  if (file.startsWith('electron/main/')) return 'types';
  return 'never';
}

/** How a source text imports 'electron': 'runtime', 'types' or not at all (undefined). */
export function electronImport(source: string): 'runtime' | 'types' | undefined {
  let found: 'types' | undefined;
  for (const m of source.matchAll(/(^\s*import\s+type\s[^;]*?from\s*|\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])electron\2/gm)) {
    if (!/^\s*import\s+type\s/.test(m[1]!)) return 'runtime';
    found = 'types';
  }
  return found;
}

/** The module specifiers a source text imports (static, type-only and dynamic). */
export function importSpecifiers(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(SPECIFIER)) out.push(m[2]!);
  return out;
}

export interface SourceTree {
  /** Reads a repository-relative file, or undefined when there is none. */
  read(file: string): string | undefined;
}

/** The repository-relative file a relative or `@shared/` specifier names, if it is in the tree. */
export function resolveSpecifier(tree: SourceTree, from: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith('@shared/')) base = 'shared/' + specifier.slice('@shared/'.length);
  else if (specifier.startsWith('.')) base = join(dirname(from), specifier).split(sep).join('/');
  else return undefined; // a package
  const candidates = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => `${base}/index${e}`)];
  return candidates.find((c) => /\.(m?ts|tsx)$/.test(c) && tree.read(c) !== undefined);
}

/** Every file reachable from the entries, each with the chain that first reached it. */
export function reachable(tree: SourceTree, entries: readonly string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const queue: string[] = [];
  for (const e of entries) {
    if (tree.read(e) === undefined) continue;
    seen.set(e, [e]);
    queue.push(e);
  }
  for (let i = 0; i < queue.length; i += 1) {
    const file = queue[i]!;
    for (const spec of importSpecifiers(tree.read(file)!)) {
      const target = resolveSpecifier(tree, file, spec);
      if (target === undefined || seen.has(target)) continue;
      seen.set(target, [...seen.get(file)!, target]);
      queue.push(target);
    }
  }
  return seen;
}

export interface LayoutProblem {
  file: string;
  message: string;
}

/**
 * The layout rules over a tree: `files` lists every source file under the
 * production folders (repository-relative).
 */
export function layoutProblems(
  tree: SourceTree,
  files: readonly string[],
  entries: readonly string[] = PRODUCTION_ENTRIES,
  pending: Readonly<Record<string, string>> = PENDING_WIRING,
): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  for (const e of entries) if (tree.read(e) === undefined) problems.push({ file: e, message: 'production entry not found' });
  const reached = reachable(tree, entries);
  for (const [file, chain] of reached) {
    if (isTestCode(file)) problems.push({ file, message: `test code reached from a production entry: ${chain.join(' → ')}` });
  }
  for (const file of files) {
    if (isTestCode(file)) continue;
    const electron = electronImport(tree.read(file) ?? '');
    const allowed = electronAllowed(file);
    if (electron === 'runtime' && allowed !== 'runtime') {
      problems.push({ file, message: allowed === 'types' ? "calls Electron outside the shell: move it to electron/main/shell/, or keep the decision here and import only Electron's types" : "imports 'electron': only electron/main/shell/ and the preload may" });
    } else if (electron === 'types' && allowed === 'never') {
      problems.push({ file, message: "imports 'electron': only electron/main/shell/ and the preload may" });
    }
    if (file.endsWith('.d.ts') || reached.has(file)) continue;
    if (Object.keys(pending).some((prefix) => file.startsWith(prefix))) continue;
    problems.push({ file, message: 'no production entry imports this file: if only tests use it, move it to test/support/<layer>/; if nothing does, delete it' });
  }
  for (const prefix of Object.keys(pending)) {
    const inFolder = files.filter((f) => f.startsWith(prefix) && !isTestCode(f) && !f.endsWith('.d.ts'));
    if (inFolder.length > 0 && inFolder.every((f) => reached.has(f))) {
      problems.push({ file: prefix, message: 'every file here is wired into production now: remove it from PENDING_WIRING in scripts/importGraph.ts' });
    }
  }
  return problems;
}

/** The tree on disk under `root`. */
export function diskTree(root: string): SourceTree {
  const cache = new Map<string, string | undefined>();
  return {
    read(file) {
      if (!cache.has(file)) {
        const path = resolve(root, file);
        cache.set(file, existsSync(path) && statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined);
      }
      return cache.get(file);
    },
  };
}

/** Every .ts/.tsx file under the production folders of `root`. */
export function productionFolderFiles(root: string, folders: readonly string[] = PRODUCTION_FOLDERS): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 20 || !existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, depth + 1);
      else if (/\.(m?ts|tsx)$/.test(entry.name)) out.push(relative(root, path).split(sep).join('/'));
    }
  };
  for (const f of folders) walk(resolve(root, f), 0);
  return out.sort();
}
