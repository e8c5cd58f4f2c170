import { describe, expect, it } from 'vitest';
import { parseToolArgs } from './toolArgs';

describe('parseToolArgs', () => {
  it('parses a JSON object, and treats empty or null arguments as none', () => {
    expect(parseToolArgs('{"path":"a.txt"}')).toEqual({ ok: true, value: { path: 'a.txt' } });
    expect(parseToolArgs('  ')).toEqual({ ok: true, value: {} });
    expect(parseToolArgs('null')).toEqual({ ok: true, value: {} });
  });

  it('explains invalid JSON and non-objects with an example', () => {
    const bad = parseToolArgs('{"path": "a.txt"');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/^The arguments are not valid JSON \(.+\)\. Send one JSON object, for example/);
    const list = parseToolArgs('["a.txt"]');
    expect(list).toEqual({ ok: false, message: expect.stringContaining('must be one JSON object') });
  });
});
