import { describe, expect, it } from 'vitest';
import type { AgentEvent, ModelRef } from '../../../shared/agentEvents';
import type { Conversation, ConversationMessage } from '../../../shared/conversation';
import { applyEvents } from '../../../shared/runReducer';
import { answerText, type RunView } from '../../../shared/runView';
import { eventScript } from '../../../test/support/core/eventScript';
import { historyShape } from '../../../test/support/shared/historyShape';
import { decodeRecord } from './decodeRecord';
import { encodeRecord, type NewRecord } from './records';
import { replay } from './replay';
import { RunRecorder } from './runRecorder';
import { conversationEvents, conversationRuns, conversationRunsOf } from './runReplay';

const MODEL: ModelRef = { spec: 'local:http://127.0.0.1:1234/v1/qwen3-8b', provider: 'local', modelId: 'qwen3-8b', baseURL: 'http://127.0.0.1:1234/v1', serverKind: 'lmstudio', contextLength: 32768 };

/** Records events the way the store does (streamed text committed between events) and reads the log back through the real encoding. */
function recordToDisk(events: readonly AgentEvent[], extra: NewRecord[] = []): Conversation {
  let clock = 100;
  let ids = 0;
  const recorder = new RunRecorder({ now: () => ++clock, newId: () => `m${++ids}` });
  const written: NewRecord[] = [{ t: 'meta', id: 'c1', createdAt: 1, title: '', model: MODEL.spec }, ...extra];
  for (const e of events) {
    written.push(...recorder.apply(e).records);
    // A timer's commit of streamed text, between any two events.
    written.push(...recorder.drain());
  }
  const records = written.map((r) => {
    const d = decodeRecord(encodeRecord(r).trimEnd());
    if (d.kind !== 'record') throw new Error(`bad record: ${JSON.stringify(d)}`);
    return d.record;
  });
  const result = replay(records);
  if (!result.ok) throw new Error(result.reason);
  expect(result.rejected).toEqual([]);
  return result.conversation;
}

/** The runs the live reducer built, oldest first. */
function liveRuns(events: readonly AgentEvent[]): RunView[] {
  const byId = applyEvents({}, events, 5_000);
  return [...new Set(events.map((e) => e.runId))].map((id) => byId[id]!).filter(Boolean);
}

const r1 = eventScript('r1', 'c1', MODEL);
const r2 = eventScript('r2', 'c1', MODEL);

/** Every shape of run the agent emits: the runs rebuilt from disk must equal the live ones. */
const scenarios: Record<string, AgentEvent[]> = {
  'a streamed answer': [r1.start('Hi', 50), r1.turn(1), r1.text('Hel'), r1.text('lo!'), { type: 'usage', runId: 'r1', usage: { outputTokens: 3 } }, r1.finish('Hello!', { durationMs: 40, turns: 1, outputTokens: 3 })],
  'reasoning, then text': [r1.start('Why?', 50), r1.turn(1), r1.reasoning('Think'), r1.reasoning(' hard.'), r1.text('Because.'), r1.finish('Because.')],
  'tool calls over two turns': [
    r1.start('What is in src?', 50),
    r1.turn(1),
    r1.text('Let me look.'),
    ...r1.call('t1', 'list_files', { path: 'src' }),
    { type: 'permission-request', runId: 'r1', requestId: 'q1', callId: 't1', tool: 'list_files', args: { path: 'src' }, summary: 'List src' },
    { type: 'permission-resolved', runId: 'r1', requestId: 'q1', callId: 't1', decision: 'once' },
    { type: 'tool-progress', runId: 'r1', callId: 't1', progress: 1, total: 2 },
    { ...r1.result('t1', 'list_files', 'app.ts'), meta: { files: 1 } } as AgentEvent,
    ...r1.call('t2', 'read_file', { path: 'src/app.ts' }),
    r1.result('t2', 'read_file', 'export {}'),
    r1.turn(2),
    r1.text('One file: app.ts.'),
    r1.finish('One file: app.ts.', { durationMs: 900, turns: 2, outputTokens: 30 }),
  ],
  'a denied call and a failed one': [
    r1.start('Delete it', 50),
    r1.turn(1),
    ...r1.call('t1', 'run_command', { command: 'rm app.ts' }),
    { type: 'permission-request', runId: 'r1', requestId: 'q1', callId: 't1', tool: 'run_command', args: { command: 'rm app.ts' }, summary: 'Run rm', program: 'rm' },
    { type: 'permission-resolved', runId: 'r1', requestId: 'q1', callId: 't1', decision: 'deny' },
    r1.toolError('t1', 'run_command', { code: 'permission-denied', message: 'The user denied this.' }, true),
    ...r1.call('t2', 'read_file', { path: 'nope' }),
    r1.toolError('t2', 'read_file', { code: 'tool-failed', message: 'No such file: nope' }),
    r1.turn(2),
    r1.text('I was not allowed.'),
    r1.finish('I was not allowed.'),
  ],
  'an error after some text': [r1.start('Go', 50), r1.turn(1), r1.text('Half an ans'), r1.error({ code: 'stream-broken', message: 'The server closed the stream.' }, 'Half an ans')],
  'stopped while a call waited': [
    r1.start('Write it', 50),
    r1.turn(1),
    ...r1.call('t1', 'write_file', { path: 'a.txt', content: 'x' }),
    { type: 'permission-request', runId: 'r1', requestId: 'q1', callId: 't1', tool: 'write_file', args: { path: 'a.txt' }, summary: 'Write a.txt', diff: '+x' },
    r1.abort(''),
  ],
  'a first turn with no output (a retry), then an answer': [r1.start('Hi', 50), r1.turn(1), r1.turn(2), r1.text('Second try.'), r1.finish('Second try.')],
  'a model that never answered': [r1.start('Hi', 50), r1.error({ code: 'server-unavailable', message: 'Nothing answers at 127.0.0.1:1234.' })],
  'an answer that came whole at the end': [r1.start('Hi', 50), r1.turn(1), r1.finish('All at once.')],
  'a tool call written as text': [r1.start('Hi', 50), r1.turn(1), r1.text('<tool_call>{"name":"x"}'), { type: 'notice', runId: 'r1', code: 'tool-call-text-rejected', message: 'Not run.' }, r1.finish('<tool_call>{"name":"x"}')],
  'two runs, the second trimmed to fit': [
    r1.start('First', 50),
    r1.turn(1),
    r1.text('One.'),
    r1.finish('One.'),
    { ...(r2.start('Second', 2_000) as AgentEventOfStart), workspace: '/w', parentRunId: 'r1', contextFrom: 'r1', baseTokens: 1_234 },
    r2.turn(1),
    r2.text('Two.'),
    r2.finish('Two.'),
  ],
  'a regenerated answer and an edited first prompt (three branches)': [
    r1.start('First', 50),
    r1.turn(1),
    r1.text('One.'),
    r1.finish('One.'),
    { ...(r2.start('Second', 2_000) as AgentEventOfStart), parentRunId: 'r1' },
    r2.turn(1),
    r2.text('Two.'),
    r2.finish('Two.'),
    { ...(eventScript('r3', 'c1', MODEL).start('Second', 3_000) as AgentEventOfStart), parentRunId: 'r1' },
    { type: 'turn-start', runId: 'r3', turn: 1 },
    { type: 'text-delta', runId: 'r3', delta: 'Two, again.' },
    eventScript('r3', 'c1', MODEL).finish('Two, again.'),
    eventScript('r4', 'c1', MODEL).start('First, edited', 4_000),
    eventScript('r4', 'c1', MODEL).finish('Fresh.'),
  ],
};
type AgentEventOfStart = Extract<AgentEvent, { type: 'run-start' }>;

describe('runs rebuilt from disk', () => {
  for (const [name, events] of Object.entries(scenarios)) {
    it(`equal the live runs: ${name}`, () => {
      const live = liveRuns(events);
      const stored = conversationRuns(recordToDisk(events));
      expect(stored.map(historyShape)).toEqual(live.map(historyShape));
      expect(stored.every((r) => !r.live)).toBe(true);
    });
  }

  it('are a fixed point: recording the replayed events again gives the same runs', () => {
    for (const events of Object.values(scenarios)) {
      const once = conversationRuns(recordToDisk(events));
      const twice = conversationRuns(recordToDisk(conversationEvents(recordToDisk(events))));
      expect(twice).toEqual(once);
    }
  });
});

/** History written before runIds, model refs, parents and tool errors were kept. */
const legacy: ConversationMessage[] = [
  { role: 'user', id: 'u1', content: 'What is in src?', createdAt: 1000 },
  {
    role: 'assistant',
    id: 'a1',
    content: 'Let me look.',
    reasoning: 'List first.',
    toolCalls: [{ id: 't1', name: 'list_files', argsText: '{"path":"src"}' }],
    model: 'local:http://127.0.0.1:1234/v1/qwen3-8b',
    createdAt: 1100,
  },
  { role: 'tool', id: 'm1', toolCallId: 't1', name: 'list_files', content: 'app.ts', meta: { files: 1 }, durationMs: 4, createdAt: 1200 },
  { role: 'assistant', id: 'a2', content: 'One file: app.ts.', status: 'complete', finishReason: 'stop', stats: { durationMs: 900, turns: 2, outputTokens: 30 }, createdAt: 1300 },
  { role: 'user', id: 'u2', content: 'Delete it', createdAt: 2000 },
  { role: 'assistant', id: 'a3', content: '', toolCalls: [{ id: 't2', name: 'run_command', argsText: '{"command":"rm app.ts"}' }], createdAt: 2100 },
  { role: 'tool', id: 'm2', toolCallId: 't2', name: 'run_command', content: 'The user denied this.', isError: true, denied: true, createdAt: 2200 },
  { role: 'assistant', id: 'a4', content: 'Half an ans', status: 'error', error: { code: 'stream-broken', message: 'The server closed the stream.' }, createdAt: 2300 },
  { role: 'user', id: 'u3', content: 'Try again', createdAt: 3000, runId: 'run-42' },
  { role: 'assistant', id: 'a5', content: '', toolCalls: [{ id: 't3', name: 'read_file', argsText: '{bad' }], status: 'partial', createdAt: 3100 },
];

describe('older history', () => {
  const runs = conversationRuns({ id: 'c1', messages: legacy, trimmedBefore: 4 });

  it('makes one run per prompt, keyed by its recorded runId or else by the message, each following the one before', () => {
    expect(runs.map((r) => [r.runId, r.prompt, r.parentRunId])).toEqual([
      ['stored:c1:u1', 'What is in src?', undefined],
      ['stored:c1:u2', 'Delete it', 'stored:c1:u1'],
      ['run-42', 'Try again', 'stored:c1:u2'],
    ]);
    expect(runs.every((r) => r.conversationId === 'c1' && !r.live)).toBe(true);
  });

  it('rebuilds text, reasoning and tool calls with their results, the model from the answers', () => {
    const first = runs[0]!;
    expect(first.parts.map((p) => p.kind)).toEqual(['reasoning', 'text', 'tool', 'text']);
    expect(answerText(first)).toBe('Let me look.\n\nOne file: app.ts.');
    expect(first.tools.t1).toMatchObject({ status: 'done', args: { path: 'src' }, content: 'app.ts', meta: { files: 1 }, durationMs: 4, turn: 1 });
    expect(first).toMatchObject({ status: 'finished', turn: 2, finishReason: 'stop', stats: { durationMs: 900, turns: 2, outputTokens: 30 } });
    expect(first.model).toMatchObject({ provider: 'local', modelId: 'qwen3-8b', baseURL: 'http://127.0.0.1:1234/v1' });
  });

  it('keeps denials and errors; a run that kept no stats shows none', () => {
    const second = runs[1]!;
    expect(second.tools.t2).toMatchObject({ status: 'denied', error: { code: 'permission-denied', message: 'The user denied this.' } });
    expect(second).toMatchObject({ status: 'error', error: { code: 'stream-broken' } });
    expect(second.stats).toBeUndefined();
    expect(answerText(second)).toBe('Half an ans');
  });

  it('shows an answer a crash cut short as stopped, its call unparsed', () => {
    const third = runs[2]!;
    expect(third.status).toBe('aborted');
    expect(third.tools.t3).toMatchObject({ status: 'stopped', args: undefined, argsText: '{bad' });
  });

  it('marks where the context began (the last trim) on the last run', () => {
    expect(runs.map((r) => r.contextFrom)).toEqual([undefined, undefined, 'stored:c1:u2']);
  });

  it('keys runs of two conversations apart although their message ids are the same', () => {
    const a = conversationRuns({ id: 'a', messages: legacy.slice(0, 4) });
    const b = conversationRuns({ id: 'b', messages: legacy.slice(0, 4) });
    expect([a[0]!.runId, b[0]!.runId]).toEqual(['stored:a:u1', 'stored:b:u1']);
  });

  it('replays only the runs asked for, each exactly as the whole replay has it (parents and the context start too), and counts them all', () => {
    const stray: ConversationMessage = { role: 'assistant', id: 'a0', content: 'Before any prompt', status: 'complete', createdAt: 500 };
    const messages = [stray, ...legacy];
    const whole = conversationRuns({ id: 'c1', messages, trimmedBefore: 5 });
    expect(whole.map((r) => r.runId)).toEqual(['stored:c1:a0', 'stored:c1:u1', 'stored:c1:u2', 'run-42']);
    const some = conversationRunsOf({ id: 'c1', messages, trimmedBefore: 5 }, new Set(['stored:c1:u2', 'run-42']));
    expect(some.runs).toEqual([whole[2], whole[3]]);
    expect(some.runs[0]!.parentRunId).toBe('stored:c1:u1');
    expect(some.total).toBe(4);
    expect(conversationRunsOf({ id: 'c1', messages }, new Set(['stored:c1:a0'])).runs).toEqual([conversationRuns({ id: 'c1', messages })[0]]);
    expect(conversationRunsOf({ id: 'c1', messages }).runs).toEqual(conversationRuns({ id: 'c1', messages }));
  });

  it('names the conversation model when no answer says which model wrote it', () => {
    const [run] = conversationRuns({ id: 'c', model: 'openai:gpt-4.1', messages: [{ role: 'user', id: 'u', content: 'x', createdAt: 1 }] });
    expect(run).toMatchObject({ status: 'aborted', model: { provider: 'openai', modelId: 'gpt-4.1' }, parts: [] });
  });
});
