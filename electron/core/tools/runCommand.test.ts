import { readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitUntilGone } from '../../../test/support/core/processAlive';
import { quote } from 'shell-quote';
import { permissionProgram } from './runCommand';
import { createToolRegistry } from './toolRegistry';
import { makeTempWorkspace, type TempWorkspace } from '../../../test/support/core/tempWorkspace';
import { ToolFailure } from './toolFailure';

let ws: TempWorkspace;
const registry = createToolRegistry();
beforeEach(async () => {
  ws = await makeTempWorkspace();
  await ws.write('sub/hello.txt', 'hello from sub\n');
});
afterEach(() => ws.cleanup());

const run = async (args: Record<string, unknown>, limits = {}) => registry.execute('run_command', args, await ws.context({ limits }));

describe.skipIf(process.platform === 'win32')('run_command', () => {
  it('runs a command line split without a shell, in the workspace, and shows output and exit code', async () => {
    const out = await run({ command: 'ls sub' });
    expect(out.content).toBe('$ ls sub\nhello.txt\n[exit code 0]');
    expect(out.meta).toMatchObject({ exitCode: 0, timedOut: false, truncated: false });
  });

  it('runs a program with args in a cwd inside the workspace', async () => {
    const out = await run({ command: 'cat', args: ['hello.txt'], cwd: 'sub' });
    expect(out.content).toBe("$ cat hello.txt\nhello from sub\n[exit code 0]");
  });

  it('reports a non-zero exit as a result the model reads, not a failure', async () => {
    const out = await run({ command: 'sh', args: ['-c', 'echo broken >&2; exit 2'] });
    expect(out.content).toBe("$ sh -c 'echo broken >&2; exit 2'\nbroken\n[exit code 2]");
    expect(out.meta?.exitCode).toBe(2);
  });

  it('times out, kills the process tree and returns the output so far as a tool-timeout error', async () => {
    const error = await run({ command: 'sh', args: ['-c', 'echo started; sleep 30 & echo $!; wait'] }, { commandTimeoutMs: 300 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ToolFailure);
    const failure = error as ToolFailure;
    expect(failure.code).toBe('tool-timeout');
    expect(failure.message).toContain('did not finish within 0.3 s');
    expect(failure.meta).toMatchObject({ timedOut: true, exitCode: null });
    expect(failure.modelContent).toContain('started');
    expect(failure.modelContent).toContain('[timed out after 0.3 s: the command and everything it started were killed]');
    const grandchild = Number(failure.modelContent?.split('\n')[2]);
    expect(await waitUntilGone(grandchild)).toBe(true);
  });

  it('cuts long output keeping the head and the tail, with a note', async () => {
    const out = await run({ command: 'seq', args: ['1', '5000'] }, { commandOutputChars: 100 });
    expect(out.content.startsWith('$ seq 1 5000\n1\n2\n')).toBe(true);
    expect(out.content).toContain('characters cut from the middle of the output');
    expect(out.content).toContain('4999\n5000\n[exit code 0]\n[The output was 23893 characters; only its start and end are shown.]');
    expect(out.meta?.truncated).toBe(true);
  });

  it('refuses shell syntax, explaining how to pass args or run sh -c', async () => {
    await expect(run({ command: 'echo hi > out.txt' })).rejects.toMatchObject({ code: 'invalid-tool-call', message: expect.stringContaining('without a shell') });
    expect(await readdir(ws.root)).toEqual(['sub']);
  });

  it('refuses a cwd outside the workspace', async () => {
    await expect(run({ command: 'ls', cwd: '..' })).rejects.toMatchObject({ code: 'outside-workspace' });
    await ws.link('out', ws.outside);
    await expect(run({ command: 'ls', cwd: 'out' })).rejects.toMatchObject({ code: 'outside-workspace' });
  });

  it('previews the command and the program that "allow for this conversation" remembers', async () => {
    const { call } = await registry.prepare('run_command', { command: 'npm', args: ['run', 'build'], cwd: 'sub' }, await ws.context());
    expect(call.preview).toEqual({ summary: 'Run npm run build (in sub)', program: 'npm' });
  });
});

describe('permissionProgram', () => {
  it('is the program, or the whole line for shells and wrappers', () => {
    expect(permissionProgram(['npm', 'test'])).toBe('npm');
    expect(permissionProgram(['./scripts/check.sh'])).toBe('./scripts/check.sh');
    expect(permissionProgram(['sh', '-c', 'rm -rf build'])).toBe("sh -c 'rm -rf build'");
    expect(permissionProgram(['/usr/bin/env', 'node', 'x.js'])).toBe('/usr/bin/env node x.js');
  });

  // Issue 11, item 6: "allow python3 for this conversation" allowed any program the model wrote in Python next.
  it('is the whole line for interpreters and the other wrappers a model can run anything through', () => {
    const wholeLines = [
      ['python3', '-c', 'print(1)'],
      ['node', '-e', 'x'],
      ['/usr/bin/python3.12', 'tool.py'],
      ['setsid', 'sleep', '100'],
      ['busybox', 'sh'],
      ['npx', 'cowsay'],
      ['git', '-c', 'core.pager=sh -c id', 'log'],
    ];
    for (const argv of wholeLines) expect(permissionProgram(argv), argv.join(' ')).toBe(quote(argv));
    expect(permissionProgram(['git', 'status'])).toBe('git');
    expect(permissionProgram(['cargo', 'test'])).toBe('cargo');
  });
});
