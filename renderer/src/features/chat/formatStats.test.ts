import { describe, expect, it } from 'vitest';
import { formatStats } from './formatStats';

describe('formatStats', () => {
  it('lists time to first token, speed, tokens, turns and time', () => {
    const items = formatStats({ ttftMs: 420, tokensPerSecond: 38.26, inputTokens: 1234, outputTokens: 567, turns: 2, durationMs: 12_300 });
    expect(items.map((i) => i.value)).toEqual(['420 ms to first token', '38 tok/s', '1,234 in', '567 out', '2 turns', '12 s total']);
  });

  it('leaves out what is unknown and uses usage when stats lack tokens', () => {
    const items = formatStats({ durationMs: 900, turns: 1, tokensPerSecond: 4.25 }, { outputTokens: 12 });
    expect(items.map((i) => i.key)).toEqual(['speed', 'output', 'duration']);
    expect(items[0]!.value).toBe('4.3 tok/s');
    expect(formatStats(undefined)).toEqual([]);
  });
});
