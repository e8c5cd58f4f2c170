import { describe, expect, it } from 'vitest';
import { parseJsonc, setJsoncMember } from './jsonc';

const ZED = `// Zed settings
//
// For information on how to configure Zed, see the Zed
// documentation: https://zed.dev/docs/configuring-zed
{
  "theme": "One Dark", // the theme
  /* fonts */
  "buffer_font_size": 15,
  "url": "http://example.com/*not a comment*/",
  "languages": { "Rust": { "tab_size": 4, }, },
}
`;

describe('JSON with comments', () => {
  it('parses comments, trailing commas and strings that look like comments', () => {
    const parsed = parseJsonc(ZED);
    expect(parsed.ok && parsed.value).toEqual({
      theme: 'One Dark',
      buffer_font_size: 15,
      url: 'http://example.com/*not a comment*/',
      languages: { Rust: { tab_size: 4 } },
    });
  });

  it('says where a broken file fails', () => {
    expect(parseJsonc('{\n  "a": 1\n  "b": 2\n}')).toEqual({ ok: false, error: { message: 'expected , or } after "a"', line: 3, column: 3 } });
    expect(parseJsonc('{ /* open')).toMatchObject({ ok: false, error: { message: 'a comment is never closed (missing */)' } });
    expect(parseJsonc('{"a": 01}')).toMatchObject({ ok: false });
    expect(parseJsonc('{"a": 1} x')).toMatchObject({ ok: false, error: { message: 'unexpected text after the end' } });
    expect(parseJsonc('['.repeat(1000))).toMatchObject({ ok: false, error: { message: 'the file nests too deeply' } });
    expect(parseJsonc('{"__proto__": {"polluted": true}}')).toMatchObject({ ok: true, value: { ['__proto__']: { polluted: true } } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('adds a member at the end of an object with a trailing comma, keeping every comment', () => {
    const out = setJsoncMember(ZED, ['agent_servers', 'Punie'], { command: 'punie', args: ['acp'] });
    expect(out).toBe(`// Zed settings
//
// For information on how to configure Zed, see the Zed
// documentation: https://zed.dev/docs/configuring-zed
{
  "theme": "One Dark", // the theme
  /* fonts */
  "buffer_font_size": 15,
  "url": "http://example.com/*not a comment*/",
  "languages": { "Rust": { "tab_size": 4, }, },
  "agent_servers": {
    "Punie": {
      "command": "punie",
      "args": [
        "acp"
      ]
    }
  }
}
`);
    expect(parseJsonc(out).ok).toBe(true);
  });

  it('adds a comma after a last member that has none, past a comment on its line', () => {
    const out = setJsoncMember('{\n\t"a": 1 // one\n}', ['b'], 2);
    expect(out).toBe('{\n\t"a": 1, // one\n\t"b": 2\n}');
  });

  it('adds into an existing object and replaces an existing member in place', () => {
    const text = '{\n  "agent_servers": {\n    "Other": { "command": "x" }\n  },\n  "after": true\n}\n';
    const added = setJsoncMember(text, ['agent_servers', 'Punie'], { command: 'p' });
    expect(added).toBe('{\n  "agent_servers": {\n    "Other": { "command": "x" },\n    "Punie": {\n      "command": "p"\n    }\n  },\n  "after": true\n}\n');
    const replaced = setJsoncMember(added, ['agent_servers', 'Punie'], { command: 'q' });
    expect(replaced).toBe(added.replace('"command": "p"', '"command": "q"'));
  });

  it('an empty file or one with only comments gets the object after them', () => {
    expect(setJsoncMember('', ['a', 'b'], 1)).toBe('{\n  "a": {\n    "b": 1\n  }\n}\n');
    expect(setJsoncMember('// my settings\n', ['a'], 1)).toBe('// my settings\n{\n  "a": 1\n}\n');
    expect(setJsoncMember('{}', ['a'], 1)).toBe('{\n  "a": 1\n}');
  });

  it('refuses what is not an object on the way', () => {
    expect(() => setJsoncMember('[1]', ['a'], 1)).toThrow(/other than a JSON object/);
    expect(() => setJsoncMember('{"agent_servers": []}', ['agent_servers', 'Punie'], 1)).toThrow(/"agent_servers" is not an object/);
    expect(() => setJsoncMember('{"a": ', ['a'], 1)).toThrow(/line 1/);
  });
});
