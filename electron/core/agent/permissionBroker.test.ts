import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../shared/agentEvents';
import { createPermissionBroker, createPermissionGrants, type PermissionAsk, type PermissionRules } from './permissionBroker';

function setup(rules: PermissionRules = {}) {
  const events: AgentEvent[] = [];
  let n = 0;
  const grants = createPermissionGrants();
  const broker = createPermissionBroker({ runId: 'r', rules, grants, emit: (e) => events.push(e), newId: () => `q${++n}` });
  return { broker, events, grants };
}

const write: PermissionAsk = { callId: 'c1', tool: 'write_file', args: { path: 'a.txt', content: 'x'.repeat(10_000) }, summary: 'Create a.txt', diff: '+x' };
const run = (program: string, callId = 'c2'): PermissionAsk => ({ callId, tool: 'run_command', args: { command: program }, summary: `Run ${program}`, program });
const live = () => new AbortController().signal;

describe('permission broker', () => {
  it('asks with the full arguments and waits for the answer', async () => {
    const { broker, events } = setup();
    const decision = broker.request(write, live());
    await Promise.resolve();
    expect(events).toEqual([
      { type: 'permission-request', runId: 'r', requestId: 'q1', callId: 'c1', tool: 'write_file', args: write.args, summary: 'Create a.txt', diff: '+x' },
    ]);
    expect(broker.pending()).toBe('q1');
    expect(broker.answer('q1', 'once')).toBe(true);
    await expect(decision).resolves.toBe('once');
    expect(events[1]).toEqual({ type: 'permission-resolved', runId: 'r', requestId: 'q1', callId: 'c1', decision: 'once' });
    expect(broker.pending()).toBeUndefined();
  });

  it('accepts an answer only for the pending request, once', async () => {
    const { broker } = setup();
    const decision = broker.request(write, live());
    await Promise.resolve();
    expect(broker.answer('nope', 'once')).toBe(false);
    expect(broker.answer('q1', 'deny')).toBe(true);
    expect(broker.answer('q1', 'once')).toBe(false);
    await expect(decision).resolves.toBe('deny');
  });

  it('never approves silently by default: "once" is not remembered', async () => {
    const { broker, events } = setup();
    const first = broker.request(write, live());
    await Promise.resolve();
    broker.answer('q1', 'once');
    await first;
    const second = broker.request({ ...write, callId: 'c3' }, live());
    await Promise.resolve();
    expect(events.filter((e) => e.type === 'permission-request')).toHaveLength(2);
    broker.answer('q2', 'deny');
    await expect(second).resolves.toBe('deny');
  });

  it('remembers "conversation" per tool, and per program for run_command', async () => {
    const { broker, events, grants } = setup();
    const a = broker.request(write, live());
    await Promise.resolve();
    broker.answer('q1', 'conversation');
    await a;
    await expect(broker.request({ ...write, callId: 'c9' }, live())).resolves.toBe('conversation');
    expect(events.at(-1)).toEqual({ type: 'permission-resolved', runId: 'r', requestId: 'q2', callId: 'c9', decision: 'conversation', automatic: true });

    const npm = broker.request(run('npm'), live());
    await Promise.resolve();
    broker.answer('q3', 'conversation');
    await npm;
    await expect(broker.request(run('npm', 'c4'), live())).resolves.toBe('conversation');
    const rm = broker.request(run('rm', 'c5'), live());
    await Promise.resolve();
    expect(events.at(-1)).toMatchObject({ type: 'permission-request', program: 'rm' });
    broker.answer(broker.pending() ?? '', 'deny');
    await expect(rm).resolves.toBe('deny');
    expect([...grants.tools]).toEqual(['write_file']);
    expect([...grants.programs]).toEqual(['npm']);
  });

  it('lets rules pre-approve a tool, and only that tool', async () => {
    const { broker, events } = setup({ edit_file: 'allow', write_file: 'ask' });
    await expect(broker.request({ ...write, tool: 'edit_file' }, live())).resolves.toBe('once');
    expect(events).toEqual([{ type: 'permission-resolved', runId: 'r', requestId: 'q1', callId: 'c1', decision: 'once', automatic: true }]);
    void broker.request(write, live());
    await Promise.resolve();
    expect(events.at(-1)?.type).toBe('permission-request');
  });

  it('answers deny when the run is aborted while waiting, or was aborted already', async () => {
    const { broker, events } = setup();
    const controller = new AbortController();
    const decision = broker.request(write, controller.signal);
    await Promise.resolve();
    controller.abort();
    await expect(decision).resolves.toBe('deny');
    expect(events.at(-1)).toMatchObject({ type: 'permission-resolved', decision: 'deny' });
    await expect(broker.request(write, controller.signal)).resolves.toBe('deny');
    expect(events.filter((e) => e.type === 'permission-request')).toHaveLength(1);
  });

  it('asks one at a time: a second request waits for the first answer', async () => {
    const { broker, events } = setup();
    const first = broker.request(write, live());
    const second = broker.request(run('make'), live());
    await new Promise((r) => setImmediate(r));
    expect(events.filter((e) => e.type === 'permission-request')).toHaveLength(1);
    broker.answer('q1', 'once');
    await first;
    await new Promise((r) => setImmediate(r));
    expect(broker.pending()).toBe('q2');
    broker.answer('q2', 'deny');
    await expect(second).resolves.toBe('deny');
  });
});
