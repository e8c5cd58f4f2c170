import { describe, expect, it } from 'vitest';
import type { ModelStreamEvent } from '../electron/core/models/types';
import { createReplayModel, replayChunks } from './replayModel';

describe('the replay model', () => {
  it('streams the chunks as the provider reads them', async () => {
    const model = createReplayModel(replayChunks(50));
    const request = { messages: [{ role: 'user' as const, content: 'hi' }] };
    const pushed: ModelStreamEvent[] = [];
    await model.streamTo(request, new AbortController().signal, (e) => pushed.push(e));
    expect(pushed.filter((e) => e.type === 'text-delta')).toHaveLength(50);
    expect(pushed.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });
});
