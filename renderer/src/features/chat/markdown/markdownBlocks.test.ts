import { describe, expect, it } from 'vitest';
import { splitMarkdownBlocks } from './markdownBlocks';

describe('splitMarkdownBlocks', () => {
  it('splits paragraphs at blank lines and keeps the growing tail last', () => {
    expect(splitMarkdownBlocks('# Title\n\nFirst para\nstill first.\n\nSecond is grow')).toEqual(['# Title', 'First para\nstill first.', 'Second is grow']);
  });

  it('never splits inside a code fence, even an unclosed one', () => {
    const text = 'Here:\n\n```ts\nconst a = 1;\n\nconst b = 2;\n```\n\nAfter.';
    expect(splitMarkdownBlocks(text)).toEqual(['Here:', '```ts\nconst a = 1;\n\nconst b = 2;\n```', 'After.']);
    expect(splitMarkdownBlocks('Code:\n\n```\nx\n\ny')).toEqual(['Code:', '```\nx\n\ny']);
  });

  it('needs a matching fence to close (a longer opener, the other fence character)', () => {
    const text = '````md\n```\ninner\n```\n\nstill inside\n````\n\nout';
    expect(splitMarkdownBlocks(text)).toEqual(['````md\n```\ninner\n```\n\nstill inside\n````', 'out']);
    expect(splitMarkdownBlocks('~~~\na\n```\n\nb\n~~~\n\nc')).toEqual(['~~~\na\n```\n\nb\n~~~', 'c']);
  });

  it('keeps indented continuations with their block', () => {
    const text = '- item one\n\n    more about one\n- item two\n\nNext';
    expect(splitMarkdownBlocks(text)).toEqual(['- item one\n\n    more about one\n- item two', 'Next']);
  });

  it('keeps a trailing blank line from making an empty block and reassembles the text', () => {
    const text = 'A\n\nB\n\n';
    const blocks = splitMarkdownBlocks(text);
    expect(blocks).toEqual(['A', 'B']);
    expect(splitMarkdownBlocks('')).toEqual(['']);
  });
});
