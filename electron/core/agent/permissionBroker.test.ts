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

describe('permission broker: tools of MCP servers', () => {
  const echo: PermissionAsk = { callId: 'm1', tool: 'everything__echo', args: { message: 'hi' }, summary: 'Call echo on the MCP server "everything"', mcp: { server: 'everything', tool: 'echo', readOnly: true } };

  it('asks even for a tool the server says only reads, and names the server and tool in the request', async () => {
    const { broker, events } = setup({ write_file: 'allow', edit_file: 'allow', run_command: 'allow' });
    const decision = broker.request(echo, live());
    await Promise.resolve();
    expect(events[0]).toMatchObject({ type: 'permission-request', tool: 'everything__echo', mcp: { server: 'everything', tool: 'echo', readOnly: true } });
    broker.answer('q1', 'deny');
    await expect(decision).resolves.toBe('deny');
  });

  it('a rule pre-allows a whole server or one of its tools, and nothing else', async () => {
    const events: AgentEvent[] = [];
    const grants = createPermissionGrants();
    const make = (mcpRules: { server: string; tool?: string }[]) => createPermissionBroker({ runId: 'r', rules: {}, mcpRules, grants, emit: (e) => events.push(e), newId: () => 'q' });
    await expect(make([{ server: 'everything' }]).request(echo, live())).resolves.toBe('once');
    await expect(make([{ server: 'everything', tool: 'echo' }]).request(echo, live())).resolves.toBe('once');
    expect(events.every((e) => e.type === 'permission-resolved' && e.automatic)).toBe(true);
    const other = make([{ server: 'everything', tool: 'get-env' }, { server: 'echo' }]);
    void other.request(echo, live());
    await Promise.resolve();
    expect(events.at(-1)).toMatchObject({ type: 'permission-request' });
    // A built-in's rule name never allows an MCP tool that happens to be called like one.
    const builtInRule = createPermissionBroker({ runId: 'r', rules: { write_file: 'allow' }, grants, emit: (e) => events.push(e), newId: () => 'w' });
    void builtInRule.request({ ...echo, tool: 'write_file', mcp: { server: 'fs', tool: 'write_file' } }, live());
    await Promise.resolve();
    expect(events.at(-1)).toMatchObject({ type: 'permission-request', requestId: 'w' });
  });
});
