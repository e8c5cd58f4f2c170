import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { diskTree, electronImport, importSpecifiers, layoutProblems, productionFolderFiles, type SourceTree } from './importGraph';

const repoRoot = resolve(import.meta.dirname, '..');

function memoryTree(files: Record<string, string>): SourceTree {
  return { read: (file) => files[file] };
}

const ENTRIES = ['electron/main/index.ts'];

describe('importSpecifiers', () => {
  it('finds static, type-only, re-exported, side-effect and dynamic imports', () => {
    const source = [
      "import { a } from './a';",
      "import type { B } from '../b';",
      "export { c } from './c';",
      "import './d.css';",
      "const e = await import('./e');",
      "type F = typeof import('./f').F;",
      "import {\n  g,\n} from './g';",
      "import { readFile } from 'node:fs/promises';",
    ].join('\n');
    expect(importSpecifiers(source)).toEqual(['./a', '../b', './c', './d.css', './e', './f', './g', 'node:fs/promises']);
  });
});

describe('electronImport', () => {
  it('tells a runtime import from a type-only one', () => {
    expect(electronImport("import { app, type App } from 'electron';")).toBe('runtime');
    expect(electronImport("import type { App } from 'electron';\nimport { x } from './x';")).toBe('types');
    expect(electronImport("import type {\n  App,\n} from 'electron';\nimport { shell } from 'electron';")).toBe('runtime');
    expect(electronImport("const { app } = await import('electron');")).toBe('runtime');
    expect(electronImport("import { x } from 'electron-updater';\nimport { y } from './electron';")).toBeUndefined();
  });
});

describe('layoutProblems', () => {
  it('accepts a tree whose every production file ships, through value and type-only imports', () => {
    const tree = memoryTree({
      'electron/main/index.ts': "import { run } from './run';\nimport type { Port } from './ports';",
      'electron/main/run.ts': "import { shared } from '@shared/util';\nimport { x } from '../core';",
      'electron/main/ports.ts': 'export interface Port {}',
      'electron/core/index.ts': 'export const x = 1;',
      'shared/util.ts': 'export const shared = 1;',
      'electron/main/run.test.ts': "import { fake } from '../../test/support/main/fake';",
      'test/support/main/fake.ts': "import { run } from '../../../electron/main/run';",
    });
    const files = ['electron/main/index.ts', 'electron/main/run.ts', 'electron/main/ports.ts', 'electron/core/index.ts', 'shared/util.ts', 'electron/main/run.test.ts'];
    expect(layoutProblems(tree, files, ENTRIES)).toEqual([]);
  });

  it('fails when a production entry reaches test support, naming the chain', () => {
    const tree = memoryTree({
      'electron/main/index.ts': "import { wire } from './wire';",
      'electron/main/wire.ts': "const fake = await import('../../test/support/main/fake');",
      'test/support/main/fake.ts': 'export const fake = 1;',
    });
    expect(layoutProblems(tree, ['electron/main/index.ts', 'electron/main/wire.ts'], ENTRIES)).toEqual([
      { file: 'test/support/main/fake.ts', message: 'test code reached from a production entry: electron/main/index.ts → electron/main/wire.ts → test/support/main/fake.ts' },
    ]);
  });

  it('fails when a production entry reaches a test file or e2e code', () => {
    const tree = memoryTree({
      'electron/main/index.ts': "import { a } from './a.test';\nimport { b } from '../../e2e/fake-server/fakeServer';",
      'electron/main/a.test.ts': 'export const a = 1;',
      'e2e/fake-server/fakeServer.ts': 'export const b = 1;',
    });
    expect(layoutProblems(tree, ['electron/main/index.ts', 'electron/main/a.test.ts'], ENTRIES).map((p) => p.file)).toEqual(['electron/main/a.test.ts', 'e2e/fake-server/fakeServer.ts']);
  });

  it('fails on a file under a production folder that only tests import', () => {
    const tree = memoryTree({
      'electron/main/index.ts': 'export {};',
      'electron/main/harness.ts': 'export const harness = 1;',
      'electron/main/index.test.ts': "import { harness } from './harness';",
    });
    const problems = layoutProblems(tree, ['electron/main/index.ts', 'electron/main/harness.ts', 'electron/main/index.test.ts'], ENTRIES);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.file).toBe('electron/main/harness.ts');
    expect(problems[0]!.message).toMatch(/move it to test\/support\/<layer>\//);
  });

  it("keeps Electron calls in the shell: the rest of main may import its types, the engine nothing", () => {
    const tree = memoryTree({
      'electron/main/index.ts': "import './shell/app';\nimport './policy';\nimport './window';\nimport '../core/engine';",
      'electron/main/shell/app.ts': "import { app } from 'electron';",
      'electron/main/policy.ts': "import type { Session } from 'electron';",
      'electron/main/window.ts': "import { BrowserWindow } from 'electron';",
      'electron/core/engine.ts': "import type { App } from 'electron';",
    });
    const problems = layoutProblems(tree, ['electron/main/index.ts', 'electron/main/shell/app.ts', 'electron/main/policy.ts', 'electron/main/window.ts', 'electron/core/engine.ts'], ENTRIES);
    expect(problems.map((p) => p.file)).toEqual(['electron/main/window.ts', 'electron/core/engine.ts']);
    expect(problems[0]!.message).toMatch(/move it to electron\/main\/shell\//);
  });

  it('lets a folder listed as pending wiring go unreached, and says when it is wired', () => {
    const files = ['electron/main/index.ts', 'electron/core/mcp/host.ts', 'electron/core/mcp/host.test.ts'];
    const unwired = memoryTree({ 'electron/main/index.ts': 'export {};', 'electron/core/mcp/host.ts': 'export {};', 'electron/core/mcp/host.test.ts': "import './host';" });
    expect(layoutProblems(unwired, files, ENTRIES, { 'electron/core/mcp/': 'lands first' })).toEqual([]);
    const wired = memoryTree({ 'electron/main/index.ts': "import '../core/mcp/host';", 'electron/core/mcp/host.ts': 'export {};', 'electron/core/mcp/host.test.ts': "import './host';" });
    expect(layoutProblems(wired, files, ENTRIES, { 'electron/core/mcp/': 'lands first' })).toEqual([
      { file: 'electron/core/mcp/', message: 'every file here is wired into production now: remove it from PENDING_WIRING in scripts/importGraph.ts' },
    ]);
  });

  it('fails when an entry is missing', () => {
    expect(layoutProblems(memoryTree({}), [], ENTRIES)).toEqual([{ file: 'electron/main/index.ts', message: 'production entry not found' }]);
  });

  it('holds for this repository', () => {
    expect(layoutProblems(diskTree(repoRoot), productionFolderFiles(repoRoot))).toEqual([]);
  });
});

describe('scripts/check-layout.mjs (the build step)', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function tree(files: Record<string, string>): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), 'punie-layout-'));
    for (const [file, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, file)), { recursive: true });
      await writeFile(join(dir, file), text);
    }
    return dir;
  }

  const entries = {
    'electron/preload/index.ts': 'export {};',
    'electron/cli/main.ts': 'export {};',
    'renderer/src/index.tsx': 'export {};',
    'renderer/src/quick.tsx': 'export {};',
  };

  function checkLayout(root: string) {
    return spawnSync(process.execPath, [join(repoRoot, 'scripts/check-layout.mjs'), root], { encoding: 'utf8', timeout: 60_000 });
  }

  it('exits 1 and names the file when main reaches test support', async () => {
    const root = await tree({
      ...entries,
      'electron/main/index.ts': "import { fakeElectron } from '../../test/support/main/fakeElectron';",
      'test/support/main/fakeElectron.ts': 'export const fakeElectron = 1;',
    });
    const r = checkLayout(root);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('check-layout: test/support/main/fakeElectron.ts: test code reached from a production entry: electron/main/index.ts → test/support/main/fakeElectron.ts');
  });

  it('exits 0 on a clean tree', async () => {
    const root = await tree({ ...entries, 'electron/main/index.ts': 'export {};' });
    const r = checkLayout(root);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
