import { describe, expect, it } from 'vitest';
import { parseToolCallBody, ToolCallTextFilter } from './toolCallTextRecovery';

function feed(deltas: string[]) {
  const f = new ToolCallTextFilter();
  let text = '';
  const calls: Array<{ name: string; argsText: string }> = [];
  const shown: string[] = [];
  for (const d of deltas) {
    const o = f.push(d);
    text += o.text;
    shown.push(o.text);
    calls.push(...o.calls);
  }
  const end = f.flush();
  text += end.text;
  calls.push(...end.calls);
  return { text, calls, shown };
}

const CALL = '<tool_call>\n{"name": "read_file", "arguments": {"path": "notes.md"}}\n</tool_call>';

describe('ToolCallTextFilter', () => {
  it('passes plain text through unchanged', () => {
    expect(feed(['Hello ', 'world.'])).toMatchObject({ text: 'Hello world.', calls: [] });
  });

  it('recovers a call written in one delta and hides the tag', () => {
    const r = feed([`Let me look. ${CALL}`]);
    expect(r.text).toBe('Let me look. ');
    expect(r.calls).toEqual([{ name: 'read_file', argsText: '{"path":"notes.md"}' }]);
  });

  it('recovers a call whose tags are split across deltas, never showing tag text', () => {
    const chars = [...`Sure.${CALL}Done.`];
    const r = feed(chars);
    expect(r.text).toBe('Sure.Done.');
    expect(r.calls).toHaveLength(1);
    expect(r.shown.join('')).not.toContain('<');
  });

  it('splits at every position of the opening and closing tags', () => {
    const whole = `A${CALL}B`;
    for (let i = 1; i < whole.length; i++) {
      const r = feed([whole.slice(0, i), whole.slice(i)]);
      expect(r.text).toBe('AB');
      expect(r.calls).toEqual([{ name: 'read_file', argsText: '{"path":"notes.md"}' }]);
    }
  });

  it('recovers several calls', () => {
    const r = feed([CALL, CALL.replace('notes.md', 'b.md')]);
    expect(r.calls.map((c) => c.argsText)).toEqual(['{"path":"notes.md"}', '{"path":"b.md"}']);
  });

  it('releases a held-back "<" that turns out not to be a tag', () => {
    const r = feed(['a <', 'b and <tool', '_x>']);
    expect(r.text).toBe('a <b and <tool_x>');
    expect(r.calls).toEqual([]);
  });

  it('keeps text ending in a partial tag at the end of the stream', () => {
    expect(feed(['x <tool_ca']).text).toBe('x <tool_ca');
  });

  it('accepts an unclosed final tag when its body parses', () => {
    const r = feed(['<tool_call>{"name":"list_files","arguments":{}}']);
    expect(r).toMatchObject({ text: '', calls: [{ name: 'list_files', argsText: '{}' }] });
  });

  it('shows an unclosed tag that is not a call as text', () => {
    expect(feed(['<tool_call>just words']).text).toBe('<tool_call>just words');
  });

  it('shows a closed tag without a tool name as text', () => {
    expect(feed(['<tool_call>hello</tool_call>']).text).toBe('<tool_call>hello</tool_call>');
  });
});

describe('parseToolCallBody', () => {
  it('reads arguments given as an object, a string, or as parameters', () => {
    expect(parseToolCallBody('{"name":"a","arguments":{"x":1}}')).toEqual({ name: 'a', argsText: '{"x":1}' });
    expect(parseToolCallBody('{"name":"a","arguments":"{\\"x\\":1}"}')).toEqual({ name: 'a', argsText: '{"x":1}' });
    expect(parseToolCallBody('{"name":"a","parameters":{"y":2}}')).toEqual({ name: 'a', argsText: '{"y":2}' });
    expect(parseToolCallBody('{"name":"a"}')).toEqual({ name: 'a', argsText: '{}' });
  });

  it('keeps invalid JSON arguments raw when a name is there', () => {
    expect(parseToolCallBody('{"name": "read_file", "arguments": {"path": "a}')).toEqual({ name: 'read_file', argsText: '{"path": "a' });
  });

  it('rejects bodies without a tool name', () => {
    expect(parseToolCallBody('[1,2]')).toBeUndefined();
    expect(parseToolCallBody('{"arguments":{}}')).toBeUndefined();
    expect(parseToolCallBody('not json')).toBeUndefined();
  });
});

describe('ToolCallTextFilter.passes', () => {
  it('lets text without a tag start through untouched, and holds back once a tag may begin', () => {
    const f = new ToolCallTextFilter();
    expect(f.passes('plain words')).toBe(true);
    expect(f.passes('a < b')).toBe(false);
    expect(f.push('then <tool')).toEqual({ text: 'then ', calls: [] });
    // Something is held back now: even plain text must go through push.
    expect(f.passes('more')).toBe(false);
    expect(f.push('_x').text).toBe('<tool_x');
    expect(f.passes('after')).toBe(true);
  });
});
