import { describe, expect, it } from 'vitest';
import { createTestModel, TEST_MODEL_REPLY } from './testModel';
import type { ModelStreamEvent } from './types';

const request = { messages: [{ role: 'user' as const, content: 'hi there' }] };

describe('test model', () => {
  it('streams the canned reply word by word, then usage and stop', async () => {
    const events: ModelStreamEvent[] = [];
    await createTestModel({ wordDelayMs: 0 }).streamTo(request, new AbortController().signal, (e) => events.push(e));
    const deltas = events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : []));
    expect(deltas.join('')).toBe(TEST_MODEL_REPLY);
    expect(deltas.length).toBeGreaterThan(5);
    expect(events.at(-2)).toMatchObject({ type: 'usage', usage: { outputTokens: deltas.length } });
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const run = createTestModel({ wordDelayMs: 5 }).streamTo(request, controller.signal, (e) => {
      if (e.type === 'text-delta') seen.push(e.text);
      if (seen.length === 2) controller.abort();
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toHaveLength(2);
  });
});
