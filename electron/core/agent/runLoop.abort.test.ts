import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitUntilGone } from '../../../test/support/core/processAlive';
import { makeTempWorkspace, type TempWorkspace } from '../../../test/support/core/tempWorkspace';
import { runScripted } from '../../../test/support/core/loopHarness';
import { callTools, say } from '../../../test/support/core/scriptedModel';

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await makeTempWorkspace();
});
afterEach(() => ws.cleanup());

describe('run loop: abort', () => {
  it('stops the model stream, keeping the partial answer', async () => {
    const run = await runScripted(ws, [[{ type: 'text-delta', text: 'I was saying' }, { type: 'hang' }]], {
      onEvent: (e, controller) => {
        if (e.type === 'text-delta') setImmediate(() => controller.abort());
      },
    });
    expect(run.last).toMatchObject({ type: 'run-abort', partialText: 'I was saying' });
    expect(run.last.stats?.turns).toBe(1);
  });

  it('answers a pending permission with deny and writes nothing', async () => {
    const run = await runScripted(ws, [callTools([{ id: 'w', name: 'write_file', args: { path: 'x.txt', content: 'x' } }]), say('never')], {
      decide: (_request, controller) => {
        setImmediate(() => controller.abort());
        return undefined;
      },
    });
    expect(run.of('permission-resolved')[0]).toMatchObject({ callId: 'w', decision: 'deny' });
    expect(run.of('tool-error')[0]).toMatchObject({ callId: 'w', error: { code: 'aborted' } });
    expect(run.last.type).toBe('run-abort');
    expect(run.model.requests).toHaveLength(1);
    expect(existsSync(join(ws.root, 'x.txt'))).toBe(false);
  });

  it.skipIf(process.platform === 'win32')('kills a running command and its children', async () => {
    const run = await runScripted(
      ws,
      [callTools([{ id: 'r', name: 'run_command', args: { command: 'sh', args: ['-c', 'sleep 30 & echo $!; wait'] } }]), say('never')],
      {
        rules: { run_command: 'allow' },
        onEvent: (e, controller) => {
          if (e.type === 'permission-resolved') setTimeout(() => controller.abort(), 300);
        },
      },
    );
    const error = run.of('tool-error')[0];
    expect(error).toMatchObject({ callId: 'r', error: { code: 'aborted' } });
    expect(error?.content).toContain('[stopped by the user]');
    expect(await waitUntilGone(Number(error?.content.split('\n')[1]))).toBe(true);
    expect(run.last.type).toBe('run-abort');
    expect(run.model.requests).toHaveLength(1);
  });

  it('does not start the next call of a turn after an abort', async () => {
    await ws.write('a.txt', 'A');
    const run = await runScripted(
      ws,
      [
        callTools([
          { id: 'first', name: 'read_file', args: { path: 'a.txt' } },
          { id: 'second', name: 'read_file', args: { path: 'a.txt' } },
        ]),
        say('never'),
      ],
      {
        onEvent: (e, controller) => {
          if (e.type === 'tool-result') controller.abort();
        },
      },
    );
    expect(run.of('tool-result').map((e) => e.callId)).toEqual(['first']);
    expect(run.of('tool-error')).toHaveLength(0);
    expect(run.last.type).toBe('run-abort');
  });

  it('ends at once when aborted before the first turn', async () => {
    const controller = new AbortController();
    controller.abort();
    const run = await runScripted(ws, [say('never')], { controller });
    expect(run.events.map((e) => e.type)).toEqual(['run-start', 'run-abort']);
    expect(run.model.requests).toHaveLength(0);
  });
});
