import { describe, expect, it } from 'vitest';
import { FINISH, readUsage } from './openaiChunk';

describe('readUsage', () => {
  it('reads the counts a server sends, whichever are there', () => {
    expect(readUsage({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 })).toEqual({ inputTokens: 3, outputTokens: 2, totalTokens: 5 });
    expect(readUsage({ completion_tokens: 9 })).toEqual({ outputTokens: 9 });
  });

  it('ignores what is not a count', () => {
    expect(readUsage(null)).toBeUndefined();
    expect(readUsage('5')).toBeUndefined();
    expect(readUsage({})).toBeUndefined();
    expect(readUsage({ prompt_tokens: -1, completion_tokens: 1.5, total_tokens: '3' })).toBeUndefined();
  });
});

describe('FINISH', () => {
  it('normalises the finish reasons servers send', () => {
    expect(FINISH).toMatchObject({ stop: 'stop', length: 'length', tool_calls: 'tool-calls', function_call: 'tool-calls', content_filter: 'content-filter' });
  });
});
