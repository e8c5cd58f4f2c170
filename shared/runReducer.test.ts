import { describe, expect, it } from 'vitest';
import type { AgentEvent } from './agentEvents';
import { applyEvents, reduceRun } from './runReducer';
import { answerText, pendingPermission, type RunView } from './runView';

const runId = 'run-1';
const model = { spec: 'test', provider: 'test', modelId: 'test' } as const;
const stats = { durationMs: 1200, ttftMs: 150, tokensPerSecond: 42.5, inputTokens: 20, outputTokens: 48, turns: 2 };

type WithoutRunId<E> = E extends unknown ? Omit<E, 'runId'> : never;
const ev = (e: WithoutRunId<AgentEvent>): AgentEvent => ({ runId, ...e }) as AgentEvent;

const start = ev({ type: 'run-start', conversationId: 'c1', model, prompt: 'Fix the bug', workspace: '/w', startedAt: 1000 });

function play(events: AgentEvent[], now = 5000): RunView {
  let run: RunView | undefined;
  for (const e of events) run = reduceRun(run, e, now);
  if (!run) throw new Error('no run');
  return run;
}

const call = (callId: string, name: string, args: Record<string, unknown>): AgentEvent[] => [
  ev({ type: 'tool-call-start', callId, name }),
  ev({ type: 'tool-call-args-delta', callId, delta: JSON.stringify(args).slice(0, 5) }),
  ev({ type: 'tool-call-args-delta', callId, delta: JSON.stringify(args).slice(5) }),
  ev({ type: 'tool-call-ready', callId, name, args, argsText: JSON.stringify(args) }),
];

describe('reduceRun', () => {
  it('ignores events of a run it never saw start', () => {
    expect(reduceRun(undefined, ev({ type: 'text-delta', delta: 'x' }), 0)).toBeUndefined();
  });

  it('builds a streamed answer with reasoning first, then text, and finishes with stats', () => {
    const run = play([
      start,
      ev({ type: 'reasoning-delta', delta: 'Think' }),
      ev({ type: 'reasoning-delta', delta: 'ing.' }),
      ev({ type: 'text-delta', delta: 'Hello ' }),
      ev({ type: 'text-delta', delta: 'world' }),
      ev({ type: 'run-finish', finishReason: 'stop', text: 'Hello world', stats }),
    ]);
    expect(run.parts.map((p) => [p.kind, 'text' in p ? p.text : ''])).toEqual([
      ['reasoning', 'Thinking.'],
      ['text', 'Hello world'],
    ]);
    expect(run.status).toBe('finished');
    expect(run.stats).toEqual(stats);
    expect(run.finishReason).toBe('stop');
    expect(run.prompt).toBe('Fix the bug');
    expect(run.conversationId).toBe('c1');
  });

  it('puts a notice in the run where it happened, between the text around it', () => {
    const run = play([start, ev({ type: 'text-delta', delta: 'Here.\n<tool_call>{"name":"x"}</tool_call>' }), ev({ type: 'notice', code: 'tool-call-text-rejected', message: 'A tool call written as text was not run.' }), ev({ type: 'text-delta', delta: 'More.' })]);
    expect(run.parts.map((p) => p.kind)).toEqual(['text', 'notice', 'text']);
    expect(run.parts[1]).toMatchObject({ kind: 'notice', text: 'A tool call written as text was not run.' });
  });

  it('keeps text and tool calls interleaved in the order the model produced them', () => {
    const run = play([
      start,
      ev({ type: 'text-delta', delta: 'Let me look.' }),
      ...call('a', 'read_file', { path: 'src/app.ts' }),
      ev({ type: 'tool-result', callId: 'a', name: 'read_file', content: 'export {}', meta: { lines: 1 }, durationMs: 12 }),
      ev({ type: 'turn-start', turn: 2 }),
      ev({ type: 'text-delta', delta: 'It is empty.' }),
      ev({ type: 'run-finish', finishReason: 'stop', text: 'It is empty.', stats }),
    ]);
    expect(run.parts.map((p) => p.kind)).toEqual(['text', 'tool', 'text']);
    expect(answerText(run)).toBe('Let me look.\n\nIt is empty.');
    const tool = run.tools.a!;
    expect(tool).toMatchObject({ status: 'done', name: 'read_file', argsText: '{"path":"src/app.ts"}', args: { path: 'src/app.ts' }, durationMs: 12, turn: 1 });
    expect(tool.meta).toEqual({ lines: 1 });
    expect(run.turn).toBe(2);
  });

  it('streams arguments, then runs calls one at a time in order', () => {
    const streaming = play([start, ev({ type: 'tool-call-start', callId: 'a', name: 'list_files' }), ev({ type: 'tool-call-args-delta', callId: 'a', delta: '{"pa' })]);
    expect(streaming.tools.a).toMatchObject({ status: 'streaming', argsText: '{"pa' });

    const both = play([start, ...call('a', 'list_files', {}), ...call('b', 'read_file', { path: 'x' })], 7000);
    expect(both.tools.a).toMatchObject({ status: 'running', runningSince: 7000 });
    expect(both.tools.b!.status).toBe('queued');

    const next = reduceRun(both, ev({ type: 'tool-result', callId: 'a', name: 'list_files', content: 'x', durationMs: 3 }), 8000)!;
    expect(next.tools.a!.status).toBe('done');
    expect(next.tools.b).toMatchObject({ status: 'running', runningSince: 8000 });
  });

  it('waits for permission, then runs when allowed', () => {
    const diff = '--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n';
    const waiting = play([
      start,
      ...call('w', 'write_file', { path: 'x', content: 'b' }),
      ev({ type: 'permission-request', requestId: 'p1', callId: 'w', tool: 'write_file', args: { path: 'x', content: 'b' }, summary: 'Write x', diff }),
    ]);
    expect(waiting.tools.w!.status).toBe('waiting-permission');
    expect(pendingPermission(waiting)?.permission).toMatchObject({ requestId: 'p1', summary: 'Write x', diff });

    const allowed = reduceRun(waiting, ev({ type: 'permission-resolved', requestId: 'p1', callId: 'w', decision: 'conversation' }), 9000)!;
    expect(allowed.tools.w).toMatchObject({ status: 'running', runningSince: 9000 });
    expect(allowed.tools.w!.permission?.decision).toBe('conversation');
    expect(pendingPermission(allowed)).toBeUndefined();
  });

  it('marks a denied call denied, and keeps it denied when its tool-error arrives', () => {
    const run = play([
      start,
      ...call('w', 'write_file', { path: 'x' }),
      ev({ type: 'permission-request', requestId: 'p1', callId: 'w', tool: 'write_file', args: { path: 'x' }, summary: 'Write x' }),
      ev({ type: 'permission-resolved', requestId: 'p1', callId: 'w', decision: 'deny' }),
    ]);
    expect(run.tools.w!.status).toBe('denied');
    const after = reduceRun(
      run,
      ev({ type: 'tool-error', callId: 'w', name: 'write_file', error: { code: 'permission-denied', message: 'Denied.' }, content: 'denied', denied: true, durationMs: 0 }),
      0,
    )!;
    expect(after.tools.w).toMatchObject({ status: 'denied', error: { code: 'permission-denied' } });
  });

  it('records an automatic approval without asking', () => {
    const run = play([...[start], ...call('c', 'run_command', { command: 'npm test' }), ev({ type: 'permission-resolved', requestId: 'p', callId: 'c', decision: 'once', automatic: true })]);
    expect(run.tools.c).toMatchObject({ status: 'running', permission: { automatic: true, decision: 'once' } });
    expect(pendingPermission(run)).toBeUndefined();
  });

  it('marks a failed call failed with its error, exit code and duration', () => {
    const run = play([
      start,
      ...call('c', 'run_command', { command: 'npm test' }),
      ev({ type: 'tool-error', callId: 'c', name: 'run_command', error: { code: 'tool-failed', message: 'Exit 1' }, content: 'FAIL', meta: { exitCode: 1 }, durationMs: 2300 }),
    ]);
    expect(run.tools.c).toMatchObject({ status: 'failed', content: 'FAIL', meta: { exitCode: 1 }, durationMs: 2300, error: { code: 'tool-failed' } });
  });

  it('keeps partial text on an error and stops unfinished calls', () => {
    const run = play([
      start,
      ev({ type: 'text-delta', delta: 'Half' }),
      ...call('a', 'read_file', { path: 'x' }),
      ev({ type: 'run-error', error: { code: 'stream-broken', message: 'The server closed the stream.' }, partialText: 'Half' }),
    ]);
    expect(run.status).toBe('error');
    expect(run.error?.code).toBe('stream-broken');
    expect(answerText(run)).toBe('Half');
    expect(run.tools.a!.status).toBe('stopped');
  });

  it('abort ends the run and a pending permission is no longer pending', () => {
    const run = play([
      start,
      ...call('w', 'write_file', { path: 'x' }),
      ev({ type: 'permission-request', requestId: 'p1', callId: 'w', tool: 'write_file', args: { path: 'x' }, summary: 'Write x' }),
      ev({ type: 'run-abort', partialText: '' }),
    ]);
    expect(run.status).toBe('aborted');
    expect(run.tools.w!.status).toBe('stopped');
    expect(pendingPermission(run)).toBeUndefined();
  });

  it('uses the final text when the deltas were missed', () => {
    const run = play([start, ev({ type: 'run-finish', finishReason: 'stop', text: 'All done.', stats })]);
    expect(answerText(run)).toBe('All done.');
  });

  it('ignores anything after the last event and a repeated run-start', () => {
    const done = play([start, ev({ type: 'text-delta', delta: 'A' }), ev({ type: 'run-finish', finishReason: 'stop', text: 'A', stats })]);
    expect(reduceRun(done, ev({ type: 'text-delta', delta: 'B' }), 0)).toBe(done);
    expect(reduceRun(done, start, 0)).toBe(done);
  });

  it('keeps the latest usage', () => {
    const run = play([start, ev({ type: 'usage', usage: { inputTokens: 3, outputTokens: 4 } })]);
    expect(run.usage).toEqual({ inputTokens: 3, outputTokens: 4 });
  });
});

describe('applyEvents', () => {
  it('applies a batch across runs and keeps untouched runs identical', () => {
    const other: AgentEvent = { ...start, runId: 'run-2' } as AgentEvent;
    const runs = applyEvents({}, [start, other], 0);
    const next = applyEvents(runs, [ev({ type: 'text-delta', delta: 'x' })], 0);
    expect(next).not.toBe(runs);
    expect(next['run-2']).toBe(runs['run-2']);
    expect(answerText(next[runId]!)).toBe('x');
  });

  it('returns the same map when nothing changed', () => {
    const runs = applyEvents({}, [start], 0);
    expect(applyEvents(runs, [{ type: 'text-delta', runId: 'unknown', delta: 'x' }], 0)).toBe(runs);
  });
});

describe('reduceRun: a tool of an MCP server', () => {
  it('keeps the permission\'s server and the latest progress while it runs, and drops progress after it ends', () => {
    const mcp = { server: 'everything', tool: 'trigger-long-running-operation', readOnly: true };
    const running = play([
      start,
      ...call('m1', 'everything__trigger-long-running-operation', { duration: 5 }),
      ev({ type: 'permission-request', requestId: 'q1', callId: 'm1', tool: 'everything__trigger-long-running-operation', args: { duration: 5 }, summary: 'Call it', mcp }),
      ev({ type: 'permission-resolved', requestId: 'q1', callId: 'm1', decision: 'once' }),
      ev({ type: 'tool-progress', callId: 'm1', progress: 1, total: 5 }),
      ev({ type: 'tool-progress', callId: 'm1', progress: 2, total: 5, message: 'halfway' }),
    ]);
    const tool = running.tools.m1!;
    expect(tool.status).toBe('running');
    expect(tool.permission?.mcp).toEqual(mcp);
    expect(tool.progress).toEqual({ progress: 2, total: 5, message: 'halfway' });
    const ended = reduceRun(running, ev({ type: 'tool-error', callId: 'm1', name: 'everything__trigger-long-running-operation', error: { code: 'aborted', message: 'Stopped.' }, content: 'Stopped by the user.', durationMs: 900 }), 6000)!;
    expect(reduceRun(ended, ev({ type: 'tool-progress', callId: 'm1', progress: 3, total: 5 }), 6100)).toBe(ended);
  });
});
