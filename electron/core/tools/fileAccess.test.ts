import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandOptions, CommandResult } from './commandRunner';
import type { FileAccess } from './fileAccess';
import { makeTempWorkspace, type TempWorkspace } from '../../../test/support/core/tempWorkspace';
import { createToolRegistry } from './toolRegistry';

/**
 * A face's own file access and command runner (an editor over ACP) are
 * what the tools use when the context carries them: reads see the editor's
 * buffer, writes go to the editor, commands run where the face says;
 * confinement is still the workspace guard's, before any of them is asked.
 */

let ws: TempWorkspace;
const registry = createToolRegistry();
beforeEach(async () => {
  ws = await makeTempWorkspace();
});
afterEach(() => ws.cleanup());

/** An editor holding unsaved buffers over the disk; records what it was asked. */
function editorFiles(buffers: Map<string, string>): FileAccess & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async readText(abs, rel, maxBytes) {
      calls.push(`read ${abs}`);
      const text = buffers.get(abs) ?? (await readFile(abs, 'utf8'));
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(maxBytes);
      return text;
    },
    async writeText(abs, _rel, text) {
      calls.push(`write ${abs}`);
      buffers.set(abs, text);
    },
  };
}

describe('tools over a face’s file access', () => {
  it('read_file returns the editor’s unsaved buffer, windowed like a file on disk', async () => {
    const abs = await ws.write('notes.txt', 'saved text\n');
    const files = editorFiles(new Map([[abs, 'unsaved one\r\nunsaved two\nunsaved three\n']]));
    const { call } = await registry.prepare('read_file', { path: 'notes.txt', offset: 2 }, { ...(await ws.context()), files });
    const out = await call.run();
    expect(out.content).toBe('unsaved two\nunsaved three\n\n[Showing lines 2-3 (the end of the file).]');
    expect(files.calls).toEqual([`read ${abs}`]);
  });

  it('write_file diffs against the buffer and writes through the editor, leaving the disk alone', async () => {
    const abs = await ws.write('a.txt', 'disk\n');
    const buffers = new Map([[abs, 'buffer\n']]);
    const files = editorFiles(buffers);
    const { call } = await registry.prepare('write_file', { path: 'a.txt', content: 'new\n' }, { ...(await ws.context()), files });
    expect(call.preview.diff).toContain('-buffer\n+new');
    await call.run();
    expect(buffers.get(abs)).toBe('new\n');
    expect(await readFile(abs, 'utf8')).toBe('disk\n');
  });

  it('edit_file refuses when the buffer changed while permission was pending', async () => {
    const abs = await ws.write('a.txt', 'one\ntwo\n');
    const buffers = new Map<string, string>();
    const files = editorFiles(buffers);
    const { call } = await registry.prepare('edit_file', { path: 'a.txt', old_text: 'two', new_text: 'three' }, { ...(await ws.context()), files });
    buffers.set(abs, 'one\ntwo\nand more typed meanwhile\n');
    await expect(call.run()).rejects.toMatchObject({ code: 'conflict' });
    expect(files.calls.filter((c) => c.startsWith('write'))).toEqual([]);
  });

  it('the guard refuses a path outside the workspace before the face is asked', async () => {
    const files = editorFiles(new Map());
    await expect(registry.prepare('read_file', { path: '../outside/secret.txt' }, { ...(await ws.context()), files })).rejects.toMatchObject({
      code: 'outside-workspace',
    });
    await expect(registry.prepare('write_file', { path: '../outside/x.txt', content: 'x' }, { ...(await ws.context()), files })).rejects.toMatchObject({
      code: 'outside-workspace',
    });
    expect(files.calls).toEqual([]);
    await expect(stat(join(ws.outside, 'x.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('run_command runs through the face’s runner with the resolved folder, the limits and the run’s signal', async () => {
    const seen: CommandOptions[] = [];
    const runCommand = async (options: CommandOptions): Promise<CommandResult> => {
      seen.push(options);
      return { output: 'ran in the editor\n', outputChars: 18, truncated: false, exitCode: 0, signal: null, timedOut: false, aborted: false, durationMs: 1 };
    };
    const ctx = { ...(await ws.context({ limits: { commandTimeoutMs: 1234 } })), runCommand };
    const { call } = await registry.prepare('run_command', { command: 'npm', args: ['test'] }, ctx);
    const out = await call.run();
    expect(out.content).toBe('$ npm test\nran in the editor\n[exit code 0]');
    expect(seen).toEqual([expect.objectContaining({ file: 'npm', args: ['test'], cwd: ws.root, timeoutMs: 1234, signal: ctx.signal })]);
  });
});
