import { describe, expect, it } from 'vitest';
import { OpenAITurnReader } from './openaiTurnReader';
import type { ModelStreamEvent } from './types';

const READ_FILE = { name: 'read_file', parameters: { type: 'object', properties: { path: { type: 'string' } } } };

function read(chunks: unknown[], { tools = false, startsInReasoning = false } = {}) {
  const reader = new OpenAITurnReader({ tools: tools ? [READ_FILE] : [], startsInReasoning });
  const events: ModelStreamEvent[] = [];
  const emit = (e: ModelStreamEvent) => events.push(e);
  for (const c of chunks) reader.chunk(c, emit);
  if (reader.finish) reader.end(reader.finish, emit);
  return { events, reader };
}

const delta = (d: Record<string, unknown>, finish: string | null = null) => ({ choices: [{ index: 0, delta: d, finish_reason: finish }] });

describe('OpenAITurnReader', () => {
  it('reads text, reasoning (either field), usage and the finish reason', () => {
    const { events, reader } = read([
      delta({ role: 'assistant', content: '' }),
      delta({ reasoning_content: 'think' }),
      delta({ reasoning: 'ing' }),
      delta({ content: 'Hi' }),
      delta({}, 'length'),
      { choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } },
    ]);
    expect(events).toEqual([
      { type: 'reasoning-delta', text: 'think' },
      { type: 'reasoning-delta', text: 'ing' },
      { type: 'text-delta', text: 'Hi' },
      { type: 'usage', usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 } },
      { type: 'finish', reason: 'length' },
    ]);
    expect(reader.partial).toBe('Hi');
  });

  it('tolerates any shape: nulls, missing choices, usage on the choice, unknown finish reasons', () => {
    const { events } = read([
      null,
      'text',
      { choices: null, usage: null },
      { choices: [{ delta: null, usage: { completion_tokens: 7 } }] },
      { choices: [{ delta: { content: null, tool_calls: [] } }] },
      delta({ content: 'ok' }, 'something_new'),
    ]);
    expect(events).toEqual([
      { type: 'text-delta', text: 'ok' },
      { type: 'usage', usage: { outputTokens: 7 } },
      { type: 'finish', reason: 'other' },
    ]);
  });

  it('the last usage wins (servers that repeat a growing one)', () => {
    const { events } = read([{ ...delta({ content: 'a' }), usage: { completion_tokens: 1 } }, { ...delta({ content: 'b' }, 'stop'), usage: { completion_tokens: 2 } }]);
    expect(events.filter((e) => e.type === 'usage')).toEqual([{ type: 'usage', usage: { outputTokens: 2 } }]);
  });

  it('assembles tool calls and ends with tool-calls', () => {
    const { events } = read([
      delta({ tool_calls: [{ index: 0, id: 'c1', function: { name: 'read_file', arguments: '' } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: '{"path":"a"}' } }] }),
      delta({}, 'tool_calls'),
    ]);
    expect(events).toEqual([
      { type: 'tool-call-start', id: 'c1', name: 'read_file' },
      { type: 'tool-call-delta', id: 'c1', argsDelta: '{"path":"a"}' },
      { type: 'tool-call', call: { id: 'c1', name: 'read_file', argsText: '{"path":"a"}' } },
      { type: 'finish', reason: 'tool-calls' },
    ]);
  });

  it('with tools offered, hides <tool_call> text and hands the call back; a plain stop becomes tool-calls', () => {
    const { events, reader } = read([delta({ content: 'Look.\n<tool_' }), delta({ content: 'call>{"name":"read_file","arguments":{}}</tool_call>' }), delta({}, 'stop')], { tools: true });
    expect(events.filter((e) => e.type === 'text-delta')).toEqual([{ type: 'text-delta', text: 'Look.\n' }]);
    const call = events.find((e) => e.type === 'tool-call');
    expect(call).toMatchObject({ call: { name: 'read_file', argsText: '{}' } });
    // A recovered call's id is nine letters and digits, the shape every template takes back.
    expect(call?.type === 'tool-call' && call.call.id).toMatch(/^[A-Za-z0-9]{9}$/);
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'tool-calls' });
    expect(reader.partial).toBe('Look.\n');
  });

  it('without tools, <tool_call> text stays text, with a notice for the trace', () => {
    const { events } = read([delta({ content: '<tool_call>{"name":"x"}</tool_call>' }, 'stop')]);
    expect(events).toEqual([
      { type: 'text-delta', text: '<tool_call>{"name":"x"}</tool_call>' },
      { type: 'notice', code: 'tool-call-text-rejected', message: expect.stringContaining('it calls "x", but no tools were offered') },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it('shows inline <think> reasoning apart, and reads a stream that begins inside it', () => {
    const inline = read([delta({ content: '<think>pl' }), delta({ content: 'an</think>Answer.' }), delta({}, 'stop')]);
    expect(inline.events.filter((e) => e.type !== 'finish')).toEqual([
      { type: 'reasoning-delta', text: 'pl' },
      { type: 'reasoning-delta', text: 'an' },
      { type: 'text-delta', text: 'Answer.' },
    ]);
    expect(inline.reader.partial).toBe('Answer.');
    const open = read([delta({ content: 'plan</think>\n\nAnswer.' }), delta({}, 'stop')], { startsInReasoning: true });
    expect(open.events.filter((e) => e.type !== 'finish')).toEqual([
      { type: 'reasoning-delta', text: 'plan' },
      { type: 'text-delta', text: 'Answer.' },
    ]);
  });

  it('reads content as the answer when the server sent the reasoning in its own field first', () => {
    const { events } = read([delta({ reasoning_content: 'plan' }), delta({ content: 'Answer.' }), delta({}, 'stop')], { startsInReasoning: true });
    expect(events.filter((e) => e.type !== 'finish')).toEqual([
      { type: 'reasoning-delta', text: 'plan' },
      { type: 'text-delta', text: 'Answer.' },
    ]);
  });

  it('text held back at the end of the stream is shown then', () => {
    const { events } = read([delta({ content: 'a\n<tool' }), delta({}, 'stop')], { tools: true });
    expect(events.filter((e) => e.type === 'text-delta').map((e) => (e.type === 'text-delta' ? e.text : ''))).toEqual(['a\n', '<tool']);
  });
});
