import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitUntilGone } from '../../../test/support/core/processAlive';
import { makeTempWorkspace, type TempWorkspace } from '../../../test/support/core/tempWorkspace';
import { runScripted } from '../../../test/support/core/loopHarness';
import { callTools, say } from '../../../test/support/core/scriptedModel';
import { DENIED_CONTENT } from './toolCallRunner';

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await makeTempWorkspace();
  await ws.write('app.py', 'print("hi")\nprint("hi")\nx = 1\n');
});
afterEach(() => ws.cleanup());

const read = (rel: string) => readFile(join(ws.root, rel), 'utf8');

describe('run loop: writing with permission', () => {
  for (const existing of [false, true]) {
    const label = existing ? 'present' : 'absent';

    it(`writes after "allow once" (file ${label})`, async () => {
      if (existing) await ws.write('out.txt', 'old\n');
      const run = await runScripted(ws, [callTools([{ id: 'w', name: 'write_file', args: { path: 'out.txt', content: 'new\n' } }]), say('Written.')], {
        decide: () => 'once',
      });
      const request = run.of('permission-request')[0];
      expect(request).toMatchObject({
        callId: 'w',
        tool: 'write_file',
        args: { path: 'out.txt', content: 'new\n' },
        summary: existing ? 'Overwrite out.txt' : 'Create out.txt',
        diff: existing ? expect.stringContaining('-old\n+new') : expect.stringContaining('--- /dev/null\n+++ b/out.txt'),
      });
      expect(run.of('permission-resolved')[0]).toMatchObject({ requestId: request?.requestId, callId: 'w', decision: 'once' });
      expect(run.of('tool-result')[0]).toMatchObject({ callId: 'w', meta: { created: !existing } });
      expect(await read('out.txt')).toBe('new\n');
      expect(run.last).toMatchObject({ type: 'run-finish', text: 'Written.' });
    });

    it(`writes nothing after "deny", tells the model, and continues (file ${label})`, async () => {
      if (existing) await ws.write('out.txt', 'old\n');
      const run = await runScripted(ws, [callTools([{ id: 'w', name: 'write_file', args: { path: 'out.txt', content: 'new\n' } }]), say('You said no.')], {
        decide: () => 'deny',
      });
      expect(run.of('permission-resolved')[0]).toMatchObject({ decision: 'deny' });
      expect(run.of('tool-error')[0]).toMatchObject({ callId: 'w', denied: true, error: { code: 'permission-denied' }, content: DENIED_CONTENT });
      expect(run.model.requests[1]?.messages.at(-1)?.content).toContain('Permission denied by the user');
      if (existing) expect(await read('out.txt')).toBe('old\n');
      else expect(existsSync(join(ws.root, 'out.txt'))).toBe(false);
      expect(run.last).toMatchObject({ type: 'run-finish', text: 'You said no.' });
    });
  }

  it('remembers "allow for this conversation" per tool, and lets rules pre-approve', async () => {
    const write = (n: number) => callTools([{ name: 'write_file', args: { path: `f${n}.txt`, content: `${n}` } }]);
    const remembered = await runScripted(ws, [write(1), write(2), say('ok')], { decide: () => 'conversation' });
    expect(remembered.of('permission-request')).toHaveLength(1);
    expect(remembered.of('permission-resolved').map((e) => [e.decision, e.automatic ?? false])).toEqual([
      ['conversation', false],
      ['conversation', true],
    ]);
    const ruled = await runScripted(ws, [write(3), say('ok')], { rules: { write_file: 'allow' } });
    expect(ruled.of('permission-request')).toHaveLength(0);
    expect(ruled.of('permission-resolved')[0]).toMatchObject({ decision: 'once', automatic: true });
    expect(await read('f3.txt')).toBe('3');
  });
});

describe('run loop: editing', () => {
  it('edits a unique match after permission, with the diff in the request', async () => {
    const run = await runScripted(ws, [callTools([{ name: 'edit_file', args: { path: 'app.py', old_text: 'x = 1', new_text: 'x = 2' } }]), say('Edited.')], {
      decide: () => 'once',
    });
    expect(run.of('permission-request')[0]?.diff).toContain('-x = 1\n+x = 2');
    expect(await read('app.py')).toBe('print("hi")\nprint("hi")\nx = 2\n');
    expect(run.of('tool-result')[0]?.content).toBe('Edited app.py: replaced the text at line 3 (+1 -1).');
  });

  it('reports a missing and an ambiguous match as errors, without asking permission', async () => {
    const run = await runScripted(
      ws,
      [
        callTools([{ name: 'edit_file', args: { path: 'app.py', old_text: 'y = 1', new_text: 'y = 2' } }]),
        callTools([{ name: 'edit_file', args: { path: 'app.py', old_text: 'print("hi")', new_text: 'print("bye")' } }]),
        say('I could not.'),
      ],
      { decide: () => 'once' },
    );
    expect(run.of('permission-request')).toHaveLength(0);
    const [missing, ambiguous] = run.of('tool-error');
    expect(missing?.content).toContain('old_text was not found in app.py (0 matches)');
    expect(ambiguous?.content).toContain('old_text matches 2 places in app.py (lines 1, 2)');
    expect(await read('app.py')).toBe('print("hi")\nprint("hi")\nx = 1\n');
    expect(run.last.type).toBe('run-finish');
  });
});

describe.skipIf(process.platform === 'win32')('run loop: commands', () => {
  const allow = { rules: { run_command: 'allow' as const } };

  it('runs a command and shows its output and exit code, also a failing one', async () => {
    const run = await runScripted(
      ws,
      [
        callTools([{ name: 'run_command', args: { command: 'ls' } }]),
        callTools([{ name: 'run_command', args: { command: 'sh', args: ['-c', 'echo oops >&2; exit 4'] } }]),
        say('done'),
      ],
      allow,
    );
    const [ok, failing] = run.of('tool-result');
    expect(ok?.content).toBe('$ ls\napp.py\n[exit code 0]');
    expect(failing?.content).toContain('oops\n[exit code 4]');
    expect(failing?.meta?.exitCode).toBe(4);
  });

  it('times out a command, killing its process tree, and tells the model', async () => {
    const run = await runScripted(ws, [callTools([{ name: 'run_command', args: { command: 'sh', args: ['-c', 'sleep 30 & echo $!; wait'] } }]), say('It hung.')], {
      ...allow,
      limits: { commandTimeoutMs: 300 },
    });
    const error = run.of('tool-error')[0];
    expect(error).toMatchObject({ error: { code: 'tool-timeout' }, meta: { timedOut: true } });
    expect(error?.content).toContain('[timed out after 0.3 s');
    const grandchild = Number(error?.content.split('\n')[1]);
    expect(await waitUntilGone(grandchild)).toBe(true);
    expect(run.last).toMatchObject({ type: 'run-finish', text: 'It hung.' });
  });

  it('keeps the head and tail of output over the cap', async () => {
    const run = await runScripted(ws, [callTools([{ name: 'run_command', args: { command: 'seq 1 20000' } }]), say('ok')], {
      ...allow,
      limits: { commandOutputChars: 200 },
    });
    const result = run.of('tool-result')[0];
    expect(result?.content).toMatch(/^\$ seq 1 20000\n1\n2\n/);
    expect(result?.content).toContain('19999\n20000\n[exit code 0]');
    expect(result?.meta?.truncated).toBe(true);
  });

  it('asks per program: "conversation" for npm does not cover another program', async () => {
    const run = await runScripted(
      ws,
      [
        callTools([{ name: 'run_command', args: { command: 'true' } }]),
        callTools([{ name: 'run_command', args: { command: 'true' } }]),
        callTools([{ name: 'run_command', args: { command: 'false' } }]),
        say('ok'),
      ],
      { decide: () => 'conversation' },
    );
    expect(run.of('permission-request').map((r) => r.program)).toEqual(['true', 'false']);
  });
});

describe('run loop: parallel calls', () => {
  it('runs calls in order, one permission at a time, results in call order', async () => {
    await ws.write('a.txt', 'A');
    await ws.write('c.txt', 'C');
    const run = await runScripted(
      ws,
      [
        callTools([
          { id: 'p1', name: 'read_file', args: { path: 'a.txt' } },
          { id: 'p2', name: 'write_file', args: { path: 'b.txt', content: 'B' } },
          { id: 'p3', name: 'write_file', args: { path: 'd.txt', content: 'D' } },
          { id: 'p4', name: 'read_file', args: { path: 'c.txt' } },
        ]),
        say('All done.'),
      ],
      { decide: (r) => (r.callId === 'p2' ? 'once' : 'deny') },
    );
    const flow = run.events
      .filter((e) => ['permission-request', 'permission-resolved', 'tool-result', 'tool-error'].includes(e.type))
      .map((e) => `${e.type}:${'callId' in e ? e.callId : ''}`);
    expect(flow).toEqual([
      'tool-result:p1',
      'permission-request:p2',
      'permission-resolved:p2',
      'tool-result:p2',
      'permission-request:p3',
      'permission-resolved:p3',
      'tool-error:p3',
      'tool-result:p4',
    ]);
    expect(run.model.requests[1]?.messages.slice(-4).map((m) => (m.role === 'tool' ? [m.toolCallId, m.content.slice(0, 20)] : m.role))).toEqual([
      ['p1', 'A'],
      ['p2', 'Created b.txt (1 lin'],
      ['p3', 'Permission denied by'],
      ['p4', 'C'],
    ]);
    expect(await read('b.txt')).toBe('B');
    expect(existsSync(join(ws.root, 'd.txt'))).toBe(false);
  });
});

describe('run loop: the workspace boundary', () => {
  it('refuses every way out, as tool errors the run survives', async () => {
    await ws.link('leak.txt', join(ws.outside, 'secret.txt'));
    await ws.link('outdir', ws.outside);
    const attempts = [
      { name: 'read_file', args: { path: '../outside/secret.txt' } },
      { name: 'read_file', args: { path: join(ws.outside, 'secret.txt') } },
      { name: 'read_file', args: { path: 'leak.txt' } },
      { name: 'read_file', args: { path: 'outdir/secret.txt' } },
      { name: 'read_file', args: { path: '~/secret.txt' } },
      { name: 'list_files', args: { path: '..' } },
      { name: 'search_files', args: { pattern: 'secret', path: 'outdir' } },
      { name: 'write_file', args: { path: 'outdir/planted.txt', content: 'x' } },
      { name: 'edit_file', args: { path: 'leak.txt', old_text: 'top', new_text: 'x' } },
      { name: 'run_command', args: { command: 'ls', cwd: '../outside' } },
    ];
    const run = await runScripted(ws, [callTools(attempts), say('I stayed inside.')], { decide: () => 'once' });
    const errors = run.of('tool-error');
    expect(errors).toHaveLength(attempts.length);
    for (const e of errors) expect(e.error.code).toBe('outside-workspace');
    expect(run.of('permission-request')).toHaveLength(0);
    expect(run.of('tool-result')).toHaveLength(0);
    expect(run.last).toMatchObject({ type: 'run-finish', text: 'I stayed inside.' });
    expect(await readFile(join(ws.outside, 'secret.txt'), 'utf8')).toBe('top secret\n');
    expect(existsSync(join(ws.outside, 'planted.txt'))).toBe(false);
  });
});
