import { chmod, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createToolRegistry } from './toolRegistry';
import { makeTempWorkspace, type TempWorkspace } from '../../../test/support/core/tempWorkspace';

let ws: TempWorkspace;
const registry = createToolRegistry();
beforeEach(async () => {
  ws = await makeTempWorkspace();
});
afterEach(() => ws.cleanup());

describe('write_file', () => {
  it('previews a new file as a diff from /dev/null and writes nothing until run', async () => {
    const { tool, call } = await registry.prepare('write_file', { path: 'src/new/hello.ts', content: 'a\nb\n' }, await ws.context());
    expect(tool.needsPermission).toBe(true);
    expect(call.preview.summary).toBe('Create src/new/hello.ts');
    expect(call.preview.diff).toBe('--- /dev/null\n+++ b/src/new/hello.ts\n@@ -0,0 +1,2 @@\n+a\n+b\n');
    await expect(stat(join(ws.root, 'src/new/hello.ts'))).rejects.toMatchObject({ code: 'ENOENT' });

    const out = await call.run();
    expect(await readFile(join(ws.root, 'src/new/hello.ts'), 'utf8')).toBe('a\nb\n');
    expect(out.content).toBe('Created src/new/hello.ts (2 lines, 4 B; +2 -0).');
    expect(out.meta).toMatchObject({ path: 'src/new/hello.ts', created: true, lines: 2, bytes: 4 });
    expect(await readdir(join(ws.root, 'src/new'))).toEqual(['hello.ts']); // no temp file left behind
  });

  it('replaces an existing file, keeping its permissions, with a diff of the change', async () => {
    const abs = await ws.write('run.sh', 'echo one\necho two\n');
    await chmod(abs, 0o755);
    const { call } = await registry.prepare('write_file', { path: 'run.sh', content: 'echo one\necho three\n' }, await ws.context());
    expect(call.preview.summary).toBe('Overwrite run.sh');
    expect(call.preview.diff).toContain('-echo two\n+echo three');
    await call.run();
    expect(await readFile(abs, 'utf8')).toBe('echo one\necho three\n');
    expect((await stat(abs)).mode & 0o777).toBe(0o755);
  });

  it('refuses to write when the file changed after the preview', async () => {
    const abs = await ws.write('a.txt', 'old\n');
    const { call } = await registry.prepare('write_file', { path: 'a.txt', content: 'new\n' }, await ws.context());
    await writeFile(abs, 'edited by the user meanwhile\n');
    await expect(call.run()).rejects.toMatchObject({ code: 'conflict' });
    expect(await readFile(abs, 'utf8')).toBe('edited by the user meanwhile\n');
  });

  it('refuses paths outside the workspace, through symlinks too, and folders', async () => {
    await ws.link('out', ws.outside);
    await ws.link('dangling.txt', join(ws.outside, 'created.txt'));
    await ws.write('dir/x.txt', 'x');
    const ctx = await ws.context();
    for (const path of ['../outside/evil.txt', join(ws.outside, 'evil.txt'), 'out/evil.txt', 'dangling.txt', '~/evil.txt']) {
      await expect(registry.prepare('write_file', { path, content: 'x' }, ctx), path).rejects.toMatchObject({ code: 'outside-workspace' });
    }
    await expect(registry.prepare('write_file', { path: 'dir', content: 'x' }, ctx)).rejects.toMatchObject({ code: 'invalid-tool-call' });
    expect(await readdir(ws.outside)).toEqual(['secret.txt']);
  });

  it('refuses content over the size cap', async () => {
    const ctx = await ws.context({ limits: { editMaxFileBytes: 10 } });
    await expect(registry.prepare('write_file', { path: 'big.txt', content: 'x'.repeat(11) }, ctx)).rejects.toMatchObject({
      message: expect.stringContaining('too large'),
    });
  });
});
