import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../shared/agentEvents';
import { RunUpdates } from './runUpdates';
import type { ObservedRead } from './toolDiff';

const runId = 'r1';
const model = { spec: 'local:', provider: 'local' as const, modelId: 'm', contextLength: 4096 };
const ws = '/work/project';

function mapper(reads: Record<string, ObservedRead> = {}, terminals: Record<string, string> = {}) {
  return new RunUpdates({ workspace: ws, observedRead: (id) => reads[id], terminalOf: (id) => terminals[id] });
}

function mapAll(m: RunUpdates, events: AgentEvent[]) {
  return events.flatMap((e) => m.map(e));
}

describe('AgentEvents as ACP session updates', () => {
  it('text and reasoning as message and thought chunks; empty deltas send nothing', () => {
    const m = mapper();
    expect(
      mapAll(m, [
        { type: 'run-start', runId, conversationId: 'c', model, prompt: 'p', startedAt: 0 },
        { type: 'turn-start', runId, turn: 1 },
        { type: 'reasoning-delta', runId, delta: 'Thinking.' },
        { type: 'text-delta', runId, delta: 'Hello' },
        { type: 'text-delta', runId, delta: '' },
      ]),
    ).toEqual([
      { sessionUpdate: 'agent_thought_chunk', content: { type: 'text', text: 'Thinking.' } },
      { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: 'Hello' } },
    ]);
  });

  it('a read: tool_call pending at its start, in progress with title and location once ready, completed with the text fenced', () => {
    const m = mapper();
    const updates = mapAll(m, [
      { type: 'tool-call-start', runId, callId: 'c1', name: 'read_file' },
      { type: 'tool-call-args-delta', runId, callId: 'c1', delta: '{"path":' },
      { type: 'tool-call-ready', runId, callId: 'c1', name: 'read_file', args: { path: 'src/a.ts', offset: 10 }, argsText: '' },
      { type: 'tool-result', runId, callId: 'c1', name: 'read_file', content: 'const a = 1;', durationMs: 2 },
    ]);
    expect(updates).toEqual([
      { sessionUpdate: 'tool_call', toolCallId: 'c1', title: 'Read a file', kind: 'read', status: 'pending', rawInput: {} },
      {
        sessionUpdate: 'tool_call_update',
        toolCallId: 'c1',
        title: 'Read src/a.ts (from line 10)',
        kind: 'read',
        status: 'in_progress',
        locations: [{ path: '/work/project/src/a.ts', line: 10 }],
        rawInput: { path: 'src/a.ts', offset: 10 },
      },
      { sessionUpdate: 'tool_call_update', toolCallId: 'c1', status: 'completed', content: [{ type: 'content', content: { type: 'text', text: '```\nconst a = 1;\n```' } }] },
    ]);
  });

  it('a write waits pending until allowed, and ends with a diff of what the tool read before and the text written', () => {
    const m = mapper({ c2: { abs: '/work/project/a.txt', text: 'old\n' } });
    const updates = mapAll(m, [
      { type: 'tool-call-start', runId, callId: 'c2', name: 'write_file' },
      { type: 'tool-call-ready', runId, callId: 'c2', name: 'write_file', args: { path: 'a.txt', content: 'new\n' }, argsText: '' },
      { type: 'permission-request', runId, requestId: 'q', callId: 'c2', tool: 'write_file', args: { path: 'a.txt', content: 'new\n' }, summary: 'Overwrite a.txt' },
    ]);
    expect(updates.at(-1)).toMatchObject({ sessionUpdate: 'tool_call_update', status: 'pending', kind: 'edit', title: 'Write a.txt' });
    expect(m.permissionView('c2')).toEqual({
      title: 'Write a.txt',
      kind: 'edit',
      locations: [{ path: '/work/project/a.txt' }],
      content: [{ type: 'diff', path: '/work/project/a.txt', oldText: 'old\n', newText: 'new\n' }],
    });
    expect(m.map({ type: 'permission-resolved', runId, requestId: 'q', callId: 'c2', decision: 'once' })).toEqual([
      { sessionUpdate: 'tool_call_update', toolCallId: 'c2', status: 'in_progress' },
    ]);
    expect(m.map({ type: 'tool-result', runId, callId: 'c2', name: 'write_file', content: 'Wrote a.txt.', durationMs: 1 })).toEqual([
      {
        sessionUpdate: 'tool_call_update',
        toolCallId: 'c2',
        status: 'completed',
        content: [
          { type: 'diff', path: '/work/project/a.txt', oldText: 'old\n', newText: 'new\n' },
          { type: 'content', content: { type: 'text', text: 'Wrote a.txt.' } },
        ],
      },
    ]);
  });

  it('a denied call ends failed, saying so; a denial does not move it to in progress', () => {
    const m = mapper();
    mapAll(m, [{ type: 'tool-call-ready', runId, callId: 'c3', name: 'run_command', args: { command: 'rm', args: ['-rf', 'x y'] }, argsText: '' }]);
    expect(m.map({ type: 'permission-resolved', runId, requestId: 'q', callId: 'c3', decision: 'deny' })).toEqual([]);
    expect(
      m.map({
        type: 'tool-error',
        runId,
        callId: 'c3',
        name: 'run_command',
        error: { code: 'permission-denied', message: 'Permission denied: Run rm -rf x y.' },
        content: 'Permission denied by the user.',
        denied: true,
        durationMs: 0,
      }),
    ).toEqual([
      {
        sessionUpdate: 'tool_call_update',
        toolCallId: 'c3',
        status: 'failed',
        content: [{ type: 'content', content: { type: 'text', text: 'Permission denied: Run rm -rf x y.' } }],
      },
    ]);
  });

  it('a call recovered from the text (no start event) opens with a full tool_call; a command shows its terminal', () => {
    const m = mapper({}, { c4: 'term-9' });
    expect(m.map({ type: 'tool-call-ready', runId, callId: 'c4', name: 'run_command', args: { command: 'npm', args: ['test'] }, argsText: '' })).toEqual([
      { sessionUpdate: 'tool_call', toolCallId: 'c4', title: 'Run npm test', kind: 'execute', status: 'pending', locations: [], rawInput: { command: 'npm', args: ['test'] } },
    ]);
    expect(m.map({ type: 'tool-result', runId, callId: 'c4', name: 'run_command', content: '$ npm test\nok\n[exit code 0]', durationMs: 5 })).toEqual([
      { sessionUpdate: 'tool_call_update', toolCallId: 'c4', status: 'completed', content: [{ type: 'terminal', terminalId: 'term-9' }] },
    ]);
  });

  it('a command that failed keeps its output for the editor; a stopped call says Stopped', () => {
    const m = mapper();
    mapAll(m, [{ type: 'tool-call-ready', runId, callId: 'c5', name: 'run_command', args: { command: 'npm' }, argsText: '' }]);
    const [failed] = m.map({
      type: 'tool-error',
      runId,
      callId: 'c5',
      name: 'run_command',
      error: { code: 'tool-timeout', message: 'npm did not finish within 60 s.' },
      content: '$ npm\nhalf\n[timed out]\nError: npm did not finish within 60 s.',
      durationMs: 60_000,
    });
    expect(failed).toMatchObject({ status: 'failed', content: [{ content: { text: 'npm did not finish within 60 s.' } }, { content: { text: expect.stringContaining('half') } }] });
    mapAll(m, [{ type: 'tool-call-ready', runId, callId: 'c6', name: 'read_file', args: { path: 'a' }, argsText: '' }]);
    expect(m.map({ type: 'tool-error', runId, callId: 'c6', name: 'read_file', error: { code: 'aborted', message: 'Stopped by the user.' }, content: 'Stopped by the user.', durationMs: 0 })).toEqual([
      { sessionUpdate: 'tool_call_update', toolCallId: 'c6', status: 'failed', content: [{ type: 'content', content: { type: 'text', text: 'Stopped.' } }] },
    ]);
  });

  it('the end of a run closes calls it left open; usage is reported against the model’s context', () => {
    const m = mapper();
    mapAll(m, [
      { type: 'run-start', runId, conversationId: 'c', model, prompt: 'p', startedAt: 0 },
      { type: 'tool-call-start', runId, callId: 'c7', name: 'write_file' },
    ]);
    expect(m.map({ type: 'usage', runId, usage: { inputTokens: 1000, outputTokens: 24 } })).toEqual([{ sessionUpdate: 'usage_update', used: 1024, size: 4096 }]);
    expect(m.map({ type: 'run-abort', runId, partialText: '' })).toEqual([
      { sessionUpdate: 'tool_call_update', toolCallId: 'c7', status: 'failed', content: [{ type: 'content', content: { type: 'text', text: 'Stopped before it ran.' } }] },
    ]);
    expect(m.map({ type: 'run-finish', runId, finishReason: 'stop', text: '', stats: { durationMs: 1, turns: 1 } })).toEqual([]);
  });

  it('usage without a known context size sends nothing', () => {
    const m = mapper();
    m.map({ type: 'run-start', runId, conversationId: 'c', model: { ...model, contextLength: undefined }, prompt: 'p', startedAt: 0 });
    expect(m.map({ type: 'usage', runId, usage: { inputTokens: 10 } })).toEqual([]);
  });
});
