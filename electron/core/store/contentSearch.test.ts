import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContentCache, matchesAll, searchableText, searchTerms } from './contentSearch';
import { encodeRecord } from './records';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'punie-search-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('content search', () => {
  it('splits a query into lower-case terms that must all match', () => {
    expect(searchTerms('  Vite  CONFIG ')).toEqual(['vite', 'config']);
    expect(matchesAll('the vite config file', ['vite', 'config'])).toBe(true);
    expect(matchesAll('the vite file', ['vite', 'config'])).toBe(false);
  });

  it('searches prompts and answers (with streamed appends), not tool output', async () => {
    const path = join(dir, 'c.jsonl');
    await writeFile(
      path,
      [
        encodeRecord({ t: 'meta', id: 'c', createdAt: 1, title: '' }),
        encodeRecord({ t: 'msg', at: 1, message: { role: 'user', id: 'u', content: 'Where is "Quoted"\nthing?', createdAt: 1 } }),
        encodeRecord({ t: 'msg', at: 1, message: { role: 'assistant', id: 'a', content: 'In ', createdAt: 1 } }),
        encodeRecord({ t: 'append', at: 1, messageId: 'a', content: 'Main.ts' }),
        encodeRecord({ t: 'msg', at: 1, message: { role: 'tool', id: 't', toolCallId: 'x', name: 'read_file', content: 'SECRET_TOOL_OUTPUT', createdAt: 1 } }),
        '{"torn',
      ].join(''),
    );
    const text = await searchableText(path, new AbortController().signal);
    expect(text).toContain('where is "quoted"\nthing?');
    expect(text).toContain('main.ts');
    expect(text).not.toContain('secret_tool_output');
  });

  it('caches per file version and within a size budget', () => {
    const cache = new ContentCache(10);
    cache.set('a', 1, 1, 'hello');
    expect(cache.get('a', 1, 1)).toBe('hello');
    expect(cache.get('a', 2, 1)).toBeUndefined();
    cache.set('b', 1, 1, 'too long for it');
    expect(cache.get('b', 1, 1)).toBeUndefined();
    cache.delete('a');
    cache.set('c', 1, 1, 'fits now!!');
    expect(cache.get('c', 1, 1)).toBe('fits now!!');
  });
});
