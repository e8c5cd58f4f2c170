import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempWorkspace, type TempWorkspace } from '../../../test/support/core/tempWorkspace';
import type { FileChange } from '../undo/fileState';
import { sha256 } from '../undo/fileState';
import { createToolRegistry } from './toolRegistry';

let ws: TempWorkspace;
const registry = createToolRegistry();
beforeEach(async () => {
  ws = await makeTempWorkspace();
  await ws.write('notes.txt', 'one\ntwo\n');
});
afterEach(() => ws.cleanup());

describe('write_file and edit_file keep what they replace, before they replace it', () => {
  it('hands the old text and the hash of the new one to recordChange, which resolves before the file changes', async () => {
    const seen: { change: FileChange; onDisk: string }[] = [];
    const ctx = { ...(await ws.context()), recordChange: async (change: FileChange) => void seen.push({ change, onDisk: await readFile(join(ws.root, 'notes.txt'), 'utf8') }) };
    await (await registry.prepare('edit_file', { path: 'notes.txt', old_text: 'two', new_text: 'three' }, ctx)).call.run();
    await (await registry.prepare('write_file', { path: 'fresh.txt', content: 'hi\n' }, ctx)).call.run();
    expect(seen[0]).toEqual({ change: { path: 'notes.txt', before: { kind: 'text', text: 'one\ntwo\n' }, after: sha256('one\nthree\n') }, onDisk: 'one\ntwo\n' });
    expect(seen[1]?.change).toEqual({ path: 'fresh.txt', before: { kind: 'absent' }, after: sha256('hi\n') });
  });

  it('when the old content cannot be kept, the file is not changed and the model is told why', async () => {
    const ctx = { ...(await ws.context()), recordChange: async () => Promise.reject(new Error('disk full')) };
    const { call } = await registry.prepare('write_file', { path: 'notes.txt', content: 'gone\n' }, ctx);
    await expect(call.run()).rejects.toMatchObject({ code: 'tool-failed', message: expect.stringContaining('could not be saved for undo (disk full)') });
    expect(await readFile(join(ws.root, 'notes.txt'), 'utf8')).toBe('one\ntwo\n');
  });

  it('a file too large to keep: the permission preview says the change cannot be undone (only when changes are kept at all)', async () => {
    await ws.write('big.txt', 'x'.repeat(1_100_000));
    const keeping = { ...(await ws.context()), recordChange: async () => undefined };
    const { call } = await registry.prepare('write_file', { path: 'big.txt', content: 'small\n' }, keeping);
    expect(call.preview.notUndoable).toBe('big.txt is larger than 1 MB, so its current content is not kept: this change cannot be undone.');
    const small = await registry.prepare('write_file', { path: 'notes.txt', content: 'x\n' }, keeping);
    expect(small.call.preview.notUndoable).toBeUndefined();
    const notKeeping = await registry.prepare('write_file', { path: 'big.txt', content: 'small\n' }, await ws.context());
    expect(notKeeping.call.preview.notUndoable).toBeUndefined();
  });
});
