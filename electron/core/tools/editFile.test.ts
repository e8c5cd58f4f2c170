import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createToolRegistry } from './toolRegistry';
import { makeTempWorkspace, type TempWorkspace } from '../../../test/support/core/tempWorkspace';

let ws: TempWorkspace;
const registry = createToolRegistry();
beforeEach(async () => {
  ws = await makeTempWorkspace();
  await ws.write('app.py', 'def greet():\n    return "hi"\n\ndef part():\n    return "bye"\n\nprint(greet())\nprint(greet())\n');
});
afterEach(() => ws.cleanup());

const prepare = async (args: Record<string, unknown>) => registry.prepare('edit_file', args, await ws.context());

describe('edit_file', () => {
  it('replaces a unique match, with a diff preview, only when run', async () => {
    const { call } = await prepare({ path: 'app.py', old_text: 'return "hi"', new_text: 'return "hello"' });
    expect(call.preview.summary).toBe('Edit app.py');
    expect(call.preview.diff).toContain('-    return "hi"\n+    return "hello"');
    expect(await readFile(join(ws.root, 'app.py'), 'utf8')).toContain('return "hi"');
    const out = await call.run();
    expect(out.content).toBe('Edited app.py: replaced the text at line 2 (+1 -1).');
    expect(await readFile(join(ws.root, 'app.py'), 'utf8')).toBe(
      'def greet():\n    return "hello"\n\ndef part():\n    return "bye"\n\nprint(greet())\nprint(greet())\n',
    );
  });

  it('inserts replacement text literally ($& and $1 are not patterns)', async () => {
    const { call } = await prepare({ path: 'app.py', old_text: '"bye"', new_text: '"$& $1 $$"' });
    await call.run();
    expect(await readFile(join(ws.root, 'app.py'), 'utf8')).toContain('return "$& $1 $$"');
  });

  it('reports a missing match with zero matches and a hint about indentation', async () => {
    await expect(prepare({ path: 'app.py', old_text: 'return "nope"', new_text: 'x' })).rejects.toMatchObject({
      code: 'tool-failed',
      message: expect.stringContaining('old_text was not found in app.py (0 matches)'),
    });
    await expect(prepare({ path: 'app.py', old_text: 'def part():\nreturn "bye"', new_text: 'x' })).rejects.toMatchObject({
      message: expect.stringContaining('different spaces or indentation, is at line 4'),
    });
  });

  it('reports an ambiguous match, naming how many and where', async () => {
    await expect(prepare({ path: 'app.py', old_text: 'print(greet())', new_text: 'x' })).rejects.toMatchObject({
      code: 'tool-failed',
      message: expect.stringContaining('old_text matches 2 places in app.py (lines 7, 8); it must match exactly one'),
    });
  });

  it('matches text written with \\n in a file with Windows line endings', async () => {
    await ws.write('win.txt', 'one\r\ntwo\r\nthree\r\n');
    const { call } = await prepare({ path: 'win.txt', old_text: 'one\ntwo', new_text: 'uno\ndos' });
    await call.run();
    expect(await readFile(join(ws.root, 'win.txt'), 'utf8')).toBe('uno\r\ndos\r\nthree\r\n');
  });

  it('refuses an empty old_text, a no-op, a missing file and paths outside', async () => {
    await expect(prepare({ path: 'app.py', old_text: '', new_text: 'x' })).rejects.toMatchObject({ code: 'invalid-tool-call' });
    await expect(prepare({ path: 'app.py', old_text: 'a', new_text: 'a' })).rejects.toMatchObject({ code: 'invalid-tool-call' });
    await expect(prepare({ path: 'missing.py', old_text: 'a', new_text: 'b' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(prepare({ path: '../outside/secret.txt', old_text: 'top', new_text: 'x' })).rejects.toMatchObject({ code: 'outside-workspace' });
    await ws.link('leak.txt', join(ws.outside, 'secret.txt'));
    await expect(prepare({ path: 'leak.txt', old_text: 'top', new_text: 'x' })).rejects.toMatchObject({ code: 'outside-workspace' });
    expect(await readFile(join(ws.outside, 'secret.txt'), 'utf8')).toBe('top secret\n');
  });
});
