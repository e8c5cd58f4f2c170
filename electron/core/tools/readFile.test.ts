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

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

describe('read_file', () => {
  it('returns the text of a file', async () => {
    await ws.write('notes.txt', 'The launch code is 1234.\nSecond line.\n');
    const out = await registry.execute('read_file', { path: 'notes.txt' }, await ws.context());
    expect(out.content).toBe('The launch code is 1234.\nSecond line.');
    expect(out.meta).toMatchObject({ path: 'notes.txt', lines: 2, truncated: false });
  });

  it('reads a window of lines with offset and limit, saying where to continue', async () => {
    await ws.write('big.txt', lines(10));
    const out = await registry.execute('read_file', { path: 'big.txt', offset: 3, limit: 2 }, await ws.context());
    expect(out.content).toBe('line 3\nline 4\n\n[Showing lines 3-4 of 10. To read more, call read_file with offset=5.]');
    expect(out.meta?.truncated).toBe(true);
  });

  it('accepts numbers sent as strings, as small models do', async () => {
    await ws.write('big.txt', lines(10));
    const out = await registry.execute('read_file', { path: 'big.txt', offset: '9' }, await ws.context());
    expect(out.content).toBe('line 9\nline 10\n\n[Showing lines 9-10 (the end of the file).]');
  });

  it('caps lines and characters with a note', async () => {
    await ws.write('big.txt', lines(50));
    const byLines = await registry.execute('read_file', { path: 'big.txt' }, await ws.context({ limits: { readMaxLines: 5 } }));
    expect(byLines.content).toContain('line 5\n\n[Showing lines 1-5 of 50. To read more, call read_file with offset=6.]');
    const byChars = await registry.execute('read_file', { path: 'big.txt' }, await ws.context({ limits: { readMaxChars: 20 } }));
    expect(byChars.content.split('\n\n')[0]).toBe('line 1\nline 2');
    await ws.write('wide.txt', 'x'.repeat(50) + '\nshort\n');
    const wide = await registry.execute('read_file', { path: 'wide.txt' }, await ws.context({ limits: { lineMaxChars: 10 } }));
    expect(wide.content).toContain('xxxxxxxxxx …[line cut]\nshort');
    expect(wide.content).toContain('1 long line(s) were cut at 10 characters');
  });

  it('says so for an empty file and for an offset past the end', async () => {
    await ws.write('empty.txt', '');
    await ws.write('two.txt', 'a\nb\n');
    const ctx = await ws.context();
    expect((await registry.execute('read_file', { path: 'empty.txt' }, ctx)).content).toBe('(The file is empty.)');
    expect((await registry.execute('read_file', { path: 'two.txt', offset: 7 }, ctx)).content).toContain('only 2 lines');
  });

  it('refuses binary files, folders and missing files with errors the model can act on', async () => {
    await ws.write('image.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]));
    await ws.write('dir/a.txt', 'a');
    const ctx = await ws.context();
    await expect(registry.execute('read_file', { path: 'image.png' }, ctx)).rejects.toMatchObject({ code: 'unsupported', message: expect.stringContaining('binary') });
    await expect(registry.execute('read_file', { path: 'dir' }, ctx)).rejects.toMatchObject({ message: expect.stringContaining('list_files') });
    await expect(registry.execute('read_file', { path: 'nope.txt' }, ctx)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('refuses every way out of the workspace', async () => {
    await ws.link('leak', join(ws.outside, 'secret.txt'));
    await ws.link('outdir', ws.outside);
    const ctx = await ws.context();
    for (const path of ['../outside/secret.txt', join(ws.outside, 'secret.txt'), 'leak', 'outdir/secret.txt', '~/secret.txt']) {
      await expect(registry.execute('read_file', { path }, ctx), path).rejects.toMatchObject({ code: 'outside-workspace' });
    }
  });
});
