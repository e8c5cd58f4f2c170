import { describe, expect, it } from 'vitest';
import { generationRate, llamaEvalRate, readColdSdkStream, readPunieStream, readSseStream } from './streamReaders';
import { LineSplitter } from './timedProcess';

const chunk = (content: string | null, extra: Record<string, unknown> = {}) =>
  `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: null }], ...extra })}`;

describe('line splitting', () => {
  it('joins pieces into whole lines and keeps a last line without a newline', () => {
    const s = new LineSplitter();
    expect(s.push('ab')).toEqual([]);
    expect(s.push('c\r\nde\nf')).toEqual(['abc', 'de']);
    expect(s.push('')).toEqual([]);
    expect(s.end()).toEqual(['f']);
    expect(s.end()).toEqual([]);
  });
});

describe('reading curl -N output', () => {
  it('times the first and last text chunks and takes the usage report', () => {
    const t = readSseStream(
      [
        { at: 5, line: chunk(null) },
        { at: 5, line: '' },
        { at: 7, line: chunk(' the') },
        { at: 9, line: ': keepalive' },
        { at: 9, line: chunk(' of') },
        { at: 10, line: chunk('', { usage: undefined }) },
        { at: 11, line: `data: ${JSON.stringify({ choices: [], usage: { completion_tokens: 2, prompt_tokens: 40 } })}` },
        { at: 11, line: 'data: [DONE]' },
        { at: 11, line: 'data: {broken' },
      ],
      1,
      12,
    );
    expect(t).toEqual({ startedAt: 1, endedAt: 12, firstTokenAt: 7, lastTokenAt: 9, tokenChunks: 2, textChars: 7, usageTokens: 2, promptTokens: 40 });
  });
});

describe('reading punie ask --json output', () => {
  const runId = 'run-1';
  const line = (at: number, event: unknown) => ({ at, line: JSON.stringify(event) });

  it('times the text deltas, takes usage and the CLI’s own stats, and counts stray lines', () => {
    const stats = { durationMs: 30, turns: 1, ttftMs: 12, tokensPerSecond: 200, outputTokens: 3 };
    const t = readPunieStream(
      [
        line(100, { type: 'run-start', runId, conversationId: 'c', model: { spec: 'local:', provider: 'local', modelId: 'tiny' }, prompt: 'p', startedAt: 1 }),
        line(110, { type: 'text-delta', runId, delta: ' the' }),
        { at: 111, line: 'not json' },
        line(112, { type: 'text-delta', runId, delta: '' }),
        line(115, { type: 'text-delta', runId, delta: ' of it' }),
        line(116, { type: 'usage', runId, usage: { inputTokens: 40, outputTokens: 3 } }),
        line(116, { type: 'run-finish', runId, finishReason: 'length', text: ' the of it', stats }),
        line(116, { type: 'no-such-event', runId }),
      ],
      90,
      120,
    );
    expect(t).toEqual({ startedAt: 90, endedAt: 120, firstTokenAt: 110, lastTokenAt: 115, tokenChunks: 2, textChars: 10, usageTokens: 3, promptTokens: 40, end: 'run-finish', stats, strayLines: 2 });
  });

  it('keeps the error of a failed run', () => {
    const t = readPunieStream([line(1, { type: 'run-error', runId, error: { code: 'server-unavailable', message: 'No server.' }, partialText: '' })], 0, 2);
    expect(t.end).toBe('run-error');
    expect(t.error).toBe('No server.');
  });
});

describe('generation rate', () => {
  it('counts tokens after the first over the time from first to last', () => {
    expect(generationRate({ startedAt: 0, endedAt: 0, firstTokenAt: 1000, lastTokenAt: 2000, tokenChunks: 50, textChars: 0, usageTokens: 101 })).toBe(100);
    expect(generationRate({ startedAt: 0, endedAt: 0, firstTokenAt: 0, lastTokenAt: 500, tokenChunks: 11, textChars: 0 })).toBe(20);
    expect(generationRate({ startedAt: 0, endedAt: 0, tokenChunks: 0, textChars: 0 })).toBeNaN();
  });
});

describe('llama-server timing lines', () => {
  it('reads the generation rate, not the prompt’s', () => {
    expect(llamaEvalRate('0.02.537.217 I slot print_timing: id  0 | task 0 |        eval time =    1000.00 ms /   482 tokens (    2.07 ms per token,   482.00 tokens per second)')).toBe(482);
    expect(llamaEvalRate('0.02.536.613 I slot print_timing: id  0 | task 0 | prompt eval time =       9.29 ms /    30 tokens (    0.31 ms per token,  3227.89 tokens per second)')).toBeUndefined();
    expect(llamaEvalRate('listening on http://127.0.0.1:1')).toBeUndefined();
  });
});

describe('reading the cold SDK client', () => {
  it('times its text lines and takes its own clock and usage from its last line', () => {
    const t = readColdSdkStream(
      [
        { at: 40, line: '{"text":"Hello"}' },
        { at: 41, line: 'not json' },
        { at: 43, line: '{"text":" there"}' },
        { at: 44, line: '{"done":true,"requestToFirstTokenMs":12.5,"usage":{"completion_tokens":2,"prompt_tokens":9}}' },
      ],
      0,
      50,
    );
    expect(t).toMatchObject({ firstTokenAt: 40, lastTokenAt: 43, tokenChunks: 2, textChars: 11, done: true, requestToFirstTokenMs: 12.5, usageTokens: 2, promptTokens: 9 });
  });

  it('is not done without its last line (the client failed)', () => {
    expect(readColdSdkStream([{ at: 1, line: '{"text":"a"}' }], 0, 2).done).toBe(false);
  });
});
