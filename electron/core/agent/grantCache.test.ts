import { describe, expect, it } from 'vitest';
import { createGrantCache } from './grantCache';

describe('grant cache', () => {
  it('gives a conversation the same grants in every run, another conversation its own', () => {
    const cache = createGrantCache();
    cache.forConversation('a').programs.add('npm');
    expect([...cache.forConversation('a').programs]).toEqual(['npm']);
    expect(cache.forConversation('b').programs.size).toBe(0);
  });

  it('forgets the least recently used conversation past its bound', () => {
    const cache = createGrantCache(2);
    cache.forConversation('a').tools.add('write_file');
    cache.forConversation('b').tools.add('write_file');
    cache.forConversation('a'); // a is now more recent than b
    cache.forConversation('c').tools.add('write_file');
    expect(cache.forConversation('a').tools.has('write_file')).toBe(true);
    expect(cache.forConversation('b').tools.has('write_file')).toBe(false);
  });
});
