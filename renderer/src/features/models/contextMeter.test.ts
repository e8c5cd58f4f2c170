import { describe, expect, it } from 'vitest';
import type { RunView } from '../../../../shared/runView';
import { contextMeter, tokensShort } from './contextMeter';

function run(runId: string, prompt: string, answer: string, usage?: RunView['usage']): RunView {
  return {
    runId,
    conversationId: 'c',
    prompt,
    model: { spec: 'local:m', provider: 'local', modelId: 'm' },
    startedAt: 0,
    status: 'finished',
    turn: 1,
    parts: [{ kind: 'text', key: 't', text: answer }],
    tools: {},
    toolOrder: [],
    ...(usage ? { usage } : {}),
    live: false,
  };
}

describe('contextMeter', () => {
  it('shows nothing when the context is unknown', () => {
    expect(contextMeter({ runs: [run('a', 'hi', 'hello')], contextLength: undefined })).toBeUndefined();
  });

  it("uses the server's count of the last request and its answer when it reported one", () => {
    const view = contextMeter({ runs: [run('a', 'x'.repeat(3000), 'y'), run('b', 'hi', 'hello', { inputTokens: 1200, outputTokens: 300 })], contextLength: 8192, source: 'loaded' })!;
    expect(view).toMatchObject({ used: 1500, total: 8192, counted: true, source: 'loaded', level: 'ok' });
    expect(view.fraction).toBeCloseTo(1500 / 8192);
  });

  it('estimates from the text the way the engine does (3 characters a token) when no count came', () => {
    const view = contextMeter({ runs: [run('a', 'x'.repeat(300), 'y'.repeat(600))], contextLength: 4096 })!;
    expect(view.counted).toBe(false);
    expect(view.used).toBe(100 + 200 + 12);
  });

  it('adds the system message and the tool definitions the last run said it sent to the estimate', () => {
    const view = contextMeter({ runs: [{ ...run('a', 'x'.repeat(300), 'y'.repeat(600)), baseTokens: 1800 }], contextLength: 4096 })!;
    expect(view).toMatchObject({ counted: false, used: 1800 + 100 + 200 + 12 });
  });

  it("marks where older messages start to be left out: the context less the answer's room", () => {
    expect(contextMeter({ runs: [], contextLength: 4096 })).toMatchObject({ trimAt: 3072, trimFraction: 0.75, used: 0 });
    expect(contextMeter({ runs: [], contextLength: 32768 })).toMatchObject({ trimAt: 32768 - 4096 });
  });

  it('counts only from the run where the model’s view began, and says when the mark is near or passed', () => {
    const runs = [run('a', 'x'.repeat(9000), ''), run('b', 'y'.repeat(30), '')];
    expect(contextMeter({ runs, contextLength: 4096, contextStart: 'b' })!.used).toBe(10 + 6 + 6);
    expect(contextMeter({ runs: [run('a', 'hi', 'x', { inputTokens: 2600 })], contextLength: 4096 })!.level).toBe('near');
    const over = contextMeter({ runs: [run('a', 'hi', 'x', { inputTokens: 5000 })], contextLength: 4096 })!;
    expect(over).toMatchObject({ level: 'over', fraction: 1 });
  });

  it('writes token counts short', () => {
    expect([tokensShort(950), tokensShort(3210), tokensShort(28_672), tokensShort(1_048_576)]).toEqual(['950', '3.2k', '29k', '1M']);
  });
});
