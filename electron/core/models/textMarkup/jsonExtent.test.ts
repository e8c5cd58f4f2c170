import { describe, expect, it } from 'vitest';
import { JsonExtent } from './jsonExtent';

function endOf(pieces: string[]): number {
  const scan = new JsonExtent();
  let text = '';
  for (const piece of pieces) {
    const from = text.length;
    text += piece;
    const end = scan.feed(text, from);
    if (end !== -1) return end;
  }
  return -1;
}

describe('JsonExtent', () => {
  it('finds the end of an object with nested values, brackets and escaped quotes inside strings', () => {
    const json = '{"a": [1, {"b": "x}]\\"{"}], "c": "\\\\"}';
    expect(endOf([json + ' tail'])).toBe(json.length);
  });

  it('gives the same end however the text is split', () => {
    const json = '[{"name": "read_file", "arguments": {"path": "a\\"}b.md"}}]';
    for (let i = 1; i < json.length; i++) expect(endOf([json.slice(0, i), json.slice(i), 'more'])).toBe(json.length);
  });

  it('says not yet for an open value and no for text that is not an object or array', () => {
    expect(endOf(['{"a": ', '"b"'])).toBe(-1);
    expect(new JsonExtent().feed('"text"', 0)).toBe(-2);
  });
});
