import { describe, expect, it } from 'vitest';
import { promptOutcome } from './stopReason';

const stats = { durationMs: 1, turns: 1 };

describe('how a run ends answers session/prompt', () => {
  it('finish reasons as stop reasons', () => {
    expect(promptOutcome({ type: 'run-finish', runId: 'r', finishReason: 'stop', text: '', stats })).toEqual({ stopReason: 'end_turn' });
    expect(promptOutcome({ type: 'run-finish', runId: 'r', finishReason: 'other', text: '', stats })).toEqual({ stopReason: 'end_turn' });
    expect(promptOutcome({ type: 'run-finish', runId: 'r', finishReason: 'length', text: '', stats })).toEqual({ stopReason: 'max_tokens' });
    expect(promptOutcome({ type: 'run-finish', runId: 'r', finishReason: 'content-filter', text: '', stats })).toEqual({ stopReason: 'refusal' });
  });

  it('a stop is cancelled; the turn bound is max_turn_requests; other failures are errors', () => {
    expect(promptOutcome({ type: 'run-abort', runId: 'r', partialText: 'x' })).toEqual({ stopReason: 'cancelled' });
    expect(promptOutcome({ type: 'run-error', runId: 'r', error: { code: 'max-turns', message: 'm' }, partialText: '' })).toEqual({ stopReason: 'max_turn_requests' });
    const error = { code: 'server-unavailable' as const, message: 'Local model server not available.' };
    expect(promptOutcome({ type: 'run-error', runId: 'r', error, partialText: '' })).toEqual({ error });
  });
});
