import { describe, expect, it } from 'vitest';
import type { ConversationMessage } from '../../../../shared/conversation';
import { contextStartRunId, conversationToRuns, mergeRuns, modelRefOf } from './conversationToRuns';
import { answerText, type RunView } from './runView';

const stats = { durationMs: 900, turns: 2, outputTokens: 30 };

const messages: ConversationMessage[] = [
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
  { role: 'assistant', id: 'a2', content: 'One file: app.ts.', status: 'complete', finishReason: 'stop', stats, createdAt: 1300 },
  { role: 'user', id: 'u2', content: 'Delete it', createdAt: 2000 },
  { role: 'assistant', id: 'a3', content: '', toolCalls: [{ id: 't2', name: 'run_command', argsText: '{"command":"rm app.ts"}' }], createdAt: 2100 },
  { role: 'tool', id: 'm2', toolCallId: 't2', name: 'run_command', content: 'The user denied this.', isError: true, denied: true, createdAt: 2200 },
  {
    role: 'assistant',
    id: 'a4',
    content: 'Half an ans',
    status: 'error',
    error: { code: 'stream-broken', message: 'The server closed the stream.' },
    createdAt: 2300,
  },
];

describe('conversationToRuns', () => {
  const runs = conversationToRuns('c1', messages);

  it('makes one run per user message, in order', () => {
    expect(runs.map((r) => r.prompt)).toEqual(['What is in src?', 'Delete it']);
    expect(runs.every((r) => r.conversationId === 'c1' && !r.live)).toBe(true);
  });

  it('rebuilds text, reasoning and tool calls with their results', () => {
    const first = runs[0]!;
    expect(first.parts.map((p) => p.kind)).toEqual(['reasoning', 'text', 'tool', 'text']);
    expect(answerText(first)).toBe('Let me look.\n\nOne file: app.ts.');
    expect(first.tools.t1).toMatchObject({ status: 'done', args: { path: 'src' }, content: 'app.ts', meta: { files: 1 }, durationMs: 4 });
    expect(first.status).toBe('finished');
    expect(first.stats).toEqual(stats);
    expect(first.model).toMatchObject({ provider: 'local', modelId: 'qwen3-8b', baseURL: 'http://127.0.0.1:1234/v1' });
  });

  it('keeps denials and errors', () => {
    const second = runs[1]!;
    expect(second.tools.t2!.status).toBe('denied');
    expect(second.status).toBe('error');
    expect(second.error?.code).toBe('stream-broken');
    expect(answerText(second)).toBe('Half an ans');
  });

  it('shows a call without a stored result as stopped', () => {
    const [run] = conversationToRuns('c', [
      { role: 'user', id: 'u', content: 'x', createdAt: 1 },
      { role: 'assistant', id: 'a', content: '', toolCalls: [{ id: 't', name: 'read_file', argsText: '{bad' }], status: 'partial', createdAt: 2 },
    ]);
    expect(run!.tools.t).toMatchObject({ status: 'stopped', args: undefined, argsText: '{bad' });
    expect(run!.status).toBe('aborted');
  });
});

describe('modelRefOf', () => {
  it('names the provider of a spec', () => {
    expect(modelRefOf('openai:gpt-4.1')).toMatchObject({ provider: 'openai', modelId: 'gpt-4.1' });
    expect(modelRefOf('test').provider).toBe('test');
    expect(modelRefOf('claude-sonnet-4-6').provider).toBe('anthropic');
  });
});

describe('mergeRuns', () => {
  const view = (id: string, prompt: string, startedAt: number, live: boolean): RunView => ({
    runId: id,
    conversationId: 'c',
    prompt,
    model: modelRefOf('test'),
    startedAt,
    status: live ? 'running' : 'finished',
    turn: 1,
    parts: [],
    tools: {},
    toolOrder: [],
    live,
  });

  it('lets a live run replace its stored copy (same runId) and keeps the rest in time order', () => {
    const stored = [view('r1', 'first', 1000, false), view('r2', 'second', 5000, false)];
    const live = [view('r2', 'second', 5003, true)];
    const merged = mergeRuns(stored, live);
    expect(merged.map((r) => [r.runId, r.live])).toEqual([
      ['r1', false],
      ['r2', true],
    ]);
  });

  it('never matches by prompt: the same words in another run are another row', () => {
    const stored = [view('r1', 'again', 1000, false), view('stored:u2', 'again', 2000, false)];
    const live = [view('r3', 'again', 2001, true)];
    expect(mergeRuns(stored, live).map((r) => r.runId)).toEqual(['r1', 'stored:u2', 'r3']);
  });
});

describe('stored runIds', () => {
  it('keys a stored run by the runId its prompt recorded, else by the message', () => {
    const runs = conversationToRuns('c', [
      { role: 'user', id: 'u1', content: 'old', createdAt: 1 },
      { role: 'assistant', id: 'a1', content: 'A', status: 'complete', createdAt: 2 },
      { role: 'user', id: 'u2', content: 'new', createdAt: 3, runId: 'run-42' },
      { role: 'assistant', id: 'a2', content: 'B', status: 'complete', createdAt: 4 },
    ]);
    expect(runs.map((r) => r.runId)).toEqual(['stored:u1', 'run-42']);
  });
});

describe('contextStartRunId', () => {
  const messages = [
    { role: 'user' as const, id: 'u1', content: 'one', createdAt: 1, runId: 'r1' },
    { role: 'assistant' as const, id: 'a1', content: 'A', createdAt: 2 },
    { role: 'user' as const, id: 'u2', content: 'two', createdAt: 3 },
    { role: 'assistant' as const, id: 'a2', content: 'B', createdAt: 4 },
    { role: 'user' as const, id: 'u3', content: 'three', createdAt: 5, runId: 'r3' },
  ];

  it('names the first run the model was sent', () => {
    expect(contextStartRunId(messages, 2)).toBe('stored:u2');
    expect(contextStartRunId(messages, 3)).toBe('r3');
  });

  it('is undefined when nothing was trimmed or no prompt follows the cut', () => {
    expect(contextStartRunId(messages, undefined)).toBeUndefined();
    expect(contextStartRunId(messages, 0)).toBeUndefined();
    expect(contextStartRunId(messages.slice(0, 4), 3)).toBeUndefined();
  });
});
