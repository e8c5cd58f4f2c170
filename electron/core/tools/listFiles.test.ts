import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createToolRegistry } from './toolRegistry';
import { makeTempWorkspace, type TempWorkspace } from '../../../test/support/core/tempWorkspace';

let ws: TempWorkspace;
const registry = createToolRegistry();
beforeEach(async () => {
  ws = await makeTempWorkspace();
  await ws.write('README.md', '# hi');
  await ws.write('src/app.ts', 'app');
  await ws.write('src/app.test.ts', 'test');
  await ws.write('src/util/strings.ts', 'strings');
  await ws.write('.gitignore', 'dist/\n*.log\n');
  await ws.write('dist/bundle.js', 'bundle');
  await ws.write('debug.log', 'log');
  await ws.write('src/.gitignore', 'generated.ts\n');
  await ws.write('src/generated.ts', 'gen');
  await ws.write('.git/HEAD', 'ref');
});
afterEach(() => ws.cleanup());

const list = async (args: Record<string, unknown>, limits = {}) => registry.execute('list_files', args, await ws.context({ limits }));

describe('list_files', () => {
  it('lists files under the workspace, honouring nested .gitignore files and skipping .git', async () => {
    const out = await list({});
    expect(out.content.split('\n')).toEqual(['.gitignore', 'README.md', 'src/.gitignore', 'src/app.test.ts', 'src/app.ts', 'src/util/strings.ts']);
    expect(out.meta).toMatchObject({ files: 6, truncated: false });
  });

  it('lists a subfolder and filters by glob', async () => {
    expect((await list({ path: 'src/util' })).content).toBe('src/util/strings.ts');
    expect((await list({ glob: '*.test.ts' })).content).toBe('src/app.test.ts');
    expect((await list({ path: 'src', glob: 'util/**' })).content).toBe('src/util/strings.ts');
    expect((await list({ glob: '*.py' })).content).toBe('No files matching *.py in the workspace.');
  });

  it('lists a folder asked for by name even when it is ignored', async () => {
    expect((await list({ path: 'dist' })).content).toBe('dist/bundle.js');
  });

  it('caps the listing with a note, shallow files first', async () => {
    const out = await list({}, { listMaxFiles: 2 });
    expect(out.content).toBe('.gitignore\nREADME.md\n\n[Only the first 2 files are listed. Narrow the listing with path or glob.]');
    expect(out.meta?.truncated).toBe(true);
  });

  it('does not follow symlinked folders and leaves out links that lead outside', async () => {
    await ws.link('outdir', ws.outside);
    await ws.link('leak.txt', join(ws.outside, 'secret.txt'));
    await ws.link('alias.ts', 'src/app.ts');
    const out = await list({});
    expect(out.content).not.toContain('secret');
    expect(out.content).not.toContain('outdir');
    expect(out.content).toContain('alias.ts');
    await expect(list({ path: 'outdir' })).rejects.toMatchObject({ code: 'outside-workspace' });
    await expect(list({ path: '..' })).rejects.toMatchObject({ code: 'outside-workspace' });
  });

  it('leaves out denied folders inside the workspace', async () => {
    await ws.write('.punie/history.log', 'x');
    const out = await registry.execute('list_files', {}, await ws.context({ deniedRoots: [join(ws.root, '.punie')] }));
    expect(out.content).not.toContain('history.log');
  });

  it('says a file is not a folder', async () => {
    await expect(list({ path: 'README.md' })).rejects.toMatchObject({ message: expect.stringContaining('read_file') });
  });
});
