import { describe, expect, it } from 'vitest';
import { formatStatsLine } from './statsLine';

describe('formatStatsLine', () => {
  it('shows time to first token, speed, token counts and total time', () => {
    expect(formatStatsLine({ ttftMs: 123, tokensPerSecond: 45.67, inputTokens: 12, outputTokens: 80, durationMs: 1900, turns: 1 }, { spec: 'local:', provider: 'local', modelId: 'qwen3' })).toBe(
      'qwen3 · first token 0.12s · 45.7 tok/s · 12 in / 80 out tokens · 1.90s total',
    );
  });

  it('marks what is unknown', () => {
    expect(formatStatsLine({ durationMs: 50, turns: 0 })).toBe('first token – · – tok/s · ? in / ? out tokens · 0.05s total');
  });
});
