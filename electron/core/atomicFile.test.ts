import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTempFile, syncDir, tempPathFor, writeFileAtomic } from './atomicFile';

let dir: string;
const signal = new AbortController().signal;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'punie-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temporary file behind', async () => {
    const path = join(dir, 'settings.json');
    await writeFile(path, 'old');
    await writeFileAtomic(path, 'new', signal);
    expect(await readFile(path, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['settings.json']);
  });

  it('creates a new file readable by the user only, unless told otherwise', async () => {
    await writeFileAtomic(join(dir, 'secrets.json'), '{}', signal);
    expect(await modeOf(join(dir, 'secrets.json'))).toBe(0o600);
    await writeFileAtomic(join(dir, 'index.json'), new Uint8Array([1, 2]), signal, { durable: false, mode: 0o640 });
    expect(await modeOf(join(dir, 'index.json'))).toBe(0o640);
    expect([...(await readFile(join(dir, 'index.json')))]).toEqual([1, 2]);
  });

  it("with mode 'keep', keeps an existing file's mode exactly and gives a new one the usual mode", async () => {
    const script = join(dir, 'build.sh');
    await writeFile(script, 'echo old\n');
    await chmod(script, 0o755);
    await writeFileAtomic(script, 'echo new\n', signal, { mode: 'keep' });
    expect(await modeOf(script)).toBe(0o755);
    expect(await readFile(script, 'utf8')).toBe('echo new\n');

    const umask = process.umask();
    await writeFileAtomic(join(dir, 'notes.md'), 'hi', signal, { mode: 'keep' });
    expect(await modeOf(join(dir, 'notes.md'))).toBe(0o666 & ~umask);
  });

  it('creates missing folders only when asked', async () => {
    const path = join(dir, 'a', 'b', 'file.txt');
    await expect(writeFileAtomic(path, 'x', signal)).rejects.toMatchObject({ code: 'ENOENT' });
    await writeFileAtomic(path, 'x', signal, { createFolders: true });
    expect(await readFile(path, 'utf8')).toBe('x');
  });

  it('does nothing once the signal is aborted', async () => {
    const path = join(dir, 'file.txt');
    await writeFile(path, 'old');
    const controller = new AbortController();
    controller.abort();
    await expect(writeFileAtomic(path, 'new', controller.signal)).rejects.toThrow();
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['file.txt']);
  });

  it('removes its temporary file when the rename fails, leaving the target as it was', async () => {
    const path = join(dir, 'taken');
    await mkdir(join(path, 'inside'), { recursive: true });
    await expect(writeFileAtomic(path, 'x', signal)).rejects.toMatchObject({ code: expect.stringMatching(/EISDIR|ENOTEMPTY|EEXIST/) });
    expect(await readdir(dir)).toEqual(['taken']);
    expect(await readdir(path)).toEqual(['inside']);
  });
});

describe('temporary names', () => {
  it('are hidden, beside the target, and recognised by isTempFile', () => {
    const a = tempPathFor(join(dir, 'c1.jsonl'));
    const b = tempPathFor(join(dir, 'c1.jsonl'));
    expect(a).not.toBe(b);
    expect(a.startsWith(join(dir, '.c1.jsonl.'))).toBe(true);
    expect(isTempFile(basename(a))).toBe(true);
    expect(isTempFile('c1.jsonl')).toBe(false);
  });
});

describe('syncDir', () => {
  it('syncs a folder, and fails for one that does not exist', async () => {
    await expect(syncDir(dir)).resolves.toBeUndefined();
    await expect(syncDir(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
