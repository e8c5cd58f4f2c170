import { describe, expect, it } from 'vitest';
import { RunEventLog } from './runEventLog';
import type { TerminalEvent } from './runLoop';
import { createRunRegistry, type Run } from './runRegistry';

function makeRun(runId: string, conversationId: string): Run & { end(last: TerminalEvent): void } {
  let end: (last: TerminalEvent) => void = () => undefined;
  const finished = new Promise<TerminalEvent>((resolve) => {
    end = resolve;
  });
  return { runId, conversationId, startedAt: 1, controller: new AbortController(), log: new RunEventLog(), finished, end: (last) => end(last) };
}

const finish = (runId: string): TerminalEvent => ({ type: 'run-abort', runId, partialText: '' });

describe('run registry', () => {
  it('refuses a second start of a conversation that is opening or answering, until it lets go', () => {
    const runs = createRunRegistry();
    const release = runs.claim('c1');
    expect(() => runs.claim('c1')).toThrowError(expect.objectContaining({ code: 'conflict' }));
    release();
    runs.add(makeRun('r1', 'c1'));
    expect(() => runs.claim('c1')).toThrowError(expect.objectContaining({ code: 'conflict' }));
    runs.remove('r1');
    expect(() => runs.claim('c1')()).not.toThrow();
  });

  it('aborts a run in flight once, and answers its last event after it left', async () => {
    const runs = createRunRegistry();
    const run = makeRun('r1', 'c1');
    runs.add(run);
    expect(runs.active()).toEqual([{ runId: 'r1', conversationId: 'c1', startedAt: 1, events: [] }]);
    expect(runs.abort('r1')).toBe(true);
    expect(run.controller.signal.reason).toMatchObject({ code: 'aborted' });
    expect(runs.abort('r1')).toBe(false);
    expect(runs.abort('nope')).toBe(false);
    runs.remove('r1');
    run.end(finish('r1'));
    expect(runs.active()).toEqual([]);
    expect(await runs.done('r1')).toMatchObject({ type: 'run-abort', runId: 'r1' });
    expect(await runs.done('nope')).toBeUndefined();
  });

  it('keeps the last events of a bounded number of ended runs, never of one in flight', async () => {
    const runs = createRunRegistry(2);
    const live = makeRun('live', 'c0');
    runs.add(live);
    for (const id of ['a', 'b', 'c']) {
      const run = makeRun(id, `c-${id}`);
      runs.add(run);
      runs.remove(id);
      run.end(finish(id));
    }
    const d = makeRun('d', 'c-d');
    runs.add(d);
    expect(await runs.done('a')).toBeUndefined();
    expect(await runs.done('c')).toMatchObject({ runId: 'c' });
    const waiting = runs.abortAll();
    expect(live.controller.signal.aborted).toBe(true);
    live.end(finish('live'));
    runs.remove('live');
    d.end(finish('d'));
    await waiting;
  });
});
