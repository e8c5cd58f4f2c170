import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../shared/agentEvents';
import { decodeRecord } from './decodeRecord';
import { eventScript } from '../../../test/support/core/eventScript';
import { encodeRecord, type LogRecord, type NewRecord } from './records';
import { replay } from './replay';
import { RunRecorder } from './runRecorder';

/** Feeds events through a recorder, draining streamed text where a timer would, and replays the log it wrote. */
function record(events: (AgentEvent | 'tick')[]) {
  let clock = 100;
  let ids = 0;
  const recorder = new RunRecorder({ now: () => ++clock, newId: () => `m${++ids}` });
  const written: NewRecord[] = [{ t: 'meta', id: 'c1', createdAt: 1, title: '' }];
  const syncs: boolean[] = [];
  for (const e of events) {
    if (e === 'tick') {
      written.push(...recorder.drain());
      continue;
    }
    const step = recorder.apply(e);
    written.push(...step.records);
    if (step.records.length) syncs.push(step.sync);
  }
  // Through the real encoding, as a reader would see it.
  const records = written.map((r) => {
    const d = decodeRecord(encodeRecord(r).trimEnd());
    if (d.kind !== 'record') throw new Error(`bad record: ${JSON.stringify(d)}`);
    return d.record;
  });
  const result = replay(records);
  if (!result.ok) throw new Error(result.reason);
  expect(result.rejected).toEqual([]);
  return { messages: result.conversation.messages, records, syncs };
}

const run = eventScript('r1', 'c1');

describe('RunRecorder', () => {
  it('records the prompt at run start and the streamed answer as it grows', () => {
    const { messages, records } = record([run.start('Hi', 50), run.turn(1), run.text('Hel'), 'tick', run.text('lo'), run.text('!'), 'tick']);
    expect(messages).toEqual([
      { role: 'user', id: 'm1', content: 'Hi', createdAt: 50, runId: 'r1', parentRunId: null, modelRef: { spec: 'test', provider: 'test', modelId: 'test' } },
      expect.objectContaining({ role: 'assistant', id: 'm2', content: 'Hello!', status: 'partial', model: 'test' }),
    ]);
    // The first commit is the whole message, later ones only the new text.
    expect(records.map((r: LogRecord) => r.t)).toEqual(['meta', 'msg', 'msg', 'append']);
    expect(records[3]).toMatchObject({ t: 'append', messageId: 'm2', content: 'lo!' });
  });

  it('keeps reasoning apart from the answer', () => {
    const { messages } = record([run.start('Why?'), run.reasoning('Think'), 'tick', run.reasoning('ing'), run.text('Because.'), run.finish('Because.')]);
    expect(messages[1]).toMatchObject({ role: 'assistant', reasoning: 'Thinking', content: 'Because.', status: 'complete', finishReason: 'stop' });
  });

  it('records a multi-turn run with tool calls: one answer per turn, each call with its result', () => {
    const { messages, syncs } = record([
      run.start('Fix it'),
      run.turn(1),
      run.text('Reading.'),
      ...run.call('call-1', 'read_file', { path: 'a.ts' }),
      ...run.call('call-2', 'list_files', {}),
      run.result('call-1', 'read_file', 'const a = 1;', 12),
      { type: 'tool-error', runId: 'r1', callId: 'call-2', name: 'list_files', error: { code: 'permission-denied', message: 'Denied.' }, content: 'The user denied this.', denied: true, durationMs: 0 },
      run.turn(2),
      run.text('Done.'),
      run.finish('Done.', { durationMs: 40, turns: 2, outputTokens: 9 }),
    ]);
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'tool', 'assistant']);
    expect(messages[1]).toMatchObject({
      content: 'Reading.',
      status: 'complete',
      finishReason: 'tool-calls',
      toolCalls: [
        { id: 'call-1', name: 'read_file', argsText: '{"path":"a.ts"}' },
        { id: 'call-2', name: 'list_files', argsText: '{}' },
      ],
    });
    expect(messages[2]).toMatchObject({ role: 'tool', toolCallId: 'call-1', name: 'read_file', content: 'const a = 1;', durationMs: 12 });
    expect(messages[2]).not.toHaveProperty('isError');
    expect(messages[3]).toMatchObject({ role: 'tool', toolCallId: 'call-2', isError: true, denied: true, content: 'The user denied this.' });
    expect(messages[4]).toMatchObject({ role: 'assistant', content: 'Done.', status: 'complete', stats: { durationMs: 40, turns: 2, outputTokens: 9 } });
    // Prompt, tool results, turn ends and the run's end reach the disk (fdatasync).
    expect(syncs.filter(Boolean).length).toBeGreaterThanOrEqual(5);
  });

  it('keeps tool meta on the tool message', () => {
    const { messages } = record([
      run.start('Edit'),
      ...run.call('c', 'edit_file', { path: 'x' }),
      { type: 'tool-result', runId: 'r1', callId: 'c', name: 'edit_file', content: 'ok', meta: { path: 'x', diff: '-a\n+b' }, durationMs: 3 },
      run.finish(''),
    ]);
    expect(messages[2]).toMatchObject({ role: 'tool', meta: { path: 'x', diff: '-a\n+b' } });
  });

  it('marks an answer cut by an error, keeping its text and the error', () => {
    const error = { code: 'stream-broken' as const, message: 'The server closed the connection.' };
    const { messages } = record([run.start('Go'), run.text('Half an ans'), 'tick', run.error(error, 'Half an ans')]);
    expect(messages[1]).toMatchObject({ role: 'assistant', content: 'Half an ans', status: 'error', error });
  });

  it('records an error that came before any text as an empty answer with the error', () => {
    const error = { code: 'server-unavailable' as const, message: 'No server answered.' };
    const { messages } = record([run.start('Go'), run.error(error)]);
    expect(messages).toHaveLength(2);
    expect(messages[1]).toMatchObject({ role: 'assistant', content: '', status: 'error', error });
  });

  it('marks an aborted answer and keeps the text received', () => {
    const { messages } = record([run.start('Go'), run.text('Partial'), run.abort('Partial'), run.text(' ignored after the end')]);
    expect(messages[1]).toMatchObject({ content: 'Partial', status: 'aborted' });
    expect(messages).toHaveLength(2);
  });

  it('takes the answer from the final event when no delta carried it', () => {
    const { messages } = record([run.start('Go'), run.finish('Whole answer')]);
    expect(messages[1]).toMatchObject({ content: 'Whole answer', status: 'complete' });
  });

  it('aborted while a tool waited: the call stays on the answer, marked aborted', () => {
    const { messages } = record([run.start('Go'), ...run.call('c', 'run_command', { cmd: 'ls' }), run.abort()]);
    expect(messages[1]).toMatchObject({ status: 'aborted', toolCalls: [{ id: 'c', name: 'run_command' }] });
  });

  it('ignores events of other runs and events before a run starts', () => {
    const other = eventScript('r2', 'c1');
    const { messages } = record([run.text('stray'), run.start('Go'), other.text('other run'), run.finish('ok')]);
    expect(messages.map((m) => m.content)).toEqual(['Go', 'ok']);
  });

  it('a second run continues the same conversation', () => {
    const second = eventScript('r2', 'c1');
    const { messages } = record([run.start('One'), run.finish('A1'), second.start('Two'), second.text('A2'), second.finish('A2')]);
    expect(messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'One'],
      ['assistant', 'A1'],
      ['user', 'Two'],
      ['assistant', 'A2'],
    ]);
  });

  it('each prompt carries the runId of the run it started, through the encoding', () => {
    const second = eventScript('r2', 'c1');
    const { messages } = record([run.start('One'), run.finish('A1'), second.start('Two'), second.finish('A2')]);
    expect(messages.filter((m) => m.role === 'user').map((m) => (m.role === 'user' ? m.runId : undefined))).toEqual(['r1', 'r2']);
  });

  it('after a failed write, the next commit rewrites the answer whole', () => {
    const recorder = new RunRecorder({ now: () => 1, newId: () => 'x' });
    recorder.apply(run.start('Go'));
    recorder.apply(run.text('a'));
    expect(recorder.drain()[0]?.t).toBe('msg');
    recorder.apply(run.text('b'));
    recorder.forgetWritten();
    const [next] = recorder.drain();
    expect(next).toMatchObject({ t: 'msg', message: { content: 'ab' } });
  });
});
