import { describe, expect, it } from 'vitest';
import { familyOf } from '../../../shared/modelFamilies';
import { openAIChatBody, toOpenAIMessages } from './openaiRequest';
import type { ChatMessage } from './types';

const call = (id: string, path: string) => ({ id, name: 'read_file', argsText: JSON.stringify({ path }) });
const RUN: ChatMessage[] = [
  { role: 'user', content: 'Read a and b.' },
  { role: 'assistant', content: '', reasoning: 'I need both files.', toolCalls: [call('c1', 'a'), call('c2', 'b')] },
  { role: 'tool', toolCallId: 'c1', name: 'read_file', content: 'A' },
  { role: 'tool', toolCallId: 'c2', name: 'read_file', content: 'B' },
];

describe('toOpenAIMessages', () => {
  it('sends a turn with parallel calls as it is, without reasoning, to an unknown family', () => {
    const wire = toOpenAIMessages(RUN, { target: 'llama.cpp' });
    expect(wire).toHaveLength(4);
    expect(wire[1]).toEqual({
      role: 'assistant',
      content: '',
      tool_calls: [
        { id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a"}' } },
        { id: 'c2', type: 'function', function: { name: 'read_file', arguments: '{"path":"b"}' } },
      ],
    });
  });

  it('sends the reasoning of a tool-call turn back to a family whose template reads it, on local servers only', () => {
    const gptOss = familyOf('openai/gpt-oss-20b')!;
    expect(toOpenAIMessages(RUN, { target: 'lmstudio', family: gptOss })[1]).toMatchObject({ reasoning_content: 'I need both files.' });
    expect(toOpenAIMessages(RUN, { target: 'openai', family: gptOss })[1]).not.toHaveProperty('reasoning_content');
    // gpt-oss's template refuses a tool-call turn with both text and thinking.
    const withText: ChatMessage[] = [RUN[0]!, { ...(RUN[1] as Extract<ChatMessage, { role: 'assistant' }>), content: 'Reading.' }, RUN[2]!, RUN[3]!];
    expect(toOpenAIMessages(withText, { target: 'lmstudio', family: gptOss })[1]).not.toHaveProperty('reasoning_content');
    expect(toOpenAIMessages(withText, { target: 'mlx-lm', family: familyOf('Qwen3-8B')! })[1]).toMatchObject({ reasoning_content: 'I need both files.' });
    expect(toOpenAIMessages(RUN, { target: 'lmstudio', family: familyOf('deepseek-r1-distill-qwen-7b')! })[1]).not.toHaveProperty('reasoning_content');
  });

  it('sends a call whose arguments were broken back to a local server with none (llama.cpp refuses text that is not JSON), and as is to OpenAI', () => {
    const broken: ChatMessage[] = [
      { role: 'user', content: 'Read.' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'read_file', argsText: '{"path": "no' }] },
      { role: 'tool', toolCallId: 'c1', name: 'read_file', content: 'The arguments are not valid JSON.' },
    ];
    expect(toOpenAIMessages(broken, { target: 'llama.cpp' })[1]).toMatchObject({ tool_calls: [{ function: { arguments: '{}' } }] });
    expect(toOpenAIMessages(broken, { target: 'openai' })[1]).toMatchObject({ tool_calls: [{ function: { arguments: '{"path": "no' } }] });
  });

  it('sends parallel calls as one call per turn, each with its result, to Llama 3.x', () => {
    const wire = toOpenAIMessages(RUN, { target: 'llama.cpp', family: familyOf('meta-llama/Llama-3.1-8B-Instruct')! });
    expect(wire.map((m) => [m.role, (m.tool_calls as unknown[] | undefined)?.length ?? 0, m.tool_call_id ?? null])).toEqual([
      ['user', 0, null],
      ['assistant', 1, null],
      ['tool', 0, 'c1'],
      ['assistant', 1, null],
      ['tool', 0, 'c2'],
    ]);
  });
});

describe('tool-call ids for Mistral templates', () => {
  it('sends nine letters and digits for any other id, the same for a call and its result, to Mistral families only', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: 'Read.' },
      { role: 'assistant', content: '', toolCalls: [call('33q0oYddUw6qrhJwOMCXKfJaxRID68vp', 'a'), call('a1B2c3D4e', 'b')] },
      { role: 'tool', toolCallId: '33q0oYddUw6qrhJwOMCXKfJaxRID68vp', name: 'read_file', content: 'A' },
      { role: 'tool', toolCallId: 'a1B2c3D4e', name: 'read_file', content: 'B' },
    ];
    const wire = toOpenAIMessages(messages, { target: 'llama.cpp', family: familyOf('mistralai/Mistral-Nemo-Instruct-2407')! });
    const ids = (wire[1]!.tool_calls as { id: string }[]).map((c) => c.id);
    expect(ids[0]).toMatch(/^[A-Za-z0-9]{9}$/);
    expect(ids[1]).toBe('a1B2c3D4e');
    expect(wire.slice(2).map((m) => m.tool_call_id)).toEqual(ids);
    // The same id maps the same way on every turn.
    expect((toOpenAIMessages(messages, { target: 'llama.cpp', family: familyOf('devstral-small')! })[1]!.tool_calls as { id: string }[])[0]!.id).toBe(ids[0]);
    expect((toOpenAIMessages(messages, { target: 'llama.cpp' })[1]!.tool_calls as { id: string }[])[0]!.id).toBe('33q0oYddUw6qrhJwOMCXKfJaxRID68vp');
  });
});

describe('openAIChatBody', () => {
  it('carries the preset as the target server names it, and a cap only when the request has one', () => {
    const preset = { temperature: 0.6, topP: 0.95, topK: 20, minP: 0, repetitionPenalty: 1.1 };
    expect(openAIChatBody({ messages: [] }, { model: 'm', target: 'mlx-lm', preset })).toMatchObject({ temperature: 0.6, top_p: 0.95, top_k: 20, min_p: 0, repetition_penalty: 1.1 });
    expect(openAIChatBody({ messages: [], maxTokens: 10 }, { model: 'm', target: 'ollama', preset })).toEqual({
      model: 'm',
      messages: [],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.6,
      top_p: 0.95,
      max_tokens: 10,
    });
  });
});
